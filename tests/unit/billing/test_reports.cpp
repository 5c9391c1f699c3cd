// Reports: rows grouped from the daily aggregates agree with the request rows, totals are the
// exact sum of the rows, and the CSV carries the same numbers.
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>

#include "core/admin/ops.hpp"
#include "core/billing/ledger_writer.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

constexpr int64_t k_day_ms = 86'400'000;
constexpr int64_t k_now_ms = 1'798'675'200'000 + 12 * 3'600'000; // 2026-12-31T12:00Z

int64_t scalar(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int64(0);
}

void seed_ledger(const std::string& path)
{
  auto writer = billing::LedgerWriter::start({path, true, 4096});
  REQUIRE(writer);
  const char* models[] = {"gpt-4o", "claude-sonnet-4-5", "deepseek-chat"};
  for (int i = 0; i < 300; ++i) {
    billing::UsageRecord r;
    r.request_id = "r" + std::to_string(i);
    r.created_at_ms = k_now_ms - (i % 5) * k_day_ms - i;
    r.key_id = i % 2 == 0 ? "key_a" : "key_b";
    r.user_id = i % 3 == 0 ? "alice" : "";
    r.model = models[i % 3];
    r.provider = i % 3 == 1 ? "an" : "oa";
    r.status = 200;
    r.usage = {.input_tokens = 100 + i, .cache_read_tokens = 7 * i, .cache_write_tokens = i % 4,
               .output_tokens = 30 + i % 11};
    r.cost_nanousd = 1'000'003 * (i + 1) + 7; // odd values: any lost row shows in the totals
    r.saved_nanousd = 11 * i;
    REQUIRE((*writer)->record(r));
  }
}

} // namespace

TEST_SUITE("billing::reports")
{
  TEST_CASE("usage by every grouping: rows match the requests, the total is their exact sum")
  {
    std::filesystem::remove("reports.db");
    auto db = store::Database::open("reports.db");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    seed_ledger("reports.db");
    const config::Config config;
    util::ManualClock clock(k_now_ms);
    admin::AdminContext context{*db, config, clock};
    const int64_t cost = scalar(*db, "SELECT sum(cost_nanousd) FROM requests");
    for (const char* by : {"day", "model", "key", "user", "provider"}) {
      CAPTURE(by);
      auto report = admin::execute(context, "usage", {{"by", by}, {"since_ms", k_now_ms - 30 * k_day_ms}});
      REQUIRE(report);
      int64_t sum = 0;
      int64_t requests = 0;
      for (const auto& row : (*report)["rows"]) {
        sum += row["cost_nanousd"].get<int64_t>();
        requests += row["requests"].get<int64_t>();
      }
      CHECK(sum == cost);
      CHECK(requests == 300);
      CHECK((*report)["total"]["cost_nanousd"].get<int64_t>() == cost);
    }
    auto gpt = admin::execute(context, "usage", {{"by", "model"}, {"since_ms", k_now_ms - 30 * k_day_ms}});
    REQUIRE(gpt);
    for (const auto& row : (*gpt)["rows"]) {
      CHECK(row["cost_nanousd"].get<int64_t>()
            == scalar(*db, "SELECT sum(cost_nanousd) FROM requests WHERE model = '"
                               + row["group"].get<std::string>() + "'"));
    }
  }

  TEST_CASE("a window of days counts only those days")
  {
    std::filesystem::remove("reports_window.db");
    auto db = store::Database::open("reports_window.db");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    seed_ledger("reports_window.db");
    const config::Config config;
    util::ManualClock clock(k_now_ms);
    admin::AdminContext context{*db, config, clock};
    auto two_days = admin::execute(context, "usage", {{"by", "day"}, {"since_ms", k_now_ms - k_day_ms}});
    REQUIRE(two_days);
    CHECK((*two_days)["rows"].size() == 2);
    CHECK((*two_days)["total"]["cost_nanousd"].get<int64_t>()
          == scalar(*db, "SELECT sum(cost_nanousd) FROM requests WHERE created_at >= 1798588800000"));
  }

  TEST_CASE("cache stats: share of prompt tokens read from cache, and what it saved")
  {
    std::filesystem::remove("reports_cache.db");
    auto db = store::Database::open("reports_cache.db");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    seed_ledger("reports_cache.db");
    const config::Config config;
    util::ManualClock clock(k_now_ms);
    admin::AdminContext context{*db, config, clock};
    auto stats = admin::execute(context, "cache.stats", {{"by", "key"}, {"since_ms", k_now_ms - 30 * k_day_ms}});
    REQUIRE(stats);
    const auto& total = (*stats)["total"];
    CHECK(total["saved_nanousd"].get<int64_t>() == scalar(*db, "SELECT sum(saved_nanousd) FROM requests"));
    CHECK(total["cache_read_tokens"].get<int64_t>() == scalar(*db, "SELECT sum(cache_read_tokens) FROM requests"));
    CHECK(total["prompt_tokens"].get<int64_t>()
          == scalar(*db, "SELECT sum(input_tokens + cache_read_tokens + cache_write_tokens) FROM requests"));
    CHECK(total["hits"].get<int64_t>() == 299); // every request but the first read from cache
  }
}
