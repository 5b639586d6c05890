// File: fuzz/scenario_fuzz.cpp
//
// The scenario loader with --set overrides (sim/io/scenario_loader.hpp). Input layout: the
// scenario's YAML text, then optionally a line "\n--set\n" followed by one override per line
// ("a.b=value"), so the fuzzer mutates both the file and the overrides. Overrides go through
// parse_override first, exactly as the CLI's --set does. Scenarios that load are also printed
// and checked for buildability, as `servesim check` does.
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "sim/io/scenario_loader.hpp"
#include "sim/run/simulation.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input = servesim::fuzz::as_text(data, size);
  constexpr std::string_view kMarker = "\n--set\n";
  const std::size_t marker = input.find(kMarker);
  const std::string text = input.substr(0, marker);
  std::vector<std::string> set_lines;
  if (marker != std::string::npos) {
    std::string_view rest(input);
    rest.remove_prefix(marker + kMarker.size());
    while (!rest.empty()) {
      const std::size_t end = rest.find('\n');
      set_lines.emplace_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }
  servesim::fuzz::expect_config_error_only([&] {
    std::vector<servesim::io::Override> overrides;
    for (const auto& line : set_lines) overrides.push_back(servesim::io::parse_override(line));
    const auto config = servesim::io::load_scenario_text(text, "fuzz/scenario.yaml", overrides);
    (void)servesim::io::resolved_scenario_yaml(config);
    servesim::run::check_buildable(config);
  });
  return 0;
}
