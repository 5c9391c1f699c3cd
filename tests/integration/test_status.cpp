// tokenrouter status against a running daemon that has served requests: version and uptime
// (from /metrics), today's requests, cost and cache hit ratio, the ledger, provider health.
#include <doctest/doctest.h>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

TEST_SUITE("integration::status")
{
  TEST_CASE("status shows the daemon's version and uptime, today's usage and provider health")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url(), "[routing]\nretries = 0\n"), fake_env()});
    const json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hello"}}}}};
    for (int i = 0; i < 2; ++i) {
      CHECK(http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                      {{"Authorization", "Bearer " + daemon.dev_key()}, {"x-request-id", "st" + std::to_string(i)}})
                .status == 200);
    }
    upstream.push_fault({Fault::status, 503, R"({"error":{"message":"overloaded","type":"server_error"}})"});
    CHECK(http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                    {{"Authorization", "Bearer " + daemon.dev_key()}})
              .status >= 500);

    const std::string config_path = daemon.dir() + "/config.toml";
    std::map<std::string, std::string> env = fake_env();
    env["TOKENROUTER_LISTEN"] = "127.0.0.1:" + std::to_string(daemon.port());
    env["HOME"] = daemon.dir();
    const auto result = run_cli_binary({"--config", config_path, "--db", daemon.db_path(), "--json", "status"}, env);
    REQUIRE(result.exit_code == 0);
    const json status = json::parse(result.out);
    CHECK(status["daemon"]["up"] == true);
    CHECK(status["daemon"]["version"] == TKR_VERSION_STRING);
    CHECK(status["daemon"]["uptime_s"].get<int64_t>() >= 0);
    CHECK(status["daemon"]["active_streams"] == 0);
    CHECK(status["today"]["requests"] == 3);
    CHECK(status["today"]["cache_hits"].get<int64_t>() + status["today"]["cache_misses"].get<int64_t>() == 3);
    CHECK(status["today"]["cache_hit_ratio"].is_number());
    CHECK(status["ledger"]["committed_rows"] == 3);
    CHECK(status["ledger"]["queue_capacity"].get<int64_t>() > 0);
    bool saw_oa = false;
    for (const auto& provider : status["providers"]) {
      if (provider["name"] == "oa") {
        saw_oa = true;
        CHECK(provider["requests_1h"] == 3);
        CHECK(provider["errors_1h"] == 1);
        CHECK(provider["health"] == "degraded");
        CHECK(provider["last_error_type"] == "upstream_failed");
      }
      if (provider["name"] == "an") {
        CHECK(provider["health"] == "idle");
      }
    }
    CHECK(saw_oa);

    const auto human = run_cli_binary({"--config", config_path, "--db", daemon.db_path(), "status"}, env);
    CHECK(human.exit_code == 0);
    CHECK(human.out.find("tokenrouterd " TKR_VERSION_STRING) != std::string::npos);
    CHECK(human.out.find("3 requests") != std::string::npos);
    CHECK(human.out.find("oa (openai): degraded") != std::string::npos);
    CHECK(human.out.find("usage ledger") != std::string::npos);
  }
}
