// The admin API: only the admin key opens it, and the CLI's --server mode
// prints exactly what its local mode prints.
#include <doctest/doctest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/support/daemon_process.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

const std::string k_admin_key = "adm-integration-0123456789abcdef";

std::map<std::string, std::string> cli_env()
{
  const auto home = std::filesystem::current_path() / "admin-home";
  std::filesystem::create_directories(home);
  return {{"HOME", home.string()},
          {"XDG_CONFIG_HOME", (home / ".config").string()},
          {"XDG_DATA_HOME", (home / ".local/share").string()},
          {"NO_COLOR", "1"}};
}

CliResult cli(const std::vector<std::string>& args)
{
  auto result = run_cli_binary(args, cli_env());
  INFO("args: " << json(args).dump() << "\nstdout: " << result.out << "\nstderr: " << result.err);
  CHECK(result.exit_code == 0);
  return result;
}

} // namespace

TEST_SUITE("integration::keys_admin")
{
  TEST_CASE("the admin API refuses missing and wrong admin keys and every "
            "data-plane key")
  {
    DaemonProcess daemon({.env = {{"TOKENROUTER_ADMIN_KEY", k_admin_key}}});
    const std::string data_plane = daemon.dev_key();
    REQUIRE(!data_plane.empty());
    CHECK(http_post(daemon.url(), "/admin/keys/list", "{}").status == 401);
    CHECK(http_post(daemon.url(), "/admin/keys/list", "{}", {{"Authorization", "Bearer wrong"}})
              .status
          == 401);
    CHECK(http_post(
              daemon.url(), "/admin/keys/list", "{}", {{"Authorization", "Bearer " + data_plane}})
              .status
          == 401);
    CHECK(http_post(daemon.url(), "/admin/keys/list", "{}", {{"x-api-key", k_admin_key}}).status
          == 401);
    auto ok = http_get(daemon.url(), "/admin/keys", {{"Authorization", "Bearer " + k_admin_key}});
    CHECK(ok.status == 200);
    CHECK(ok.json()["keys"].size() == 1);
    // …and the admin key is not a data-plane key either.
    json body{{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    CHECK(http_post(daemon.url(),
                    "/v1/chat/completions",
                    body.dump(),
                    {{"Authorization", "Bearer " + k_admin_key}})
              .status
          == 401);
  }

  TEST_CASE("without TOKENROUTER_ADMIN_KEY the admin API is 403 and says how "
            "to enable it")
  {
    DaemonProcess daemon({});
    auto answer =
        http_post(daemon.url(), "/admin/keys/list", "{}", {{"Authorization", "Bearer x"}});
    CHECK(answer.status == 403);
    CHECK(answer.body.find("TOKENROUTER_ADMIN_KEY") != std::string::npos);
  }

  TEST_CASE("--server mode prints exactly what local mode prints")
  {
    DaemonProcess daemon({.env = {{"TOKENROUTER_ADMIN_KEY", k_admin_key}}});
    const std::vector<std::string> local{"--db", daemon.db_path(), "--json"};
    const std::vector<std::string> remote{
        "--server", daemon.url(), "--admin-key", k_admin_key, "--json"};
    auto with = [](std::vector<std::string> prefix, const std::vector<std::string>& args) {
      prefix.insert(prefix.end(), args.begin(), args.end());
      return prefix;
    };
    // Some state, made half locally and half through the daemon.
    const std::string user_id = json::parse(cli(with(local,
                                                     {"users",
                                                      "create",
                                                      "--email",
                                                      "ada@example.com",
                                                      "--name",
                                                      "Ada",
                                                      "--plan",
                                                      "pro"}))
                                                .out)["id"];
    cli(with(remote, {"users", "create", "--email", "bob@example.com"}));
    cli(with(remote,
             {"keys", "create", "--name", "ada-laptop", "--user", user_id, "--models", "gpt-*"}));
    const std::string key_id =
        json::parse(cli(with(local, {"keys", "create", "--name", "ci", "--rpm", "5"})).out)["id"];
    cli(with(remote, {"plans", "set", "free", "--rpm", "30", "--price-multiplier", "0.9"}));
    cli(with(local, {"keys", "rotate", key_id, "--grace", "1h"}));

    for (const std::vector<std::string>& args : {std::vector<std::string>{"keys", "list"},
                                                 {"users", "list"},
                                                 {"plans", "list"},
                                                 {"keys", "show", key_id},
                                                 {"users", "show", user_id}}) {
      const auto here = cli(with(local, args));
      const auto there = cli(with(remote, args));
      CHECK_MESSAGE(here.out == there.out, json(args).dump());
      CHECK(json::parse(here.out).is_object());
    }
    auto plans = json::parse(cli(with(local, {"plans", "list"})).out)["plans"];
    CHECK(plans[0]["rpm"] == 30);
    CHECK(plans[0]["price_multiplier_ppm"] == 900000);

    // Errors too: the same message and exit code.
    auto missing_here = run_cli_binary(with(local, {"keys", "show", "key_missing"}), cli_env());
    auto missing_there = run_cli_binary(with(remote, {"keys", "show", "key_missing"}), cli_env());
    CHECK(missing_here.exit_code == 1);
    CHECK(missing_there.exit_code == missing_here.exit_code);
    CHECK(missing_here.out == missing_there.out);
  }
}
