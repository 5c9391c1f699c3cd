// Rate limits through the running daemon: exact admission under concurrency,
// headers counting down, 429s in the client's dialect, and failed
// authentications limited per address.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

std::map<std::string, std::string> cli_env()
{
  const auto home = std::filesystem::current_path() / "rate-home";
  std::filesystem::create_directories(home);
  return {{"HOME", home.string()},
          {"XDG_CONFIG_HOME", (home / ".config").string()},
          {"XDG_DATA_HOME", (home / ".local/share").string()}};
}

struct Rig {
  FakeUpstream upstream;
  // Dedup off: identical concurrent requests must each reach the upstream, so the upstream's
  // call count shows exactly what the limiter admitted.
  DaemonProcess daemon{{"[pipeline]\ndedup = false\n" + fake_routes_config(upstream.url()), fake_env()}};

  std::string create_key(const std::vector<std::string>& options)
  {
    std::vector<std::string> args{
        "--db", daemon.db_path(), "--json", "keys", "create", "--name", "limited"};
    args.insert(args.end(), options.begin(), options.end());
    auto result = run_cli_binary(args, cli_env());
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out)["key"];
  }

  HttpAnswer chat(const std::string& key, bool stream = false, int max_tokens = 50)
  {
    json body{{"model", "gpt-4o"},
              {"stream", stream},
              {"max_tokens", max_tokens},
              {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    return http_post(
        daemon.url(), "/v1/chat/completions", body.dump(), {{"Authorization", "Bearer " + key}});
  }
};

} // namespace

TEST_SUITE("integration::rate_limits")
{
  TEST_CASE("rpm = 5 under 32 concurrent clients: exactly 5 served, the rest "
            "429 with retry-after")
  {
    Rig rig;
    const std::string key = rig.create_key({"--rpm", "5"});
    std::vector<HttpAnswer> answers(32);
    std::vector<std::thread> clients;
    std::atomic<bool> go{false};
    for (size_t i = 0; i < answers.size(); ++i) {
      clients.emplace_back([&, i] {
        while (!go.load()) {
          std::this_thread::yield();
        }
        // A connection the daemon never accepted (status 0: its listen backlog
        // overflowed) was not counted by the limiter either: try it again.
        for (int attempt = 0; attempt < 5 && answers[i].status == 0; ++attempt) {
          answers[i] = rig.chat(key);
        }
      });
    }
    go = true;
    for (auto& client : clients) {
      client.join();
    }
    int served = 0;
    int limited = 0;
    for (const auto& answer : answers) {
      if (answer.status == 200) {
        ++served;
      } else if (answer.status == 429) {
        ++limited;
        CHECK(std::stoi(answer.header("retry-after")) >= 1);
        CHECK(answer.header("x-ratelimit-remaining-requests") == "0");
        CHECK(answer.json()["error"]["type"] == "rate_limit_exceeded");
      }
      INFO("status " << answer.status << ": " << answer.body);
      CHECK(answer.header("x-ratelimit-limit-requests") == "5");
    }
    CHECK(served == 5);
    CHECK(limited == 27);
    CHECK(rig.upstream.calls() == 5);
  }

  TEST_CASE("headers count down on every response, streams included; 429 in "
            "the Anthropic dialect")
  {
    Rig rig;
    const std::string key = rig.create_key({"--rpm", "5", "--tpm", "100000"});
    for (int expected = 4; expected >= 0; --expected) {
      const auto answer = rig.chat(key, expected % 2 == 0);
      REQUIRE(answer.status == 200);
      CHECK(answer.header("x-ratelimit-limit-requests") == "5");
      CHECK(answer.header("x-ratelimit-remaining-requests") == std::to_string(expected));
      CHECK(answer.header("x-ratelimit-limit-tokens") == "100000");
      CHECK(std::stoll(answer.header("x-ratelimit-remaining-tokens")) < 100000);
      CHECK(!answer.header("x-ratelimit-reset-requests").empty());
      CHECK(!answer.header("x-ratelimit-reset-tokens").empty());
    }
    json body{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 64},
              {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto refused = http_post(rig.daemon.url(),
                             "/v1/messages",
                             body.dump(),
                             {{"x-api-key", key}, {"anthropic-version", "2023-06-01"}});
    CHECK(refused.status == 429);
    CHECK(refused.json()["type"] == "error");
    CHECK(refused.json()["error"]["type"] == "rate_limit_error");
    CHECK(std::stoi(refused.header("retry-after")) >= 1);
    CHECK(refused.header("x-ratelimit-remaining-requests") == "0");
  }

  TEST_CASE("tokens per minute: charged with max_tokens at admission, "
            "corrected to the usage after")
  {
    Rig rig;
    const std::string key = rig.create_key({"--tpm", "120"});
    // ~25 input tokens + 100 max output: more than the bucket holds, admitted
    // on a full bucket.
    auto big = rig.chat(key, false, 100);
    REQUIRE(big.status == 200);
    CHECK(big.header("x-ratelimit-limit-tokens") == "120");
    CHECK(big.header("x-ratelimit-remaining-tokens") == "0");
    // The fake used ~40 tokens: the settle refunded the rest, so a small
    // request fits at once.
    auto small = rig.chat(key, false, 1);
    CHECK(small.status == 200);
    auto again = rig.chat(key, false, 100);
    CHECK(again.status == 429);
    CHECK(std::stoi(again.header("retry-after")) >= 1);
    CHECK(again.json()["error"]["message"].get<std::string>().find("tokens per minute")
          != std::string::npos);
  }

  TEST_CASE("failed authentications are limited per address: 20 a minute, then "
            "429 for every key")
  {
    Rig rig;
    const std::string good = rig.daemon.dev_key();
    for (int i = 0; i < 20; ++i) {
      REQUIRE(rig.chat("tr-guess" + std::to_string(i)).status == 401);
    }
    auto blocked = rig.chat("tr-guess-21");
    CHECK(blocked.status == 429);
    CHECK(std::stoi(blocked.header("retry-after")) >= 1);
    CHECK(rig.chat(good).status == 429); // a correct guess would not be told apart
    CHECK(rig.upstream.calls() == 0);
  }
}
