// File: sim/cli/fit_command.cpp
//
// `servesim fit SAMPLES.csv`: per batch size, fits lognormal, gamma, weibull, exponential and
// shifted_exponential laws to measured latencies by maximum likelihood (sim/fit/mle.hpp), ranks
// them by the Anderson-Darling statistic (sim/fit/sample_fit.hpp says why A^2 and not KS D),
// fits the least-squares line of the per-batch mean on batch size, and prints a profile for
// models/profiles/ (sim/io/profile_writer.hpp) whose entries are the best family per batch size,
// plus batch sizes extrapolated with the line (--extrapolate, flagged in comments and `method`).
//
// Output: the fit table as YAML comments, then (without -o) the profile, so that stdout alone
// is a valid profile; with -o the profile (table included) goes to that file, written whole or
// not at all.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>

#include "sim/cli/commands.hpp"
#include "sim/core/error.hpp"
#include "sim/dist/distribution_spec.hpp"
#include "sim/fit/linear_model.hpp"
#include "sim/fit/sample_fit.hpp"
#include "sim/io/file_access.hpp"
#include "sim/io/limits.hpp"
#include "sim/io/output_dir.hpp"
#include "sim/io/profile_writer.hpp"
#include "sim/io/samples_table.hpp"

namespace servesim::cli {

namespace {

[[noreturn]] void fail(const std::string& message) { throw core::ConfigError(message); }

[[noreturn]] void fail_in(const std::string& file, const std::string& message) {
  throw core::ConfigError(core::SourceLocation{file, 0, 0}, message);
}

std::string join_ints(const std::vector<int>& values) {
  std::string out;
  for (const int v : values) out += (out.empty() ? "" : ", ") + std::to_string(v);
  return out;
}

// A statistic for the table: 4 significant digits, "inf" where a sample lies outside the law.
std::string stat(double value) { return fmt::format("{:.4g}", value); }

struct BatchResult {
  int batch = 0;
  fit::SampleFit fit;
};

// Per batch size: checks the samples can be fitted, then fits.
std::vector<BatchResult> fit_all(const io::SamplesTable& table, const std::string& file) {
  std::vector<BatchResult> results;
  for (const auto& [batch, samples] : table.latency_by_batch) {
    if (samples.size() < 2) {
      fail_in(file, fmt::format("batch size {}: {} sample; a fit needs at least 2 per batch size",
                                batch, samples.size()));
    }
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    // Nearly constant samples (a spread below 1e-9 of their size) are constant to the fitters:
    // the shape estimates run off to infinity (Boost then gives up with an exception).
    if (*hi - *lo <= 1e-9 * *hi) {
      fail_in(file, fmt::format("batch size {}: all {} samples are {} ms (to 1e-9): nothing to "
                                "fit (write {{dist: constant, value: {}}})",
                                batch, samples.size(), *lo, *lo));
    }
    BatchResult result{batch, {}};
    try {
      result.fit = fit::fit_samples(samples);
    } catch (const core::ConfigError& error) {
      fail_in(file, fmt::format("batch size {}: {}", batch, error.what()));
    } catch (const std::exception& error) {
      // A numerical failure of a fitter on these samples is about the input, not a bug here.
      fail_in(file, fmt::format("batch size {}: cannot fit these {} samples ({})", batch,
                                samples.size(), error.what()));
    }
    if (result.fit.best < 0) {
      std::string reasons;
      for (const fit::FamilyFit& row : result.fit.families) {
        reasons += fmt::format("{}{}: {}", reasons.empty() ? "" : "; ",
                               dist::family_name(row.family), row.why_not);
      }
      fail_in(file, fmt::format("batch size {}: no family could be fitted ({})", batch, reasons));
    }
    results.push_back(std::move(result));
  }
  return results;
}

std::vector<std::string> fit_table(const std::string& file, const io::SamplesTable& table,
                                   const std::vector<BatchResult>& results) {
  std::vector<int> sizes;
  for (const BatchResult& r : results) sizes.push_back(r.batch);
  std::vector<std::string> lines;
  lines.push_back(fmt::format("servesim fit {}: {} samples, batch size{} {}{}", file, table.rows,
                              sizes.size() == 1 ? "" : "s", join_ints(sizes),
                              table.has_batch_column ? "" : " (no batch column: all batch 1)"));
  lines.push_back(
      "Maximum-likelihood fits per batch size (shifted_exponential: unbiased estimates). "
      "KS D = Kolmogorov-Smirnov statistic, p = its asymptotic p-value (too large when the "
      "parameters are fitted to the same samples: a screening figure); AD A2 = Anderson-Darling "
      "statistic, which weights the tails; best = smallest A2.");
  for (const BatchResult& r : results) {
    const fit::SampleSummary& s = r.fit.summary;
    lines.push_back("");
    lines.push_back(fmt::format(
        "batch {}: n={}, min {:.5g}, mean {:.5g}, median {:.5g}, p99 {:.5g}, max {:.5g} ms",
        r.batch, s.n, s.min, s.mean, s.median, s.p99, s.max));
    lines.push_back(fmt::format("  {:<20} {:<36} {:>8} {:>8} {:>9} {:>12}  {}", "family",
                                "parameters", "KS D", "KS p", "AD A2", "log-lik", ""));
    for (std::size_t i = 0; i < r.fit.families.size(); ++i) {
      const fit::FamilyFit& row = r.fit.families[i];
      const std::string name = dist::family_name(row.family);
      if (!row.ok) {
        lines.push_back(fmt::format("  {:<20} not fitted: {}", name, row.why_not));
        continue;
      }
      lines.push_back(fmt::format("  {:<20} {:<36} {:>8} {:>8} {:>9} {:>12.6g}  {}", name,
                                  fit::describe_parameters(row.spec), stat(row.gof.ks_d),
                                  stat(row.gof.ks_p), stat(row.gof.ad_a2), row.gof.log_likelihood,
                                  static_cast<int>(i) == r.fit.best ? "<- best" : ""));
    }
    const fit::FamilyFit& best = r.fit.families[static_cast<std::size_t>(r.fit.best)];
    if (best.gof.ks_p < 0.01) {
      lines.push_back(fmt::format(
          "  note: even the best family is rejected by KS at the 1 % level (p = {}, and that "
          "p-value is too large): the samples have none of these shapes; compare the p99s, or "
          "replay the samples with {{dist: empirical, file}}",
          stat(best.gof.ks_p)));
    }
  }
  return lines;
}

}  // namespace

int fit_command(const FitOptions& options) {
  const std::string& file = options.samples;
  const io::FileText text = io::read_text_file(file);
  if (!text.ok) fail_in(file, "cannot read the samples: " + text.error);
  io::SamplesTableColumns columns;
  columns.latency = options.latency_column;
  if (options.batch_column) {
    columns.batch = *options.batch_column;
    columns.batch_required = true;
  }
  const io::SamplesTable table = io::parse_samples_table(text.text, file, columns);
  const std::vector<BatchResult> results = fit_all(table, file);
  std::vector<std::string> lines = fit_table(file, table, results);

  // The line through the per-batch sample means.
  std::optional<fit::LinearFit> line;
  if (results.size() >= 2) {
    std::vector<double> x;
    std::vector<double> y;
    for (const BatchResult& r : results) {
      x.push_back(r.batch);
      y.push_back(r.fit.summary.mean);
    }
    line = fit::least_squares_line(x, y);
    lines.push_back("");
    lines.push_back(fmt::format(
        "linear model (least squares of the per-batch sample mean on batch size, {} points): "
        "mean_ms = {:.5g} + {:.5g} * batch, R^2 = {:.5f}",
        line->points, line->intercept, line->slope, line->r_squared));
  }

  // Profile entries: the best family per measured batch size, then the extrapolated sizes.
  io::ProfileDocument profile;
  for (const BatchResult& r : results) {
    const fit::FamilyFit& best = r.fit.families[static_cast<std::size_t>(r.fit.best)];
    profile.latency_by_batch.push_back(
        {r.batch, best.spec,
         fmt::format("n={}, AD A2 {}, KS D {} (p {}); p99: fit {:.4g}, samples {:.4g}",
                     r.fit.summary.n, stat(best.gof.ad_a2), stat(best.gof.ks_d),
                     stat(best.gof.ks_p), dist::quantile_of(best.spec, 0.99), r.fit.summary.p99)});
  }
  std::set<int> extrapolated(options.extrapolate.begin(), options.extrapolate.end());
  if (!extrapolated.empty()) {
    if (!line) {
      fail("--extrapolate needs samples of at least two batch sizes (for the linear model)");
    }
    lines.push_back(
        "extrapolated (NOT measured): the fitted law of the nearest measured batch "
        "size, scaled so that its mean is on the line (same shape and CV):");
  }
  for (const int batch : extrapolated) {
    if (batch < 1 || batch > io::kMaxBatchSize) {
      fail(fmt::format("--extrapolate: batch size must be in [1, {}], got {}", io::kMaxBatchSize,
                       batch));
    }
    if (table.latency_by_batch.count(batch) != 0) {
      fail(fmt::format("--extrapolate: batch size {} was measured", batch));
    }
    const double mean = line->at(batch);
    if (!(mean > 0)) {
      fail(
          fmt::format("--extrapolate: the linear model gives a mean of {:.4g} ms at batch size "
                      "{}; only positive latencies make a profile",
                      mean, batch));
    }
    const BatchResult* nearest = &results.front();
    for (const BatchResult& r : results) {
      if (std::abs(r.batch - batch) <= std::abs(nearest->batch - batch)) nearest = &r;
    }
    const fit::FamilyFit& base = nearest->fit.families[static_cast<std::size_t>(nearest->fit.best)];
    const dist::DistributionSpec spec = fit::scaled_to_mean(base.spec, mean);
    const std::string note = fmt::format(
        "EXTRAPOLATED, not measured: mean {:.5g} ms from the linear model; the {} "
        "of batch {} scaled",
        mean, dist::family_name(base.family), nearest->batch);
    lines.push_back(fmt::format("  batch {}: {}", batch, note));
    profile.latency_by_batch.push_back({batch, spec, note});
  }
  std::sort(profile.latency_by_batch.begin(), profile.latency_by_batch.end(),
            [](const io::ProfileEntry& a, const io::ProfileEntry& b) { return a.batch < b.batch; });

  std::vector<int> measured;
  for (const BatchResult& r : results) measured.push_back(r.batch);
  profile.header_comments = options.notes;
  if (!options.notes.empty()) profile.header_comments.emplace_back();
  profile.header_comments.insert(profile.header_comments.end(), lines.begin(), lines.end());
  profile.model =
      options.model.empty() ? std::filesystem::path(file).stem().string() : options.model;
  profile.hardware =
      options.hardware.empty() ? "not stated (servesim fit --hardware)" : options.hardware;
  profile.source = options.source.empty() ? "measured samples: " + file : options.source;
  profile.status = "measured";
  profile.method = fmt::format(
      "fitted by servesim fit from {} ({} samples): per batch size, maximum-likelihood fits of "
      "lognormal, gamma, weibull, exponential and shifted_exponential (unbiased estimates), "
      "keeping the family with the smallest Anderson-Darling A^2",
      std::filesystem::path(file).filename().string(), table.rows);
  if (!extrapolated.empty()) {
    profile.method += fmt::format(
        "; batch size{} {} {} NOT measured: extrapolated with the least-squares line of the "
        "per-batch sample mean on batch size (mean_ms = {:.5g} + {:.5g} * batch, R^2 = {:.4f}, "
        "batch sizes {}), keeping the shape of the nearest measured size's law",
        extrapolated.size() == 1 ? "" : "s",
        join_ints(std::vector<int>(extrapolated.begin(), extrapolated.end())),
        extrapolated.size() == 1 ? "is" : "are", line->intercept, line->slope, line->r_squared,
        join_ints(measured));
  }
  profile.latency_comment = "milliseconds";
  const std::string yaml = io::profile_yaml(profile);

  if (options.output.empty()) {
    std::cout << yaml;
    return 0;
  }
  const std::filesystem::path out_path(options.output);
  {
    io::OutputDir dir(out_path.has_parent_path() ? out_path.parent_path()
                                                 : std::filesystem::path("."));
    dir.open(out_path.filename().string()) << yaml;
    dir.commit();
  }
  for (const std::string& l : lines) std::cout << (l.empty() ? "#" : "# " + l) << "\n";
  std::cout << "wrote " << options.output << "\n";
  return 0;
}

}  // namespace servesim::cli
