// Dedup through the daemon: identical in-flight non-streaming requests from one key share one
// upstream call; the followers are recorded as dedup hits with zero upstream usage.
#include <doctest/doctest.h>

#include <future>
#include <vector>

#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/db_scalar.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;


TEST_SUITE("integration::dedup")
{
  TEST_CASE("8 identical concurrent requests: one upstream call, 7 dedup hits at zero usage")
  {
    FakeUpstream upstream;
    upstream.push_fault({Fault::stall_headers, 0, "", -1, 1500}); // the leader's call stays open
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    const json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "same question"}}}}};
    std::vector<std::future<HttpAnswer>> answers;
    for (int i = 0; i < 8; ++i) {
      answers.push_back(std::async(std::launch::async, [&] {
        return http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                         {{"Authorization", "Bearer " + daemon.dev_key()}});
      }));
    }
    for (auto& answer : answers) {
      auto got = answer.get();
      CHECK(got.status == 200);
      CHECK(got.json()["choices"][0]["message"]["content"] == "Hello from the fake upstream.");
    }
    CHECK(upstream.calls() == 1);
    CHECK(db_scalar(daemon.db_path(), "SELECT count(*) FROM requests") == 8);
    CHECK(db_scalar(daemon.db_path(), "SELECT count(*) FROM requests WHERE dedup_hit = 1") == 7);
    CHECK(db_scalar(daemon.db_path(), "SELECT sum(output_tokens) FROM requests WHERE dedup_hit = 1") == 0);
    CHECK(db_scalar(daemon.db_path(), "SELECT sum(dedup_hits) FROM cache_stats") == 7);
  }

  TEST_CASE("with [pipeline] dedup = false every request goes upstream")
  {
    FakeUpstream upstream;
    upstream.push_fault({Fault::stall_headers, 0, "", -1, 800});
    DaemonProcess daemon({"[pipeline]\ndedup = false\n" + fake_routes_config(upstream.url()), fake_env()});
    const json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "same"}}}}};
    std::vector<std::future<HttpAnswer>> answers;
    for (int i = 0; i < 4; ++i) {
      answers.push_back(std::async(std::launch::async, [&] {
        return http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                         {{"Authorization", "Bearer " + daemon.dev_key()}});
      }));
    }
    for (auto& answer : answers) {
      CHECK(answer.get().status == 200);
    }
    CHECK(upstream.calls() == 4);
  }
}
