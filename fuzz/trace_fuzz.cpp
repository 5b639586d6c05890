// File: fuzz/trace_fuzz.cpp
//
// Arrival trace CSV (sim/io/trace_loader.hpp), both formats. The first byte picks the format
// and, for counts, the interval; the rest is the file's text.
#include "fuzz/fuzz_support.hpp"
#include "sim/io/trace_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string text = servesim::fuzz::as_text(data + 1, size - 1);
  servesim::fuzz::expect_config_error_only([&] {
    if ((selector & 1) == 0) {
      servesim::io::parse_timestamp_trace(text, "fuzz.csv");
    } else {
      // interval_s in {0.001, 0.5, 1, 60, ...}: the REQUIRES is > 0 and finite.
      const double interval_s = 0.001 * static_cast<double>(1 + (selector >> 1) * 500);
      servesim::io::parse_count_trace(text, "fuzz.csv", interval_s);
    }
  });
  return 0;
}
