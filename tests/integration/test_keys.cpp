// Virtual keys end to end through the running daemon: the CLI changes the
// database while the daemon runs, and the daemon follows within a second.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

std::map<std::string, std::string> cli_env()
{
  const auto home = std::filesystem::current_path() / "keys-home";
  std::filesystem::create_directories(home);
  return {{"HOME", home.string()},
          {"XDG_CONFIG_HOME", (home / ".config").string()},
          {"XDG_DATA_HOME", (home / ".local/share").string()},
          {"NO_COLOR", "1"}};
}

struct Rig {
  FakeUpstream upstream;
  DaemonProcess daemon{{fake_routes_config(upstream.url()), fake_env()}};

  // `tokenrouter --db <the daemon's db> --json ARGS…`, which must succeed.
  json cli(std::vector<std::string> args)
  {
    args.insert(args.begin(), {"--db", daemon.db_path(), "--json"});
    auto result = run_cli_binary(args, cli_env());
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    REQUIRE(result.exit_code == 0);
    return json::parse(result.out);
  }

  int chat(const std::string& key, const std::string& model = "gpt-4o")
  {
    json body{{"model", model}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    return http_post(daemon.url(),
                     "/v1/chat/completions",
                     body.dump(),
                     {{"Authorization", "Bearer " + key}})
        .status;
  }

  // Milliseconds until `key` is refused (polling every 50 ms), or -1 after
  // `limit_ms`.
  int64_t ms_until_refused(const std::string& key, int64_t limit_ms)
  {
    const auto start = Clock::now();
    while (Clock::now() - start < std::chrono::milliseconds(limit_ms)) {
      if (chat(key) == 401) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }
};

} // namespace

TEST_SUITE("integration::keys")
{
  TEST_CASE("lifecycle: create, use, revoke with the CLI, refused within a second")
  {
    Rig rig;
    json created = rig.cli({"keys", "create", "--name", "life"});
    const std::string secret = created["key"];
    REQUIRE(rig.chat(secret) == 200);
    rig.cli({"keys", "revoke", created["id"]});
    const int64_t refused_after = rig.ms_until_refused(secret, 3000);
    CHECK(refused_after >= 0);
    CHECK(refused_after <= 1200);

    // A revoked key and an unknown key get the same answer: no hint that the
    // key exists.
    json body{{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto revoked = http_post(rig.daemon.url(),
                             "/v1/chat/completions",
                             body.dump(),
                             {{"Authorization", "Bearer " + secret}});
    auto unknown = http_post(rig.daemon.url(),
                             "/v1/chat/completions",
                             body.dump(),
                             {{"Authorization", "Bearer tr-" + std::string(40, 'x')}});
    CHECK(revoked.status == 401);
    CHECK(revoked.body == unknown.body);
    CHECK(revoked.json()["error"]["type"] == "authentication_error");
  }

  TEST_CASE("x-api-key works as well as Authorization: Bearer; Anthropic "
            "clients get Anthropic errors")
  {
    Rig rig;
    const std::string secret = rig.cli({"keys", "create", "--name", "anthropic"})["key"];
    json body{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 64},
              {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto ok = http_post(rig.daemon.url(),
                        "/v1/messages",
                        body.dump(),
                        {{"x-api-key", secret}, {"anthropic-version", "2023-06-01"}});
    CHECK(ok.status == 200);
    auto bad = http_post(rig.daemon.url(),
                         "/v1/messages",
                         body.dump(),
                         {{"x-api-key", secret + "0"}, {"anthropic-version", "2023-06-01"}});
    CHECK(bad.status == 401);
    CHECK(bad.json()["type"] == "error");
    CHECK(bad.json()["error"]["type"] == "authentication_error");
  }

  TEST_CASE("expiry: a key made to expire in 2 s is refused after it")
  {
    Rig rig;
    const std::string secret =
        rig.cli({"keys", "create", "--name", "short", "--expires", "2s"})["key"];
    REQUIRE(rig.chat(secret) == 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    CHECK(rig.ms_until_refused(secret, 2500) >= 0);
  }

  TEST_CASE("rotation: the old secret works during the grace period, then only "
            "the new one")
  {
    Rig rig;
    json created = rig.cli({"keys", "create", "--name", "rotating", "--models", "gpt-*"});
    const std::string old_secret = created["key"];
    REQUIRE(rig.chat(old_secret) == 200);
    json rotated = rig.cli({"keys", "rotate", created["id"], "--grace", "2s"});
    const std::string new_secret = rotated["key"];
    CHECK(rotated["replaces"] == created["id"]);
    CHECK(rig.chat(new_secret) == 200);
    CHECK(rig.chat(old_secret) == 200);                      // grace period
    CHECK(rig.chat(new_secret, "claude-sonnet-4-5") == 403); // same allowlist
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    CHECK(rig.ms_until_refused(old_secret, 2500) >= 0);
    CHECK(rig.chat(new_secret) == 200);
    json old = rig.cli({"keys", "show", created["id"]});
    CHECK(old["active"] == false);
    CHECK(old["replaced_by"] == rotated["id"]);
  }

  TEST_CASE("allowlist: a model outside the key's globs is 403 in the client's "
            "dialect")
  {
    Rig rig;
    const std::string secret =
        rig.cli({"keys", "create", "--name", "gpt-only", "--models", "gpt-*"})["key"];
    CHECK(rig.chat(secret, "gpt-4o") == 200);
    json body{{"model", "claude-sonnet-4-5"},
              {"max_tokens", 64},
              {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto refused = http_post(rig.daemon.url(),
                             "/v1/messages",
                             body.dump(),
                             {{"x-api-key", secret}, {"anthropic-version", "2023-06-01"}});
    CHECK(refused.status == 403);
    CHECK(refused.json()["error"]["type"] == "permission_error");
    CHECK(rig.upstream.calls() == 1);
  }

  TEST_CASE("the secret appears nowhere in the database files or the daemon's log")
  {
    Rig rig;
    std::vector<std::string> secrets;
    json created = rig.cli({"keys", "create", "--name", "hidden"});
    secrets.push_back(created["key"]);
    secrets.push_back(rig.cli({"keys", "rotate", created["id"], "--grace", "1h"})["key"]);
    for (const auto& secret : secrets) {
      REQUIRE(rig.chat(secret) == 200);
      CHECK(rig.chat(secret + "typo") == 401);
    }
    REQUIRE(rig.chat(rig.daemon.dev_key()) == 200);
    secrets.push_back(rig.daemon.dev_key());
    std::this_thread::sleep_for(std::chrono::milliseconds(2500)); // last_used_at flushed
    CHECK_FALSE(rig.cli({"keys", "show", created["id"]})["last_used_at"].is_null());
    rig.daemon.stop();

    const std::string db = rig.daemon.db_path();
    std::string stored;
    for (const auto& file : {db, db + "-wal", db + "-shm", db + "-journal"}) {
      stored += read_file(file);
    }
    const std::string log = rig.daemon.log();
    REQUIRE(!stored.empty());
    REQUIRE(!log.empty());
    for (const auto& secret : secrets) {
      const std::string random_part = secret.substr(8); // after the display prefix "tr-XXXXX"
      CHECK(stored.find(random_part) == std::string::npos);
      CHECK(log.find(random_part) == std::string::npos);
    }
  }
}
