// File: sim/fit/sample_fit.cpp
#include "sim/fit/sample_fit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/error.hpp"
#include "sim/fit/mle.hpp"

namespace servesim::fit {

double percentile(std::span<const double> sorted, double q) {
  SERVESIM_ASSERT(!sorted.empty(), "percentile: no samples");
  const double pos = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

SampleFit fit_samples(std::span<const double> samples) {
  SERVESIM_ASSERT(samples.size() >= 2, "fit_samples: needs at least 2 samples");
  std::vector<double> sorted(samples.begin(), samples.end());
  std::sort(sorted.begin(), sorted.end());

  SampleFit out;
  out.summary.n = sorted.size();
  out.summary.min = sorted.front();
  out.summary.max = sorted.back();
  double sum = 0;
  for (const double x : sorted) sum += x;
  out.summary.mean = sum / static_cast<double>(sorted.size());
  out.summary.median = percentile(sorted, 0.5);
  out.summary.p99 = percentile(sorted, 0.99);

  for (const dist::Family family : fitted_families()) {
    FamilyFit row;
    row.family = family;
    MleFit mle = fit_family(family, sorted);
    row.ok = mle.ok;
    row.why_not = std::move(mle.why_not);
    if (row.ok) {
      row.spec = std::move(mle.spec);
      row.gof = goodness_of_fit(row.spec, sorted);
      const int index = static_cast<int>(out.families.size());
      if (std::isfinite(row.gof.ad_a2) &&
          (out.best < 0 ||
           row.gof.ad_a2 < out.families[static_cast<std::size_t>(out.best)].gof.ad_a2)) {
        out.best = index;
      }
    }
    out.families.push_back(std::move(row));
  }
  return out;
}

dist::DistributionSpec scaled_to_mean(const dist::DistributionSpec& spec, double mean) {
  const double current = dist::mean_of(spec);
  SERVESIM_ASSERT(current > 0 && std::isfinite(current), "scaled_to_mean: needs a finite mean");
  return dist::scaled(spec, mean / current);
}

std::string describe_parameters(const dist::DistributionSpec& spec) {
  switch (spec.family) {
    case dist::Family::kConstant:
      return fmt::format("value={:.6g}", spec.value);
    case dist::Family::kExponential:
      return fmt::format("mean={:.6g}", spec.mean);
    case dist::Family::kLognormal:
      return fmt::format("mu={:.6g} sigma={:.6g}", spec.mu, spec.sigma);
    case dist::Family::kGamma:
      return fmt::format("mean={:.6g} cv={:.6g}", spec.mean, spec.cv);
    case dist::Family::kWeibull:
    case dist::Family::kPareto:
      return fmt::format("shape={:.6g} scale={:.6g}", spec.shape, spec.scale);
    case dist::Family::kShiftedExponential:
      return fmt::format("shift={:.6g} mean={:.6g}", spec.shift, spec.mean);
    case dist::Family::kEmpirical:
      return fmt::format("file={}", spec.source_file);
    case dist::Family::kUniform:
      return fmt::format("min={:.6g} max={:.6g}", spec.min, spec.max);
  }
  return "";
}

}  // namespace servesim::fit
