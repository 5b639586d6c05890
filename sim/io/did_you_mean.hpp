// File: sim/io/did_you_mean.hpp
//
// Suggestions for misspelt names ("did you mean 'replications'?") and the lists of valid names
// that error messages show.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace servesim::io {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1 ("replicatoins" is 1 from "replications").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a likely typo: at most
// max(2, length/3) edits, and fewer edits than `word` has characters (so "k" never suggests
// "r", while "kk" suggests "k"). Ties go to the earlier candidate.
std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates);

// "a, b, c".
std::string join_names(std::span<const std::string> names);

// "unknown value 'x' (did you mean 'y'?); valid: a, b, c" — the message for a name that must
// be one of `valid`.
std::string unknown_name_message(std::string_view what, std::string_view name,
                                 std::span<const std::string> valid);

}  // namespace servesim::io
