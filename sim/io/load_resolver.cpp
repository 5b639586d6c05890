// File: sim/io/load_resolver.cpp
#include "sim/io/load_resolver.hpp"

#include <cmath>
#include <numeric>
#include <vector>

#include "sim/cluster/service_model.hpp"
#include "sim/core/error.hpp"
#include "sim/dist/distribution_spec.hpp"

namespace servesim::io {

namespace {

double background_factor(const cluster::BackgroundLoadConfig& load) {
  if (load.schedule.empty()) return 1;
  if (load.period <= 0) return load.schedule.back().factor;
  double area = 0;
  for (std::size_t idx = 0; idx < load.schedule.size(); ++idx) {
    const double start = load.schedule[idx].at;
    const double end = idx + 1 < load.schedule.size() ? load.schedule[idx + 1].at : load.period;
    area += load.schedule[idx].factor * std::max(0.0, std::min(end, load.period) - start);
  }
  return area / load.period;
}

// Stationary distribution of the mmpp's state chain (pi Q = 0, sum pi = 1), by Gaussian
// elimination on Q^T with the last equation replaced by the normalisation.
std::vector<double> stationary(const std::vector<std::vector<double>>& switch_rates) {
  const std::size_t n = switch_rates.size();
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t from = 0; from < n; ++from) {
    double leave = 0;
    for (std::size_t to = 0; to < n; ++to) {
      if (to == from) continue;
      a[to][from] += switch_rates[from][to];
      leave += switch_rates[from][to];
    }
    a[from][from] -= leave;
  }
  for (std::size_t col = 0; col < n; ++col) a[n - 1][col] = 1;
  a[n - 1][n] = 1;
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t row = col + 1; row < n; ++row) {
      if (std::fabs(a[row][col]) > std::fabs(a[pivot][col])) pivot = row;
    }
    std::swap(a[col], a[pivot]);
    for (std::size_t row = 0; row < n; ++row) {
      if (row == col || a[col][col] == 0) continue;
      const double factor = a[row][col] / a[col][col];
      for (std::size_t k = col; k <= n; ++k) a[row][k] -= factor * a[col][k];
    }
  }
  std::vector<double> pi(n);
  for (std::size_t idx = 0; idx < n; ++idx) pi[idx] = a[idx][n] / a[idx][idx];
  return pi;
}

}  // namespace

LoadResolution resolve_load(const scenario::ScenarioConfig& config, double load) {
  if (config.platform.kind == cluster::PlatformKind::kServerless) {
    throw core::ConfigError(
        "workload.load: not defined for a serverless platform (its instances are not fixed); "
        "give workload.arrival.rate instead");
  }
  const cluster::PoolConfig& pool = config.pools.front();
  const int batch = pool.batching.max_batch;
  const cluster::ServiceModel model(config.models.at(pool.model), batch);
  const auto& interference = config.interference;
  const double n = pool.instances;
  double slowdown = 1 + interference.stragglers.fraction *
                            (dist::mean_of(interference.stragglers.slowdown) - 1);
  if (interference.episodes.enabled) {
    const auto& episodes = interference.episodes;
    const double affected = std::floor(episodes.instance_fraction * n) / n;
    const double on = dist::mean_of(episodes.on);
    const double off = dist::mean_of(episodes.off);
    const double duty = on + off > 0 ? on / (on + off) : 0;
    slowdown *= 1 + affected * duty * (dist::mean_of(episodes.slowdown) - 1);
  }
  double background = 1;
  for (const auto& load_config : interference.background) {
    if (load_config.pool != pool.name) continue;
    background += static_cast<double>(load_config.instances.size()) *
                  (background_factor(load_config) - 1) / n;
  }
  slowdown *= background;
  LoadResolution out;
  out.slowdown = slowdown;
  out.mean_service_ms = model.mean_ms(batch) * slowdown;
  out.rate_per_s = load * n * batch / out.mean_service_ms * 1000;
  return out;
}

void apply_load(scenario::ScenarioConfig& config) {
  if (config.workload.load <= 0) return;
  const double rate = resolve_load(config, config.workload.load).rate_per_s;
  cluster::ArrivalConfig& arrival = config.workload.arrival;
  switch (arrival.kind) {
    case cluster::ArrivalKind::kPoisson:
    case cluster::ArrivalKind::kGamma:
      arrival.rate = rate;
      break;
    case cluster::ArrivalKind::kMmpp: {
      const std::vector<double> pi = stationary(arrival.switch_rates);
      double mean = 0;
      for (std::size_t idx = 0; idx < pi.size(); ++idx) mean += pi[idx] * arrival.rates[idx];
      for (double& state_rate : arrival.rates) state_rate *= rate / mean;
      break;
    }
    case cluster::ArrivalKind::kTrace: {
      const auto& trace = *arrival.trace;
      const double arrivals =
          trace.interval_s > 0
              ? static_cast<double>(std::accumulate(trace.counts.begin(), trace.counts.end(),
                                                    std::uint64_t{0}))
              : static_cast<double>(trace.times_s.size());
      if (!(arrivals > 0) || !(trace.span_s > 0)) {
        throw core::ConfigError("workload.load: the trace has no arrivals to scale");
      }
      arrival.speedup = rate / (arrivals / trace.span_s);
      break;
    }
  }
  config.workload.load_rate_per_s = rate;
}

}  // namespace servesim::io
