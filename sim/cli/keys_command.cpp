// File: sim/cli/keys_command.cpp
//
// `servesim keys [PREFIX]`: every scenario key with type, unit, default, valid range and
// meaning, from the field tables the loader reads with (io/scenario_keys.hpp), as sst-info
// lists an element's parameters. `--markdown` prints the reference tables of docs/scenario.md
// as marked regions (tools/scenario_doc.py pastes them in).
#include <iostream>
#include <set>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/io/did_you_mean.hpp"
#include "sim/io/scenario_keys.hpp"

namespace servesim::cli {

namespace {

// Every key path and every path above one, for the did-you-mean of an unknown prefix.
std::vector<std::string> known_prefixes() {
  std::set<std::string> seen;
  std::vector<std::string> prefixes;
  for (const io::KeyDoc& key : io::scenario_keys("")) {
    std::size_t dot = key.path.find('.');
    for (; dot != std::string::npos; dot = key.path.find('.', dot + 1)) {
      if (seen.insert(key.path.substr(0, dot)).second) prefixes.push_back(key.path.substr(0, dot));
    }
    if (seen.insert(key.path).second) prefixes.push_back(key.path);
  }
  return prefixes;
}

}  // namespace

int keys_command(const KeysOptions& options) {
  if (options.markdown) {
    if (!options.prefix.empty()) {
      throw core::ConfigError("keys --markdown prints every section; give no PREFIX with it");
    }
    std::cout << io::keys_markdown_regions();
    return 0;
  }
  const std::vector<io::KeyDoc> keys = io::scenario_keys(options.prefix);
  if (keys.empty()) {
    std::string message = "no scenario key is '" + options.prefix + "' or starts with '" +
                          options.prefix + ".'";
    const std::vector<std::string> prefixes = known_prefixes();
    if (const auto suggestion = io::closest_match(options.prefix, prefixes)) {
      message += " (did you mean '" + *suggestion + "'?)";
    }
    throw core::ConfigError(message + "; 'servesim keys' lists them all");
  }
  std::cout << io::keys_listing(keys);
  return 0;
}

}  // namespace servesim::cli
