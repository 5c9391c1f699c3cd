// Guarantee 2 under SIGKILL: the daemon is killed 20 times at random moments while clients stream
// and not; after each restart the database passes its integrity check, every response a client
// fully received has exactly one usage row, every quota's balance equals its audit ledger and the
// rows it charged, and no quota reservation or capacity allocation is left behind.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <thread>

#include "core/billing/quota_store.hpp"
#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;
namespace billing = tokenrouter::billing;
namespace store = tokenrouter::store;

namespace {

store::Database open_db(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  return std::move(*db);
}

int64_t scalar(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_int64(0);
}

std::string text(store::Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st);
  REQUIRE(*st->step());
  return st->column_text(0);
}

// A response the client got to the end: a whole JSON body, or a stream through its last event.
bool fully_received(const HttpAnswer& answer, bool stream)
{
  if (answer.status != 200) {
    return false;
  }
  return stream ? answer.body.find("data: [DONE]") != std::string::npos : answer.json().is_object();
}

struct Load {
  std::mutex mutex;
  std::vector<std::string> received; // x-request-id of every fully received response
  std::atomic<bool> stop{false};

  void run(const std::string& url, const std::string& key, int worker)
  {
    for (int i = 0; !stop.load(); ++i) {
      const bool stream = (worker + i) % 2 == 0;
      json body = {{"model", "gpt-4o"}, {"stream", stream}, {"max_tokens", 50},
                   {"messages", {{{"role", "user"}, {"content", "count to ten " + std::to_string(i)}}}}};
      auto answer = http_post(url, "/v1/chat/completions", body.dump(), {{"Authorization", "Bearer " + key}}, 5);
      if (fully_received(answer, stream)) {
        std::lock_guard lock(mutex);
        received.push_back(answer.header("x-request-id"));
      }
    }
  }
};

} // namespace

TEST_SUITE("integration::crash")
{
  TEST_CASE("SIGKILL under load: every fully received response is billed, quotas equal the ledger")
  {
    FakeUpstream upstream;
    upstream.set_script({.input_tokens = 120, .output_tokens = 9, .event_delay_ms = 2});
    DaemonProcess daemon{{fake_routes_config(upstream.url()), fake_env()}};
    const std::string key = daemon.dev_key();
    int64_t quota_id = 0;
    {
      auto db = open_db(daemon.db_path());
      auto st = db.prepare("SELECT id FROM api_keys LIMIT 1");
      REQUIRE(st);
      REQUIRE(*st->step());
      billing::QuotaSpec spec;
      spec.subject_id = st->column_text(0);
      spec.period = billing::QuotaPeriod::total;
      spec.limits = {.tokens = 1'000'000'000, .requests = 1'000'000};
      auto row = billing::set_quota(db, spec, "test", 0);
      REQUIRE(row);
      quota_id = row->id;
    }
    daemon.kill();
    daemon.restart(); // loads the quota at startup
    size_t checked = 0;
    const unsigned seed = std::random_device{}();
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> kill_after_ms(100, 900);
    MESSAGE("kill moments seed: " << seed);
    const int kills = 20;
    for (int round = 0; round < kills; ++round) {
      CAPTURE(round);
      CAPTURE(seed);
      Load load;
      std::vector<std::thread> workers;
      for (int w = 0; w < 6; ++w) {
        workers.emplace_back([&, w] { load.run(daemon.url(), key, w); });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
      daemon.kill();
      load.stop = true;
      for (auto& w : workers) {
        w.join();
      }
      daemon.restart();
      auto db = open_db(daemon.db_path());
      CHECK(text(db, "PRAGMA integrity_check") == "ok");
      for (const auto& id : load.received) {
        CAPTURE(id);
        CHECK(scalar(db, "SELECT count(*) FROM requests WHERE request_id = '" + id + "'") == 1);
      }
      checked += load.received.size();
      const std::string q = std::to_string(quota_id);
      const int64_t used_requests = scalar(db, "SELECT used_requests FROM quotas WHERE id = " + q);
      CHECK(used_requests == scalar(db, "SELECT coalesce(sum(delta_requests), 0) FROM quota_ledger WHERE quota_id = " + q));
      CHECK(used_requests == scalar(db, "SELECT count(*) FROM requests WHERE status = 200"));
      CHECK(scalar(db, "SELECT used_tokens FROM quotas WHERE id = " + q)
            == scalar(db, "SELECT coalesce(sum(input_tokens + cache_write_tokens + output_tokens), 0) "
                          "FROM requests WHERE status = 200"));
      CHECK(scalar(db, "SELECT reserved_tokens + reserved_requests FROM quotas WHERE id = " + q) == 0);
      CHECK(scalar(db, "SELECT count(*) FROM allocations") == 0); // emptied at start
    }
    MESSAGE("kills survived: " << kills << ", fully received responses checked: " << checked);
    CHECK(checked > 0);
  }
}
