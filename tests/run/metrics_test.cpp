// File: tests/run/metrics_test.cpp
//
// The metric declarations (sim/run/metrics.hpp) are the only list of figures: everything
// summarize() emits is declared with the type, half-width and timing flag it carries, every
// declaration is emitted by some configuration, lookups by name resolve patterns, and the
// table in docs/scenario.md is the generator's output, byte for byte.
#include "sim/run/metrics.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/core/error.hpp"
#include "sim/run/metrics_doc.hpp"
#include "sim/run/summarize.hpp"

namespace servesim::run {
namespace {

// Two replications of a run with one pool, with enough recorded to give every figure a value.
std::vector<ReplicationResult> two_replications() {
  std::vector<ReplicationResult> reps(2);
  for (std::size_t rep = 0; rep < reps.size(); ++rep) {
    ReplicationResult& result = reps[rep];
    for (int sample = 1; sample <= 100; ++sample) {
      result.latency.record(static_cast<std::int64_t>(sample * 1'000'000 + rep));
    }
    result.offered = 120;
    result.measured = 100;
    result.served[0] = 100;
    result.within_slo = 90;
    result.accuracy = 0.7;
    result.cost_usd = 1.0 + static_cast<double>(rep);
    result.cost_parts.compute = result.cost_usd;
    result.hedge_threshold_ms = 5.0;
    result.pools.push_back(PoolResult{"gpu", 4, 0.5, {}, 10.0});
  }
  reps[1].stability = Stability{false, "utilisation 0.995"};
  return reps;
}

void expect_declared(const io::Summary& summary, std::set<MetricId>& seen) {
  for (const io::SummaryEntry& entry : summary.entries) {
    const Metric* declared = find_metric(entry.key);
    ASSERT_NE(declared, nullptr) << entry.key << " is emitted but not declared";
    seen.insert(declared->id);
    EXPECT_EQ(entry.wall_clock, declared->wall_clock) << entry.key;
    if (entry.ci95) {
      EXPECT_EQ(declared->combine, Combine::kMeanCi) << entry.key;
    }
    const io::SummaryValue& value = entry.value;
    switch (declared->type) {
      case MetricType::kNumber:
        EXPECT_TRUE(std::holds_alternative<double>(value) ||
                    (declared->nullable && std::holds_alternative<std::monostate>(value)))
            << entry.key;
        break;
      case MetricType::kInteger:
        EXPECT_TRUE(std::holds_alternative<std::int64_t>(value) ||
                    std::holds_alternative<std::uint64_t>(value))
            << entry.key;
        break;
      case MetricType::kString:
        EXPECT_TRUE(std::holds_alternative<std::string>(value)) << entry.key;
        break;
      case MetricType::kBoolean:
        EXPECT_TRUE(std::holds_alternative<bool>(value)) << entry.key;
        break;
    }
  }
}

TEST(Metrics, EverythingSummarizeEmitsIsDeclaredAndEveryDeclarationIsEmitted) {
  std::set<MetricId> seen;
  scenario::ScenarioConfig servers;
  servers.name = "servers";
  servers.slo_ms = 10;
  servers.redundancy.kind = "hedge";
  const io::Summary with_hedge = summarize(servers, two_replications());
  expect_declared(with_hedge, seen);
  scenario::ScenarioConfig serverless = servers;
  serverless.platform.kind = cluster::PlatformKind::kServerless;
  expect_declared(summarize(serverless, two_replications()), seen);
  for (const Metric& declared : metrics()) {
    EXPECT_EQ(seen.count(declared.id), 1u) << declared.name << " is declared but never emitted";
  }
  // The declared combination is the one applied: a sum, a mean with its half-width, a verdict.
  EXPECT_EQ(std::get<std::int64_t>(with_hedge.find("requests")->value), 200);
  EXPECT_EQ(std::get<double>(with_hedge.find("cost.usd_total")->value), 1.5);
  EXPECT_TRUE(with_hedge.find("cost.usd_total")->ci95.has_value());
  EXPECT_FALSE(with_hedge.find("served.primary")->ci95.has_value());
  EXPECT_EQ(std::get<bool>(with_hedge.find("stability.stable")->value), false);
}

TEST(Metrics, LookupByNameResolvesPatternsAndSweepColumns) {
  EXPECT_EQ(find_metric("latency_ms.p999")->id, MetricId::kLatencyP999);
  EXPECT_EQ(find_metric("pools.gpu.utilization")->id, MetricId::kPoolUtilization);
  EXPECT_EQ(find_metric("served.primary")->id, MetricId::kServedPrimary);
  EXPECT_EQ(find_metric("served.backup")->id, MetricId::kServedPath);
  EXPECT_EQ(find_metric("cost.breakdown.idle")->id, MetricId::kCostPart);
  EXPECT_EQ(find_metric("stable")->id, MetricId::kStable);
  EXPECT_EQ(find_metric("pools..utilization"), nullptr);
  EXPECT_EQ(find_metric("latency_ms"), nullptr);
  EXPECT_EQ(metric_key(MetricId::kPoolSandboxS, "cpu"), "pools.cpu.sandbox_s");
  try {
    require_metric("latency_ms.p99_9");
    FAIL();
  } catch (const core::ConfigError& error) {
    EXPECT_NE(error.formatted().find("did you mean 'latency_ms.p999'?"), std::string::npos);
  }
}

TEST(Metrics, ReadingAFigureOutOfASummary) {
  scenario::ScenarioConfig config;
  config.redundancy.kind = "hedge";
  const io::Summary summary = summarize(config, two_replications());
  const MetricReading p50 = metric_reading(summary, "latency_ms.p50");
  ASSERT_TRUE(p50.value);
  EXPECT_NEAR(*p50.value, 50.0, 50.0 * 0.0005);  // 50 ms, within the histogram's 0.049%
  EXPECT_TRUE(p50.ci95);
  EXPECT_EQ(*metric_reading(summary, "redundancy.hedge_threshold_ms").value, 5.0);
  EXPECT_EQ(*metric_reading(summary, "pools.gpu.instances").value, 4.0);
  EXPECT_FALSE(metric_reading(summary, "slo.attainment").value);  // no SLO: null
  EXPECT_FALSE(metric_reading(summary, "pools.cpu.utilization").present);
  EXPECT_THROW(metric_reading(summary, "scenario"), core::ConfigError);
  EXPECT_THROW(metric_reading(summary, "latency.p50"), core::ConfigError);
}

TEST(MetricsDoc, TheTableInDocsScenarioIsGeneratedFromTheDeclarations) {
  const std::string path = std::string(SERVESIM_SOURCE_DIR) + "/docs/scenario.md";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string doc = buffer.str();
  const std::size_t begin = doc.find(kMetricsDocBegin);
  const std::size_t end = doc.find(kMetricsDocEnd);
  ASSERT_NE(begin, std::string::npos) << "no begin marker in " << path;
  ASSERT_NE(end, std::string::npos) << "no end marker in " << path;
  const std::size_t first = doc.find('\n', begin) + 1;
  EXPECT_EQ(doc.substr(first, end - first), metrics_markdown())
      << path << " is stale: run tools/update_metrics_doc.sh";
}

}  // namespace
}  // namespace servesim::run
