// The CLI binary: --json output of every command shape, exit codes, and the local database.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/daemon_process.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

std::map<std::string, std::string> scratch_env()
{
  const auto home = std::filesystem::current_path() / "cli-home";
  std::filesystem::create_directories(home);
  return {{"HOME", home.string()},
          {"XDG_CONFIG_HOME", (home / ".config").string()},
          {"XDG_DATA_HOME", (home / ".local/share").string()},
          {"NO_COLOR", "1"}};
}

json run_json(const std::vector<std::string>& args, int expected_exit = 0)
{
  auto result = run_cli_binary(args, scratch_env());
  INFO("stdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == expected_exit);
  auto parsed = json::parse(result.out, nullptr, false);
  CHECK(parsed.is_object());
  return parsed;
}

} // namespace

TEST_SUITE("integration::cli")
{
  TEST_CASE("keys create prints the secret once; the database holds only its hash")
  {
    auto created = run_json({"--db", "cli.db", "--json", "keys", "create", "--name", "ci", "--models",
                             "gpt-*,claude-*", "--expires", "30d", "--rpm", "60"});
    const std::string secret = created["key"];
    CHECK(secret.rfind("tr-", 0) == 0);
    CHECK(secret.size() >= 35);
    CHECK(created["id"].get<std::string>().rfind("key_", 0) == 0);

    auto listed = run_json({"--db", "cli.db", "--json", "keys", "list"});
    REQUIRE(listed["keys"].size() == 1);
    auto key = listed["keys"][0];
    CHECK(key["name"] == "ci");
    CHECK(key["prefix"] == secret.substr(0, 8));
    CHECK(key["models"] == json{"gpt-*", "claude-*"});
    CHECK(key["rpm"] == 60);
    CHECK(key["active"] == true);
    CHECK(listed.dump().find(secret) == std::string::npos);

    for (const char* file : {"cli.db", "cli.db-wal"}) {
      if (std::filesystem::exists(file)) {
        CHECK(read_file(file).find(secret.substr(3)) == std::string::npos);
      }
    }
  }

  TEST_CASE("config init, check and show")
  {
    auto written = run_json({"--config", "init.toml", "--json", "config", "init"});
    CHECK(written["path"] == "init.toml");
    auto again = run_cli_binary({"--config", "init.toml", "config", "init"}, scratch_env());
    CHECK(again.exit_code == 2);
    CHECK(again.err.find("already exists") != std::string::npos);
    auto checked = run_json({"--json", "config", "check", "init.toml"});
    CHECK(checked["valid"] == true);
    auto shown = run_json({"--config", "init.toml", "--json", "config", "show"});
    CHECK(shown["server"]["listen"] == "127.0.0.1:8787");
    CHECK(shown["store"]["durability"] == "ack");
  }

  TEST_CASE("status reports the database, its schema and a daemon that is down")
  {
    auto status = run_json({"--db", "status.db", "--json", "status"});
    CHECK(status["schema_version"].get<int>() >= 1);
    CHECK(status["database"] == "status.db");
    CHECK(status["daemon"]["up"] == false);
    auto human = run_cli_binary({"--db", "status.db", "status"}, scratch_env());
    CHECK(human.exit_code == 0);
    CHECK(human.out.find("schema version") != std::string::npos);
    CHECK(human.out.find("\033[") == std::string::npos);
  }

  TEST_CASE("status sees a running daemon")
  {
    DaemonProcess daemon({});
    auto env = scratch_env();
    env["TOKENROUTER_LISTEN"] = "127.0.0.1:" + std::to_string(daemon.port());
    auto result = run_cli_binary({"--db", daemon.db_path(), "--json", "status"}, env);
    CHECK(result.exit_code == 0);
    CHECK(json::parse(result.out)["daemon"]["up"] == true);
  }

  TEST_CASE("usage errors exit 2, failures exit 1, errors are JSON with --json")
  {
    CHECK(run_cli_binary({"no-such-command"}, scratch_env()).exit_code == 2);
    CHECK(run_cli_binary({"keys", "create"}, scratch_env()).exit_code == 2); // --name required
    std::ofstream("broken.toml") << "[store]\ndurability = \"sometimes\"\n";
    auto failed = run_json({"--config", "broken.toml", "--json", "status"}, 1);
    CHECK(failed["error"]["code"] == "config");
    CHECK(failed["error"]["message"].get<std::string>().find("broken.toml:2") != std::string::npos);
  }

  TEST_CASE("version")
  {
    auto version = run_json({"--json", "version"});
    CHECK(version["version"] == TKR_VERSION_STRING);
  }
}
