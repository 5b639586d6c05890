// File: sim/cluster/model_config.hpp
//
// A model's service-time profile: a latency distribution per measured batch size (ms), plus the
// provenance that profiles in models/profiles/ carry. Sizes between measured ones are
// interpolated (quantile interpolation); sizes above the largest are extrapolated linearly from
// the two largest (see cluster/service_model.hpp).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::cluster {

struct ModelConfig {
  std::string name;
  std::map<int, dist::DistributionSpec> latency_by_batch;  // batch size (>= 1) -> ms
  // Service times are multiplied by this (> 0): a profile measured on one device standing for a
  // slower one (scale the service time, not the arrival rate). 1 = as measured.
  double time_scale = 1;
  std::optional<double> accuracy;  // top-1 of a primary answer, in [0, 1], if known
  std::string profile;             // file the profile came from, "" when inline
  std::string hardware;
  std::string source;
};

}  // namespace servesim::cluster
