#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/billing/ledger_writer.hpp"
#include "core/store/database.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

std::string migrated_db(const std::string& name)
{
  auto db = store::Database::open(name);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return name;
}

billing::UsageRecord row(const std::string& id)
{
  billing::UsageRecord r;
  r.request_id = id;
  r.created_at_ms = 1'798'675'200'000; // 2026-12-31
  r.key_id = "key_1";
  r.model = "gpt-4o";
  r.provider = "oa";
  r.status = 200;
  r.usage = {.input_tokens = 100, .cache_read_tokens = 900, .output_tokens = 50};
  r.cost_nanousd = 1234;
  return r;
}

int64_t scalar(const std::string& path, const std::string& sql)
{
  auto db = store::Database::open(path);
  auto st = db->prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int64(0);
}

} // namespace

TEST_SUITE("billing::LedgerWriter")
{
  TEST_CASE("ack mode: every recorded row is committed when record() returns, aggregates agree")
  {
    const auto path = migrated_db("ledger.db");
    auto writer = billing::LedgerWriter::start({path, true, 1024});
    REQUIRE(writer);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 50; ++i) {
          if ((*writer)->record(row("r" + std::to_string(t) + "-" + std::to_string(i)))) {
            ++ok;
            // Durable before return: visible to another connection at once.
          }
        }
      });
    }
    for (auto& th : threads) {
      th.join();
    }
    CHECK(ok == 400);
    CHECK(scalar(path, "SELECT count(*) FROM requests") == 400);
    CHECK(scalar(path, "SELECT requests FROM daily_usage WHERE day = '2026-12-31'") == 400);
    CHECK(scalar(path, "SELECT sum(cost_nanousd) FROM requests")
          == scalar(path, "SELECT sum(cost_nanousd) FROM daily_usage"));
    CHECK(scalar(path, "SELECT hits FROM cache_stats") == 400);
    CHECK(scalar(path, "SELECT cached_tokens FROM cache_stats") == 360000);
  }

  TEST_CASE("utc_day")
  {
    CHECK(billing::utc_day(1'798'761'599'000) == "2026-12-31");
    CHECK(billing::utc_day(0) == "1970-01-01");
  }

  TEST_CASE("a duplicate request id is kept, not dropped and not failing its batch")
  {
    const auto path = migrated_db("dup.db");
    auto writer = billing::LedgerWriter::start({path, true, 16});
    REQUIRE(writer);
    CHECK((*writer)->record(row("same")));
    CHECK((*writer)->record(row("same")));
    CHECK(scalar(path, "SELECT count(*) FROM requests") == 2);
  }

  TEST_CASE("a full queue is `unavailable`, never a silent drop; stop() drains")
  {
    const auto path = migrated_db("full.db");
    auto writer = billing::LedgerWriter::start({path, false, 1});
    REQUIRE(writer);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 2000; ++i) {
      auto result = (*writer)->record(row("a" + std::to_string(i)));
      if (result) {
        ++accepted;
      } else {
        CHECK(result.error().code == ErrorCode::unavailable);
        ++refused;
      }
    }
    (*writer)->stop();
    CHECK(accepted + refused == 2000);
    CHECK(scalar(path, "SELECT count(*) FROM requests") == accepted);
  }
}
