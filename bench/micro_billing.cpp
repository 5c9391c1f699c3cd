// Billing microbenchmarks (issue 5's figures):
//   * settled requests per second through quota reservation + the ledger writer (ack mode,
//     group commit), from 1 to 64 concurrent request threads;
//   * p50 / p99 time added by admission (reserve) + settle (charges, hold finish) in memory;
//   * a usage report over 1,000,000 request rows.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <vector>

#include "core/billing/ledger_writer.hpp"
#include "core/billing/quota_book.hpp"
#include "core/billing/quota_store.hpp"
#include "core/billing/reports.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

constexpr int64_t k_now_ms = 1'798'675'200'000;

store::Database fresh(const std::string& path)
{
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  auto db = store::Database::open(path);
  if (!db || !store::migrate(*db)) {
    std::abort();
  }
  return std::move(*db);
}

// A key quota and a user quota, both large: every request is checked against two quotas.
void add_quotas(store::Database& db)
{
  for (const auto& [scope, subject] : {std::pair{"key", "key_a"}, std::pair{"user", "alice"}}) {
    billing::QuotaSpec spec;
    spec.scope = scope;
    spec.subject_id = subject;
    spec.period = billing::QuotaPeriod::month;
    spec.limits = {.tokens = int64_t{1} << 60, .requests = int64_t{1} << 60};
    if (!billing::set_quota(db, spec, "bench", k_now_ms)) {
      std::abort();
    }
  }
}

billing::Admission admission()
{
  billing::Admission a;
  a.key_id = "key_a";
  a.user_id = "alice";
  a.input_tokens = 2000;
  a.max_output_tokens = 1000;
  a.prices = billing::Prices{2'500'000'000, 10'000'000'000, 1'250'000'000, 2'500'000'000, 2'500'000'000};
  a.now_ms = k_now_ms;
  return a;
}

struct SettleRig {
  billing::QuotaBook book;
  std::unique_ptr<billing::LedgerWriter> writer;
  std::atomic<int64_t> seq{0};
};

SettleRig* g_rig = nullptr;

void BM_SettleThroughQuotaAndLedger(benchmark::State& state)
{
  if (state.thread_index() == 0) {
    auto db = fresh("/tmp/tkr_bench_settle.db");
    add_quotas(db);
    g_rig = new SettleRig();
    (void)g_rig->book.load_from(db);
    g_rig->writer = std::move(*billing::LedgerWriter::start({"/tmp/tkr_bench_settle.db", true, 65536}));
  }
  for (auto _ : state) {
    auto hold = g_rig->book.reserve(admission());
    billing::UsageRecord row;
    row.request_id = "r" + std::to_string(g_rig->seq.fetch_add(1));
    row.created_at_ms = k_now_ms;
    row.key_id = "key_a";
    row.user_id = "alice";
    row.model = "gpt-4o";
    row.provider = "openai";
    row.status = 200;
    row.usage = {.input_tokens = 1200, .cache_read_tokens = 800, .output_tokens = 300};
    row.cost_nanousd = 6'000'000;
    row.charges = hold->charges(row.usage, row.cost_nanousd, true, k_now_ms);
    auto recorded = g_rig->writer->record(row);
    hold->finish(recorded ? row.charges : std::vector<billing::QuotaCharge>{});
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    g_rig->writer->stop();
    delete g_rig;
    g_rig = nullptr;
  }
}
BENCHMARK(BM_SettleThroughQuotaAndLedger)->ThreadRange(1, 64)->UseRealTime();

// Admission + settle in memory, per request: what billing adds to a request's latency
// (the ledger commit it waits for in "ack" mode is measured above).
void BM_AdmissionAndSettleLatency(benchmark::State& state)
{
  auto db = fresh("/tmp/tkr_bench_latency.db");
  add_quotas(db);
  billing::QuotaBook book;
  (void)book.load_from(db);
  std::vector<int64_t> ns;
  ns.reserve(1 << 20);
  const model::Usage usage{.input_tokens = 1200, .cache_read_tokens = 800, .output_tokens = 300};
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto hold = book.reserve(admission());
    hold->finish(hold->charges(usage, 6'000'000, true, k_now_ms));
    ns.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ns.begin(), ns.end());
  state.counters["p50_ns"] = static_cast<double>(ns[ns.size() / 2]);
  state.counters["p99_ns"] = static_cast<double>(ns[ns.size() * 99 / 100]);
}
BENCHMARK(BM_AdmissionAndSettleLatency);

// 1,000,000 requests over 90 days, seeded with one INSERT … SELECT from a recursive CTE, with
// the daily aggregate as the ledger writer would have kept it.
void seed_million(store::Database& db)
{
  const std::string now = std::to_string(k_now_ms);
  const auto ok = db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
      "INSERT INTO requests (request_id, created_at, key_id, user_id, model, provider, status, "
      "input_tokens, cache_read_tokens, output_tokens, cost_nanousd, saved_nanousd, priced) "
      "SELECT 'r' || i, " + now + " - (i % 90) * 86400000 - i % 86400000, 'key_' || (i % 50), "
      "'user_' || (i % 10), 'model-' || (i % 12), 'p' || (i % 3), 200, 100 + i % 1000, i % 500, "
      "10 + i % 100, 1000 + i % 7777, i % 300, 1 FROM n");
  const auto aggregate = db.exec(
      "INSERT INTO daily_usage (day, user_id, key_id, model, provider, requests, input_tokens, "
      "cache_read_tokens, cache_write_tokens, output_tokens, cost_nanousd) "
      "SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch'), user_id, key_id, model, provider, "
      "count(*), sum(input_tokens), sum(cache_read_tokens), 0, sum(output_tokens), sum(cost_nanousd) "
      "FROM requests GROUP BY 1, 3, 4, 5");
  if (!ok || !aggregate) {
    std::abort();
  }
}

void BM_UsageReportMillionRows(benchmark::State& state)
{
  static std::once_flag seeded;
  std::call_once(seeded, [] {
    auto db = fresh("/tmp/tkr_bench_report.db");
    const auto start = std::chrono::steady_clock::now();
    seed_million(db);
    std::fprintf(stderr, "seeded 1,000,000 rows in %.1f s\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  });
  auto db = store::Database::open("/tmp/tkr_bench_report.db", {.read_only = true});
  const char* by[] = {"day", "model", "key", "user", "provider"};
  const auto window = billing::window_of(k_now_ms - int64_t{90} * 86'400'000, k_now_ms);
  for (auto _ : state) {
    auto rows = billing::usage_report(*db, window, by[state.range(0)]);
    benchmark::DoNotOptimize(rows);
  }
  state.SetLabel(std::string("by ") + by[state.range(0)]);
}
BENCHMARK(BM_UsageReportMillionRows)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// For comparison: the same report straight from the 1,000,000 request rows.
void BM_RawRequestsGroupByMillionRows(benchmark::State& state)
{
  auto db = store::Database::open("/tmp/tkr_bench_report.db", {.read_only = true});
  for (auto _ : state) {
    auto st = db->prepare("SELECT model, count(*), sum(input_tokens), sum(output_tokens), sum(cost_nanousd) "
                          "FROM requests WHERE created_at >= ?1 GROUP BY model");
    st->bind(1, static_cast<int64_t>(k_now_ms - int64_t{90} * 86'400'000));
    while (*st->step()) {
    }
  }
}
BENCHMARK(BM_RawRequestsGroupByMillionRows)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
