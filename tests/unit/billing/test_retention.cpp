// Retention removes only rows older than the cutoff, keeps the daily aggregates, and records
// its run where `tokenrouter status` reads it.
#include <doctest/doctest.h>

#include <filesystem>

#include "core/billing/retention.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

constexpr int64_t k_day_ms = 86'400'000;
constexpr int64_t k_now_ms = 1'798'675'200'000;

int64_t count(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int64(0);
}

void seed(store::Database& db, int64_t age_days, int rows)
{
  REQUIRE(db.exec("INSERT INTO quotas (id, scope, subject_id, kind, period) VALUES (1, 'key', 'k', 'tokens', 'total') "
                  "ON CONFLICT DO NOTHING"));
  auto st = db.prepare("INSERT INTO requests (request_id, created_at, model) VALUES (?1, ?2, 'm')");
  auto audit = db.prepare("INSERT INTO quota_ledger (quota_id, action, created_at) VALUES (1, 'consume', ?1)");
  REQUIRE(st);
  REQUIRE(audit);
  for (int i = 0; i < rows; ++i) {
    const int64_t at = k_now_ms - age_days * k_day_ms - i;
    st->reset();
    st->bind_all("r" + std::to_string(age_days) + "-" + std::to_string(i), at);
    REQUIRE(st->run());
    audit->reset();
    audit->bind_all(at);
    REQUIRE(audit->run());
  }
}

} // namespace

TEST_SUITE("billing::Retention")
{
  TEST_CASE("prune removes only what is older than the cutoff, in batches")
  {
    std::filesystem::remove("retention.db");
    auto db = store::Database::open("retention.db");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    seed(*db, 200, 2500); // older than 180 days: more than one batch
    seed(*db, 10, 40);
    REQUIRE(db->exec("INSERT INTO daily_usage (day, model, requests) VALUES ('2026-06-01', 'm', 2500)"));
    REQUIRE(db->exec("INSERT INTO idempotent_responses VALUES ('k', 'old', 'r', 1, 200, '{}'), "
                     "('k', 'new', 'r2', 1798675100000, 200, '{}')"));
    auto removed = billing::prune(*db, k_now_ms - 180 * k_day_ms, k_now_ms, 1000);
    REQUIRE(removed);
    CHECK(*removed == 2500 + 2500 + 1);
    CHECK(count(*db, "SELECT count(*) FROM requests") == 40);
    CHECK(count(*db, "SELECT min(created_at) FROM requests") > k_now_ms - 180 * k_day_ms);
    CHECK(count(*db, "SELECT count(*) FROM quota_ledger") == 40);
    CHECK(count(*db, "SELECT count(*) FROM daily_usage") == 1);
    CHECK(count(*db, "SELECT count(*) FROM idempotent_responses") == 1);
  }

  TEST_CASE("a run is recorded for status: when, how many, when next")
  {
    std::filesystem::remove("retention_run.db");
    auto db = store::Database::open("retention_run.db");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    seed(*db, 400, 3);
    util::ManualClock clock(k_now_ms);
    auto write = store::Database::open("retention_run.db");
    REQUIRE(write);
    config::RetentionConfig config;
    config.enabled = false; // no background thread: run by hand
    billing::Retention retention(std::move(*write), config, clock);
    auto run = retention.run_once();
    REQUIRE(run);
    CHECK(run->rows_removed == 6);
    auto recorded = billing::last_retention_run(*db);
    REQUIRE(recorded);
    CHECK(recorded->ran_at_ms == k_now_ms);
    CHECK(recorded->rows_removed == 6);
    CHECK(recorded->next_run_ms == k_now_ms + 24 * 3'600'000);
  }
}
