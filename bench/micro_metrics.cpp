// The per-request cost of metrics (issue 10): one settled exchange observed as the gateway
// does it (GatewayMetrics::observe: ~12 series updates), single-threaded and from many threads
// on the same series (the contended case), a lone counter increment, and a full render.
#include <benchmark/benchmark.h>

#include "core/config/config.hpp"
#include "core/metrics/gateway_metrics.hpp"
#include "core/metrics/process.hpp"

namespace {

using namespace tokenrouter;

config::Config bench_config()
{
  config::Config config;
  for (const char* name : {"gpt-4o", "claude-sonnet-4-5", "deepseek-chat", "claude-*"}) {
    config.models.push_back({});
    config.models.back().name = name;
  }
  for (const char* name : {"openai", "anthropic", "deepseek"}) {
    config.providers.push_back({});
    config.providers.back().name = name;
  }
  return config;
}

billing::UsageRecord sample_record()
{
  billing::UsageRecord record;
  record.model = "claude-sonnet-4-5";
  record.provider = "anthropic";
  record.key_id = "key_0123456789";
  record.status = 200;
  record.usage = {1200, 30000, 500, 0, 800, 0};
  record.cost_nanousd = 21'000'000;
  record.saved_nanousd = 81'000'000;
  record.latency_ms = 2300;
  record.ttfb_ms = 450;
  record.overhead_us = 180;
  return record;
}

struct Fixture {
  metrics::Registry registry;
  metrics::GatewayMetrics gateway{registry, metrics::LabelVocabulary(bench_config())};
};

Fixture& fixture()
{
  static Fixture f;
  return f;
}

void BM_ObserveExchange(benchmark::State& state)
{
  const auto record = sample_record();
  for (auto _ : state) {
    fixture().gateway.observe(record);
  }
}
BENCHMARK(BM_ObserveExchange);
BENCHMARK(BM_ObserveExchange)->Threads(8)->UseRealTime();

void BM_CounterIncrement(benchmark::State& state)
{
  static metrics::Registry registry;
  static metrics::Family& family =
      registry.add({"bench_total", "Bench.", metrics::Kind::counter, {"model", "provider", "status"}, {}, 1.0, 200});
  for (auto _ : state) {
    family.with({"claude-sonnet-4-5", "anthropic", "200"}).add();
  }
}
BENCHMARK(BM_CounterIncrement);
BENCHMARK(BM_CounterIncrement)->Threads(8)->UseRealTime();

void BM_Render(benchmark::State& state)
{
  static bool once = [] {
    metrics::add_process_metrics(fixture().registry);
    return true;
  }();
  benchmark::DoNotOptimize(once);
  fixture().gateway.observe(sample_record());
  for (auto _ : state) {
    benchmark::DoNotOptimize(fixture().registry.render());
  }
}
BENCHMARK(BM_Render);

} // namespace

BENCHMARK_MAIN();
