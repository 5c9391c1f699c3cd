// config environment and lookup order: overrides, env providers, config and database paths.

#include "core/config/env.hpp"
#include "core/config/loader.hpp"
#include "core/config/paths.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using tokenrouter::ErrorCode;
using tokenrouter::config::Config;
using tokenrouter::config::EnvLookup;

namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars)
{
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

} // namespace

TEST_SUITE("config::env")
{
  TEST_CASE("TOKENROUTER_* variables override the file, validated like it")
  {
    Config config;
    const auto status = tokenrouter::config::apply_env_overrides(
        config,
        fake_env({{"TOKENROUTER_LISTEN", "0.0.0.0:1234"},
                  {"TOKENROUTER_DB", "/data/t.db"},
                  {"TOKENROUTER_LOG_LEVEL", "warn"},
                  {"TOKENROUTER_RETENTION_DAYS", "7"},
                  {"TOKENROUTER_THREADS", "3"}})); // not an override: ignored
    REQUIRE(status.has_value());
    CHECK(config.server.listen == "0.0.0.0:1234");
    CHECK(config.store.path == "/data/t.db");
    CHECK(config.log.level == "warn");
    CHECK(config.retention.days == 7);
    CHECK(config.server.threads == 128);
  }

  TEST_CASE("an empty variable counts as unset")
  {
    Config config;
    REQUIRE(
        tokenrouter::config::apply_env_overrides(config, fake_env({{"TOKENROUTER_LISTEN", ""}})));
    CHECK(config.server.listen == "127.0.0.1:8787");
  }

  TEST_CASE("a bad override is an error naming the variable")
  {
    Config config;
    auto status = tokenrouter::config::apply_env_overrides(
        config, fake_env({{"TOKENROUTER_LISTEN", "nowhere"}}));
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().code == ErrorCode::config);
    CHECK(status.error().message == "$TOKENROUTER_LISTEN: expected HOST:PORT, got \"nowhere\"");
    status = tokenrouter::config::apply_env_overrides(
        config, fake_env({{"TOKENROUTER_RETENTION_DAYS", "7d"}}));
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().message == "$TOKENROUTER_RETENTION_DAYS: expected an integer, got \"7d\"");
    status = tokenrouter::config::apply_env_overrides(
        config, fake_env({{"TOKENROUTER_RETENTION_DAYS", "0"}}));
    REQUIRE_FALSE(status.has_value());
    CHECK(status.error().message
          == "$TOKENROUTER_RETENTION_DAYS: expected a positive integer, got 0");
  }

  TEST_CASE("apply_override validates a flag like the file's key")
  {
    Config config;
    REQUIRE(tokenrouter::config::apply_override(config, "server", "listen", "[::1]:9", "--listen"));
    CHECK(config.server.listen == "[::1]:9");
    const auto bad =
        tokenrouter::config::apply_override(config, "log", "format", "xml", "--log-format");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message == "--log-format: expected one of \"text\", \"json\", got \"xml\"");
  }

  TEST_CASE("well-known API keys enable providers with glob routes when none are configured")
  {
    Config config;
    const auto added =
        tokenrouter::config::add_env_providers(config,
                                               fake_env({{"ANTHROPIC_API_KEY", "sk-ant-secret"},
                                                         {"OPENAI_API_KEY", "sk-x"},
                                                         {"DEEPSEEK_API_KEY", ""}}));
    CHECK(added == std::vector<std::string>{"openai", "anthropic"});
    REQUIRE(config.providers.size() == 2);
    CHECK(config.providers[0].kind == tokenrouter::model::ProviderKind::openai);
    CHECK(config.providers[0].base_url == "https://api.openai.com/v1");
    REQUIRE(config.providers[0].credentials.size() == 1);
    CHECK(config.providers[0].credentials[0].env == "OPENAI_API_KEY");
    CHECK(config.providers[1].base_url == "https://api.anthropic.com");
    std::vector<std::string> routes;
    for (const auto& m : config.models) {
      REQUIRE(m.deployments.size() == 1);
      routes.push_back(m.name + "→" + m.deployments[0].provider);
    }
    CHECK(routes
          == std::vector<std::string>{"gpt-*→openai",
                                      "o1*→openai",
                                      "o3*→openai",
                                      "o4*→openai",
                                      "chatgpt-*→openai",
                                      "claude-*→anthropic"});
  }

  TEST_CASE("deepseek alone")
  {
    Config config;
    tokenrouter::config::add_env_providers(config, fake_env({{"DEEPSEEK_API_KEY", "k"}}));
    REQUIRE(config.providers.size() == 1);
    CHECK(config.providers[0].base_url == "https://api.deepseek.com");
    REQUIRE(config.models.size() == 1);
    CHECK(config.models[0].name == "deepseek-*");
  }

  TEST_CASE("configured providers win over the environment")
  {
    auto config = tokenrouter::config::load_config_text(
        "[[providers]]\nname = \"mine\"\nkind = \"deepseek\"\n", "x.toml");
    REQUIRE(config.has_value());
    const auto added =
        tokenrouter::config::add_env_providers(*config, fake_env({{"OPENAI_API_KEY", "sk-x"}}));
    CHECK(added.empty());
    CHECK(config->providers.size() == 1);
    CHECK(config->models.empty());
  }
}

TEST_SUITE("config::paths")
{
  using tokenrouter::config::resolve_config_path;
  using tokenrouter::config::resolve_db_path;

  TEST_CASE("config file: --config, then $TOKENROUTER_CONFIG, then XDG, then HOME")
  {
    const auto env = fake_env(
        {{"TOKENROUTER_CONFIG", "/env/c.toml"}, {"XDG_CONFIG_HOME", "/xdg"}, {"HOME", "/home/u"}});
    auto where = resolve_config_path(std::string("/flag/c.toml"), env);
    CHECK(where.path == "/flag/c.toml");
    CHECK(where.given);
    where = resolve_config_path(std::nullopt, env);
    CHECK(where.path == "/env/c.toml");
    CHECK(where.given);
    where =
        resolve_config_path(std::nullopt, fake_env({{"XDG_CONFIG_HOME", "/xdg"}, {"HOME", "/h"}}));
    CHECK(where.path == "/xdg/tokenrouter/config.toml");
    CHECK_FALSE(where.given);
    where =
        resolve_config_path(std::nullopt, fake_env({{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}}));
    CHECK(where.path == "/h/.config/tokenrouter/config.toml");
    where =
        resolve_config_path(std::nullopt, fake_env({{"TOKENROUTER_CONFIG", ""}, {"HOME", "/h"}}));
    CHECK(where.path == "/h/.config/tokenrouter/config.toml");
    where = resolve_config_path(std::nullopt, fake_env({}));
    CHECK(where.path.empty());
  }

  TEST_CASE("database: --db, then $TOKENROUTER_DB, then [store].path, then XDG, then HOME")
  {
    Config config;
    config.store.path = "/cfg/t.db";
    const auto env =
        fake_env({{"TOKENROUTER_DB", "/env/t.db"}, {"XDG_DATA_HOME", "/xdg"}, {"HOME", "/home/u"}});
    CHECK(resolve_db_path(std::string("/flag/t.db"), env, config).value() == "/flag/t.db");
    CHECK(resolve_db_path(std::nullopt, env, config).value() == "/env/t.db");
    const auto no_db_env = fake_env({{"XDG_DATA_HOME", "/xdg"}, {"HOME", "/home/u"}});
    CHECK(resolve_db_path(std::nullopt, no_db_env, config).value() == "/cfg/t.db");
    const Config defaults;
    CHECK(resolve_db_path(std::nullopt, no_db_env, defaults).value()
          == "/xdg/tokenrouter/tokenrouter.db");
    CHECK(resolve_db_path(std::nullopt, fake_env({{"HOME", "/home/u"}}), defaults).value()
          == "/home/u/.local/share/tokenrouter/tokenrouter.db");
    const auto nowhere = resolve_db_path(std::nullopt, fake_env({}), defaults);
    REQUIRE_FALSE(nowhere.has_value());
    CHECK(nowhere.error().code == ErrorCode::config);
  }

  TEST_CASE("an absent default file is the defaults; an absent named file is an error")
  {
    namespace fs = std::filesystem;
    const fs::path home = fs::current_path() / "config-home";
    fs::create_directories(home);
    const auto env = fake_env({{"HOME", home.string()}});
    auto config = tokenrouter::config::load_effective_config(std::nullopt, env);
    REQUIRE(config.has_value());
    CHECK(*config == Config{});

    const std::string missing = (home / "nope.toml").string();
    config = tokenrouter::config::load_effective_config(missing, env);
    REQUIRE_FALSE(config.has_value());
    CHECK(config.error().code == ErrorCode::config);
    CHECK(config.error().message == missing + ": config file not found");
    config = tokenrouter::config::load_effective_config(
        std::nullopt, fake_env({{"HOME", home.string()}, {"TOKENROUTER_CONFIG", missing}}));
    CHECK_FALSE(config.has_value());
  }

  TEST_CASE("the effective config layers file < environment, then env providers")
  {
    namespace fs = std::filesystem;
    const fs::path home = fs::current_path() / "config-layers";
    fs::create_directories(home / ".config" / "tokenrouter");
    const std::string file = (home / ".config" / "tokenrouter" / "config.toml").string();
    std::ofstream(file) << "[server]\nlisten = \"127.0.0.1:1\"\nthreads = 9\n";
    const auto config =
        tokenrouter::config::load_effective_config(std::nullopt,
                                                   fake_env({{"HOME", home.string()},
                                                             {"TOKENROUTER_LISTEN", "127.0.0.1:2"},
                                                             {"ANTHROPIC_API_KEY", "x"}}));
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
    CHECK(config->source == file);
    CHECK(config->server.threads == 9);
    CHECK(config->server.listen == "127.0.0.1:2");
    REQUIRE(config->providers.size() == 1);
    CHECK(config->providers[0].name == "anthropic");
  }
}
