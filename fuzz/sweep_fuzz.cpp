// File: fuzz/sweep_fuzz.cpp
//
// The sweep loader (sim/io/sweep_loader.hpp) and the sweep's expansion into points
// (sim/run/sweep_plan.hpp). The input is a sweep file's YAML text, named as if it sat in
// scenarios/sweeps/, so `base:` resolves against the shipped scenarios exactly as for the sweeps
// there (tools/fuzz.sh runs from the repository root). A sweep small enough to load quickly is
// also planned, as `servesim sweep` does before running anything: every point is loaded through
// the scenario loader with its --set overrides and checked for buildability.
#include <cstddef>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "sim/io/sweep_loader.hpp"
#include "sim/run/sweep_plan.hpp"

namespace {

// Points planned per input. Loading a point loads a whole scenario (and the files it names), so
// more would only make the harness slow; the expansion itself is checked for every size.
constexpr std::size_t kMaxPlannedPoints = 8;
// Points expanded per input. run::kMaxSweepPoints (10^6) is a limit the CLI enforces and
// the expansion can reach within -max_len; expanding that many is legal but takes seconds and
// hundreds of MB under ASan, which the fuzzer would report as a timeout or an RSS finding.
constexpr std::size_t kMaxExpandedPoints = 10000;

// Number of points of `spec`, saturated at kMaxExpandedPoints + 1.
std::size_t point_count(const servesim::io::SweepSpec& spec) {
  std::vector<std::size_t> radix;
  for (const auto& key : spec.grid) radix.push_back(key.values.size());
  for (const auto& group : spec.zips) radix.push_back(group.size());
  std::size_t count = 1;
  for (const std::size_t size : radix) {
    if (size == 0) return 0;
    if (count > kMaxExpandedPoints / size) return kMaxExpandedPoints + 1;
    count *= size;
  }
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = servesim::fuzz::as_text(data, size);
  servesim::fuzz::expect_config_error_only([&] {
    const auto spec = servesim::io::load_sweep_text(text, "scenarios/sweeps/fuzz_sweep.yaml");
    const std::size_t points = point_count(spec);
    if (points > kMaxExpandedPoints) return;
    (void)servesim::run::expand_points(spec);
    if (points <= kMaxPlannedPoints) (void)servesim::run::make_plan(spec);
  });
  return 0;
}
