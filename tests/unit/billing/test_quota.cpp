// Quotas: atomic reservation under concurrency (guarantee 1: no oversell), settle and release on
// every path, periods, weights, and balances that always equal the audit ledger.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "core/billing/ledger_writer.hpp"
#include "core/billing/quota_book.hpp"
#include "core/billing/quota_store.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;
using billing::Amount;

namespace {

constexpr int64_t k_now_ms = 1'798'675'200'000; // 2026-12-31T00:00:00Z

store::Database fresh_db(const std::string& path)
{
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  auto db = store::Database::open(path);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

int64_t make_quota(store::Database& db, billing::QuotaLimits limits,
                   billing::QuotaPeriod period = billing::QuotaPeriod::total,
                   const std::string& subject = "key_a", const std::string& scope = "key")
{
  billing::QuotaSpec spec;
  spec.scope = scope;
  spec.subject_id = subject;
  spec.period = period;
  spec.limits = limits;
  auto row = billing::set_quota(db, spec, "test", k_now_ms);
  REQUIRE(row);
  return row->id;
}

billing::Admission ask(int64_t input, int64_t output, int64_t now_ms = k_now_ms)
{
  billing::Admission a;
  a.key_id = "key_a";
  a.user_id = "alice";
  a.input_tokens = input;
  a.max_output_tokens = output;
  a.now_ms = now_ms;
  return a;
}

int64_t scalar(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int64(0);
}

// One request the way the gateway settles it: charges ride in the usage row.
bool serve_one(billing::QuotaBook& book, billing::UsageSink& sink, int n)
{
  auto hold = book.reserve(ask(600, 400));
  if (!hold) {
    CHECK(hold.error().code == ErrorCode::budget_exceeded);
    return false;
  }
  billing::UsageRecord row;
  row.request_id = "r" + std::to_string(n);
  row.created_at_ms = k_now_ms;
  row.key_id = "key_a";
  row.model = "m";
  row.status = 200;
  row.usage = {.input_tokens = 600, .output_tokens = 400};
  row.charges = hold->charges(row.usage, 0, true, k_now_ms);
  auto recorded = sink.record(row);
  hold->finish(recorded ? row.charges : std::vector<billing::QuotaCharge>{});
  return recorded.has_value();
}

} // namespace

TEST_SUITE("billing::QuotaBook")
{
  TEST_CASE("200 concurrent requests against a quota that fits exactly 50: 50 pass, ledger exact")
  {
    for (int round = 0; round < 20; ++round) {
      CAPTURE(round);
      auto db = fresh_db("quota_race.db");
      const int64_t id = make_quota(db, {.tokens = 50 * 1000});
      billing::QuotaBook book;
      REQUIRE(book.load_from(db));
      auto writer = billing::LedgerWriter::start({"quota_race.db", true, 1024});
      REQUIRE(writer);
      std::atomic<bool> go{false};
      std::atomic<int> passed{0};
      std::vector<std::thread> threads;
      for (int i = 0; i < 200; ++i) {
        threads.emplace_back([&, i] {
          while (!go.load()) {
            std::this_thread::yield();
          }
          passed += serve_one(book, **writer, i) ? 1 : 0;
        });
      }
      go = true;
      for (auto& t : threads) {
        t.join();
      }
      (*writer)->stop();
      CHECK(passed.load() == 50);
      const auto view = book.view(id);
      REQUIRE(view);
      CHECK(view->reserved == Amount{});
      CHECK(view->row.used.tokens == 50'000);
      CHECK(scalar(db, "SELECT used_tokens FROM quotas WHERE id = " + std::to_string(id)) == 50'000);
      CHECK(scalar(db, "SELECT sum(delta_tokens) FROM quota_ledger WHERE action = 'consume'") == 50'000);
      CHECK(scalar(db, "SELECT max(balance_after_tokens) FROM quota_ledger") == 50'000);
      CHECK(scalar(db, "SELECT count(*) FROM requests") == 50);
    }
  }

  TEST_CASE("a hold dropped or finished without a committed row releases everything")
  {
    auto db = fresh_db("quota_release.db");
    const int64_t id = make_quota(db, {.tokens = 1000, .requests = 1});
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    {
      auto hold = book.reserve(ask(100, 100));
      REQUIRE(hold);
      CHECK(book.view(id)->reserved == Amount{200, 1, 0});
      CHECK_FALSE(book.reserve(ask(1, 1))); // the one request is reserved
    } // e.g. the client went away before anything was recorded
    CHECK(book.view(id)->reserved == Amount{});
    auto hold = book.reserve(ask(100, 100));
    REQUIRE(hold);
    hold->finish({}); // upstream failed, nothing used
    CHECK(book.view(id)->reserved == Amount{});
    CHECK(book.view(id)->row.used == Amount{});
  }

  TEST_CASE("the first exhausted limit stops, and the message names it")
  {
    auto db = fresh_db("quota_hybrid.db");
    make_quota(db, {.tokens = 100'000, .requests = 2});
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    auto a = book.reserve(ask(10, 10));
    auto b = book.reserve(ask(10, 10));
    REQUIRE(a);
    REQUIRE(b);
    auto c = book.reserve(ask(10, 10));
    REQUIRE_FALSE(c);
    CHECK(c.error().code == ErrorCode::budget_exceeded);
    CHECK(c.error().message.find("total requests limit of key key_a") != std::string::npos);
  }

  TEST_CASE("key and user quotas must both pass")
  {
    auto db = fresh_db("quota_both.db");
    make_quota(db, {.tokens = 1'000'000});
    const int64_t user = make_quota(db, {.tokens = 150}, billing::QuotaPeriod::total, "alice", "user");
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    auto first = book.reserve(ask(50, 50));
    REQUIRE(first);
    auto second = book.reserve(ask(50, 50));
    REQUIRE_FALSE(second);
    CHECK(second.error().message.find("user alice") != std::string::npos);
    CHECK(book.view(user)->reserved.tokens == 100);
  }

  TEST_CASE("a daily quota starts again at UTC midnight")
  {
    auto db = fresh_db("quota_day.db");
    const int64_t id = make_quota(db, {.requests = 1}, billing::QuotaPeriod::day);
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    auto hold = book.reserve(ask(1, 1));
    REQUIRE(hold);
    hold->finish(hold->charges({.input_tokens = 1}, 0, true, k_now_ms));
    CHECK_FALSE(book.reserve(ask(1, 1, k_now_ms + 3'600'000)));
    auto tomorrow = book.reserve(ask(1, 1, k_now_ms + 86'400'000));
    CHECK(tomorrow);
    CHECK(book.view(id)->row.period_start_ms == k_now_ms + 86'400'000);
  }

  TEST_CASE("cache reads weigh 0.1 by default in token charges")
  {
    auto db = fresh_db("quota_weight.db");
    make_quota(db, {.tokens = 1'000'000});
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    auto hold = book.reserve(ask(10, 10));
    REQUIRE(hold);
    const auto charges = hold->charges({.input_tokens = 100, .cache_read_tokens = 9000, .output_tokens = 50},
                                       777, true, k_now_ms);
    REQUIRE(charges.size() == 1);
    CHECK(charges[0].amount == Amount{100 + 900 + 50, 1, 777});
  }

  TEST_CASE("a reload keeps the live balance unless an admin reset it")
  {
    auto db = fresh_db("quota_reload.db");
    const int64_t id = make_quota(db, {.tokens = 1000});
    billing::QuotaBook book;
    REQUIRE(book.load_from(db));
    auto hold = book.reserve(ask(100, 100));
    REQUIRE(hold);
    hold->finish(hold->charges({.input_tokens = 150}, 0, true, k_now_ms));
    REQUIRE(book.load_from(db)); // the store has not seen the charge (no ledger in this test)
    CHECK(book.view(id)->row.used.tokens == 150);
    REQUIRE(billing::reset_quota(db, id, "test", k_now_ms));
    REQUIRE(book.load_from(db));
    CHECK(book.view(id)->row.used.tokens == 0);
    CHECK(scalar(db, "SELECT count(*) FROM quota_ledger WHERE action = 'reset' AND actor = 'test'") == 1);
  }
}

TEST_SUITE("billing::quota")
{
  TEST_CASE("period starts are UTC midnight and the 1st of the month")
  {
    const int64_t mid_march = 1'773'835'200'000; // 2026-03-18T12:00:00Z
    CHECK(billing::period_start(billing::QuotaPeriod::day, mid_march) == 1'773'792'000'000);
    CHECK(billing::period_start(billing::QuotaPeriod::month, mid_march) == 1'772'323'200'000);
    CHECK(billing::period_start(billing::QuotaPeriod::total, mid_march) == 0);
  }

  TEST_CASE("a unit at its limit admits nothing, not even a zero-cost request")
  {
    const billing::QuotaLimits limits{.nanousd = 100};
    CHECK(billing::fits(limits, {0, 0, 99}, {0, 0, 0}, nullptr));
    CHECK_FALSE(billing::fits(limits, {0, 0, 100}, {0, 0, 0}, nullptr));
    CHECK_FALSE(billing::fits(limits, {0, 0, 50}, {0, 0, 51}, nullptr));
  }
}
