// File: sim/policy/redundancy/redundancy_config.hpp
//
// Which redundancy scheme the frontend applies, and its parameters. `kind` is a key of the
// redundancy registry (policy/redundancy/registry.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/dist/distribution_spec.hpp"

namespace servesim::policy {

struct RedundancyConfig {
  std::string kind = "none";  // a row of the registry: none, equal_resources, replicate, ...
  // equal_resources: the pool grows to ceil(n (k + r) / k) instances, the resources a k,r code
  // would use. replicate: r extra copies per request. >= 1.
  int k = 2;
  int r = 1;
  // hedge: send a second copy after `delay` ms ...
  double delay = 0;  // >= 0
  // ... or, when percentile > 0, after the `percentile`-th percentile ([1, 100)) of the last
  // `window` first-copy latencies, once `min_samples` have been seen (until then after `delay`
  // if > 0, else no hedge). See hedge.hpp for censoring.
  double percentile = 0;
  int min_samples = 100;
  int window = 1000;  // >= 1
  // replicate, hedge: share of requests that get redundancy, in (0, 1]; drawn per request from
  // the stream "redundancy/fraction".
  double fraction = 1;
  // replicate, hedge: "normal", or "low" = replica copies queue behind first copies in every
  // pool queue (tied requests with low-priority duplicates, Dean & Barroso 2013).
  std::string copy_priority = "normal";

  // parity, backup: the pool that serves parity or backup queries, by name. parity: "" = a pool
  // named "parity" if the scenario has one, else one made from the first pool's model with
  // ceil(n r / k) instances (ParM: n/k for r = 1). backup: "" = a pool named "backup".
  std::string pool;
  // Set by run/ when it builds the simulation: the index of that pool among the built pools,
  // and the run's seed and replication (for the encoder/decoder latency streams).
  int pool_index = 1;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  // parity: encoding latency (ms), paid once the k-th member of a group has arrived, and the size
  // of each parity query (ParM: a 3x224x224 float32 tensor, 602,112 bytes).
  std::optional<dist::DistributionSpec> encoder_latency;
  double parity_bytes = 0;
  // parity: decoding latency (ms), paid once any k of a group's k + r outputs are back.
  std::optional<dist::DistributionSpec> decoder_latency;
  // parity: encode a partial group once its first member has waited this long (ms); 0 = never
  // (ParM). An extension, off by default.
  double fill_timeout = 0;
  // parity: coded batches. Set by run/ from the deployed pool's batching when it is > 1: the
  // frontend then forms batches of unit_size requests, k of which make a coding group, and the
  // pools serve each as one batch; unit_timeout (ms, 0 = wait for a full batch) sends a partial
  // one. 1 = groups of requests.
  int unit_size = 1;
  double unit_timeout = 0;
  // Any kind: answer with a default prediction (Clipper) when a request is still unanswered this
  // long (ms) after reaching the frontend; 0 = never.
  double default_after = 0;
  // backup: serve the backup's answer only once the request has been out this long (ms);
  // 0 = the running median of primary latency, as ParM scored its approximate-backup baseline.
  double timeout = 0;

  // parity/backup accuracy: a row of an accuracy table (models/accuracy/*.csv) keyed by dataset,
  // model, k, r, encoder and decoder; io resolves it into the fields below.
  struct AccuracyRow {
    std::string table;  // resolved path
    std::string dataset;
    std::string model;
    std::string encoder;  // "" matches a row with an empty encoder column
    std::string decoder;
  };
  std::optional<AccuracyRow> accuracy;
  // Expected accuracy of each path, resolved by io from the accuracy table and model profiles.
  // nullopt = unknown (then summary accuracy is null).
  std::optional<double> available_accuracy;  // a primary (or replica) answer
  std::optional<double> degraded_accuracy;   // a reconstructed answer
  std::optional<double> backup_accuracy;     // the backup model's answer
  std::optional<double> default_accuracy;    // a default prediction
};

}  // namespace servesim::policy
