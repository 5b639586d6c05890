// File: fuzz/samples_fuzz.cpp
//
// Empirical latency samples CSV (sim/io/samples_loader.hpp).
#include "fuzz/fuzz_support.hpp"
#include "sim/io/samples_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = servesim::fuzz::as_text(data, size);
  servesim::fuzz::expect_config_error_only(
      [&] { servesim::io::parse_samples(text, "fuzz.csv"); });
  return 0;
}
