// File: fuzz/profile_fuzz.cpp
//
// Model latency profiles (sim/io/profile_loader.hpp): the input is the profile's YAML text, as
// if read from fuzz/profile.yaml.
#include "fuzz/fuzz_support.hpp"
#include "sim/io/profile_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  servesim::io::ReferencedFile file;
  file.written = "profile.yaml";
  file.resolved = "fuzz/profile.yaml";
  file.text = servesim::fuzz::as_text(data, size);
  servesim::fuzz::expect_config_error_only([&] { servesim::io::load_profile(file); });
  return 0;
}
