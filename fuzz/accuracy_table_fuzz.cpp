// File: fuzz/accuracy_table_fuzz.cpp
//
// Accuracy tables (sim/io/accuracy_table.hpp): quoted CSV with numeric and optional cells.
#include "fuzz/fuzz_support.hpp"
#include "sim/io/accuracy_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = servesim::fuzz::as_text(data, size);
  servesim::fuzz::expect_config_error_only(
      [&] { servesim::io::parse_accuracy_table(text, "fuzz.csv"); });
  return 0;
}
