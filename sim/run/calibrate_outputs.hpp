// File: sim/run/calibrate_outputs.hpp
//
// The three files of `servesim calibrate` (docs/calibrate.md), as text for io::OutputDir:
//  - fit.json: the fitted values with their bounds, the objective at the start and at the end,
//    the evaluations, why the optimiser stopped, and the history of every evaluation;
//  - fit.csv: one row per target, holdout and request log: observed, simulated with its 95%
//    half-width over replications, relative error and residual, at the fitted values;
//  - scenario.yaml: the base scenario's own tree with the fitted values set (comments and key
//    order of the base are not kept; relative file paths are as the base wrote them).
// Numbers are written in shortest round-trip form, so the files are byte-identical run to run.
#pragma once

#include <span>
#include <string>

#include "sim/io/output_columns.hpp"
#include "sim/run/calibrate.hpp"

namespace servesim::run {

std::string fit_json_text(const CalibrationProblem& problem, const CalibrationOutcome& outcome);
// fit.csv's columns, declared once (its header and docs/calibrate.md's table come from them).
std::span<const io::OutputColumn> fit_csv_columns();

std::string fit_csv_text(const CalibrationProblem& problem, const CalibrationOutcome& outcome);
std::string fitted_scenario_text(const CalibrationProblem& problem,
                                 const std::vector<double>& values);

}  // namespace servesim::run
