// Pricing history end to end: a price change while the daemon runs prices the requests before
// and after it differently, each with the price in force when it ran; reports and CSV agree.
#include <doctest/doctest.h>

#include <thread>

#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

std::vector<int64_t> costs(const std::string& db_path)
{
  auto db = tokenrouter::store::Database::open(db_path);
  REQUIRE(db);
  auto st = db->prepare("SELECT cost_nanousd FROM requests ORDER BY id");
  REQUIRE(st);
  std::vector<int64_t> out;
  while (*st->step()) {
    out.push_back(st->column_int64(0));
  }
  return out;
}

} // namespace

TEST_SUITE("integration::billing")
{
  TEST_CASE("a price change mid-period: old and new requests priced with their own prices")
  {
    FakeUpstream upstream;
    upstream.set_script({.input_tokens = 1000, .output_tokens = 100});
    DaemonProcess daemon{{fake_routes_config(upstream.url()), fake_env()}};
    const std::string key = daemon.dev_key();
    const json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + key}};
    REQUIRE(http_post(daemon.url(), "/v1/chat/completions", body.dump(), auth).status == 200);

    const std::map<std::string, std::string> env{{"TOKENROUTER_CONFIG", daemon.dir() + "/config.toml"}};
    auto set = run_cli_binary({"--db", daemon.db_path(), "pricing", "set", "gpt-4o", "--prompt", "5",
                               "--completion", "20", "--provider", "openai"}, env);
    REQUIRE_MESSAGE(set.exit_code == 0, set.err);
    std::this_thread::sleep_for(std::chrono::milliseconds(1600)); // the daemon's store watch
    REQUIRE(http_post(daemon.url(), "/v1/chat/completions", body.dump(), auth).status == 200);

    // 1000 × $2.50/M + 100 × $10/M, then 1000 × $5/M + 100 × $20/M.
    CHECK(costs(daemon.db_path()) == std::vector<int64_t>{3'500'000, 7'000'000});

    auto history = run_cli_binary({"--db", daemon.db_path(), "--json", "pricing", "list", "--history"}, env);
    REQUIRE(history.exit_code == 0);
    int gpt4o_rows = 0;
    const json listed = json::parse(history.out);
    for (const auto& row : listed["prices"]) {
      gpt4o_rows += row["model"] == "gpt-4o" ? 1 : 0;
    }
    CHECK_MESSAGE(gpt4o_rows == 2, history.out.substr(0, 400));

    auto csv = run_cli_binary({"--db", daemon.db_path(), "usage", "--by", "model", "--format", "csv"}, env);
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("gpt-4o,2,") != std::string::npos);
    CHECK(csv.out.find("total,2,") != std::string::npos);
    CHECK(csv.out.find(",0.0105,10500000\n") != std::string::npos); // both rows and the total
  }
}
