// File: sim/policy/keep_alive/keep_alive_config.hpp
//
// How long a serverless platform keeps an idle sandbox (execution environment) alive, and
// whether it unloads it and pre-warms a new one later. `policy` is a key of the keep-alive
// registry (policy/keep_alive/registry.cpp). Every policy accepts every field (a sweep may switch
// the policy); each uses only its own.
#pragma once

#include <cstdint>
#include <string>

namespace servesim::policy {

struct KeepAliveConfig {
  std::string policy = "fixed";  // fixed | hybrid_histogram

  // fixed: an idle sandbox dies `ttl_s` seconds after its last invocation ended. >= 0.
  // Default 360 s [I]: in the 2021 AWS Lambda measurements P(cold start | idle minutes) is 0 up
  // to 3 min, 0.003 at 4-5 min, 0.41 at 6 min and 1 from 7 min (empirical.md §3.4, S12
  // coldstart_aws_interval.json, copied to models/serverless/data/); 6 min is where the
  // measured curve jumps. Older values: 10 min (2019), 25-60 min (before July 2019).
  double ttl_s = 360;

  // hybrid_histogram: Shahrad et al., "Serverless in the Wild", USENIX ATC'20, §4.2 (empirical.md
  // §3.10). Defaults are the paper's as summarised there; the margin, CV and out-of-bounds
  // thresholds as in two independent re-implementations (osukhoroslov/dslab
  // crates/dslab-faas/src/extra/hybrid_histogram.rs @ f332bdbd: cv_thr 2, oob_thr 0.5,
  // hist_margin 0.1; an OpenWhisk port, cvThreshold 2.0). See docs/serverless.md.
  double bin_s = 60;       // histogram bin width, seconds (1 minute). > 0
  double range_s = 14400;  // histogram range, seconds (4 h); also the fallback keep-alive. > 0
  // Pre-warm at this percentile of idle times, in [0, 100]; keep alive until the tail
  // percentile, in [head_percentile, 100].
  double head_percentile = 5;
  double tail_percentile = 99;
  // Pre-warm (1 - margin) earlier and keep alive (1 + margin) longer. [0, 1)
  double margin = 0.1;
  // The histogram is representative only if the CV of its bin counts is >= cv_threshold
  // (>= 0) and fewer than oob_threshold (in (0, 1]) of all idle times exceed range_s.
  double cv_threshold = 2;
  double oob_threshold = 0.5;
  // Fall back until this many idle times fell inside the range. >= 1. Default 1: the
  // re-implementations above ask for no minimum beyond the CV test.
  std::int64_t min_samples = 1;
};

}  // namespace servesim::policy
