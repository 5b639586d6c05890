// File: bench/dist_bench.cpp
//
// Cost of one Sampler::sample call (one mt19937_64 step plus the family's inverse CDF) for each
// family, at the parameters a scenario typically uses. Service times, network delays and
// arrival gaps each take one draw per request, so this bounds the sampling share of an event.
// The uniform alone (BM_Uniform) is the floor every family pays.
#include <benchmark/benchmark.h>

#include <vector>

#include "sim/core/rng.hpp"
#include "sim/dist/sampler.hpp"

namespace servesim::dist {
namespace {

void BM_Uniform(benchmark::State& state) {
  core::RngStream rng(1, 0, "bench/uniform");
  for (auto _ : state) benchmark::DoNotOptimize(rng.uniform_open01());
}
BENCHMARK(BM_Uniform);

void run_sampler(benchmark::State& state, const DistributionSpec& spec) {
  const Sampler sampler(spec);
  core::RngStream rng(1, 0, "bench/sampler");
  for (auto _ : state) benchmark::DoNotOptimize(sampler.sample(rng));
  state.SetItemsProcessed(state.iterations());
}

std::vector<double> profile_samples() {
  // 1000 measured latencies stand in for a profile file; the size sets nothing but the memory
  // touched, since lookup is O(1).
  std::vector<double> samples;
  for (int i = 1; i <= 1000; ++i) samples.push_back(5.0 + 0.01 * i + (i % 7) * 0.1);
  return samples;
}

BENCHMARK_CAPTURE(run_sampler, constant, DistributionSpec::constant(2.5));
BENCHMARK_CAPTURE(run_sampler, exponential, DistributionSpec::exponential(2));
BENCHMARK_CAPTURE(run_sampler, lognormal, DistributionSpec::lognormal_from_median_p99(3, 20));
BENCHMARK_CAPTURE(run_sampler, gamma, DistributionSpec::gamma(2, 0.5));
BENCHMARK_CAPTURE(run_sampler, weibull, DistributionSpec::weibull(1.5, 2));
BENCHMARK_CAPTURE(run_sampler, pareto, DistributionSpec::pareto(2.5, 1));
BENCHMARK_CAPTURE(run_sampler, shifted_exponential, DistributionSpec::shifted_exponential(1, 2));
BENCHMARK_CAPTURE(run_sampler, empirical, DistributionSpec::empirical(profile_samples(), "bench"));

}  // namespace
}  // namespace servesim::dist

BENCHMARK_MAIN();
