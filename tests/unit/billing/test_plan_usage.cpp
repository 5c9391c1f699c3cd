// Quota fill per plan (tokenrouter_quota_usage_percent): the fullest quota of each plan, over
// every limit it has; a passed day or month counts as empty.
#include <doctest/doctest.h>

#include "core/billing/plan_usage.hpp"
#include "core/billing/quota.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

constexpr int64_t k_now_ms = 1'798'675'200'000 + 12 * 3'600'000; // 2026-12-31T12:00Z

void exec(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  const auto row = st->step();
  REQUIRE(row);
  REQUIRE_FALSE(*row);
}

} // namespace

TEST_SUITE("billing::plan_usage")
{
  TEST_CASE("the fullest quota per plan, by users' and keys' plans; expired periods are empty")
  {
    auto db = store::Database::open(":memory:");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    const int64_t today = billing::period_start(billing::QuotaPeriod::day, k_now_ms);
    exec(*db, "INSERT INTO users (id, plan, created_at) VALUES ('u1', 'pro', 0), ('u2', 'free', 0)");
    exec(*db, "INSERT INTO api_keys (id, key_hash, prefix, user_id, created_at) VALUES "
              "('k1', x'01', 'tr-1', 'u2', 0), ('k2', x'02', 'tr-2', NULL, 0)");
    // pro: 95 % of its tokens (user quota); free: 30 % of requests, but 60 % of USD (key quota).
    exec(*db, "INSERT INTO quotas (scope, subject_id, kind, period, limit_tokens, used_tokens, period_start) "
              "VALUES ('user', 'u1', 'tokens', 'total', 1000, 950, 0)");
    exec(*db, "INSERT INTO quotas (scope, subject_id, kind, period, limit_requests, used_requests, limit_nanousd, "
              "used_nanousd, period_start) VALUES ('key', 'k1', 'hybrid', 'day', 10, 3, 100, 60, "
              + std::to_string(today) + ")");
    // Yesterday's day quota of a key without a user: counts as empty, under "none".
    exec(*db, "INSERT INTO quotas (scope, subject_id, kind, period, limit_tokens, used_tokens, period_start) "
              "VALUES ('key', 'k2', 'tokens', 'day', 100, 100, " + std::to_string(today - 86'400'000) + ")");

    auto usage = billing::quota_usage_by_plan(*db, k_now_ms);
    REQUIRE(usage);
    REQUIRE(usage->size() == 3);
    CHECK((*usage)[0].plan == "free");
    CHECK((*usage)[0].max_percent == doctest::Approx(60.0));
    CHECK((*usage)[1].plan == "none");
    CHECK((*usage)[1].max_percent == doctest::Approx(0.0));
    CHECK((*usage)[2].plan == "pro");
    CHECK((*usage)[2].max_percent == doctest::Approx(95.0));
  }
}
