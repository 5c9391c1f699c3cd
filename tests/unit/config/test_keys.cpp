// config::key_table consistency (as ccache's check_key_tables_consistency) and show/init.

#include "core/config/keys.hpp"
#include "core/config/loader.hpp"
#include "core/config/node.hpp"
#include "core/config/show.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

using tokenrouter::config::Config;
using tokenrouter::config::key_table;
using tokenrouter::config::KeyInfo;
using tokenrouter::config::Node;
using tokenrouter::config::ValueKind;

namespace {

// "# key = value" lines of the generated file, uncommented, up to the provider examples.
std::string uncomment_defaults(const std::string& text)
{
  std::istringstream in(text);
  std::string out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# Providers:", 0) == 0) {
      break;
    }
    const bool assignment = line.rfind("# ", 0) == 0 && line.find(" = ") != std::string::npos
                            && line.find(' ', 2) == line.find(" = ");
    out += (assignment ? line.substr(2) : line) + "\n";
  }
  return out;
}

// The provider/model example block with one level of comment removed from its TOML lines.
std::string uncomment_examples(const std::string& text)
{
  std::istringstream in(text);
  std::string out;
  std::string line;
  bool examples = false;
  while (std::getline(in, line)) {
    examples = examples || line.rfind("# [[providers]]", 0) == 0;
    const bool toml =
        line.rfind("# [", 0) == 0 || line.rfind("# # ", 0) == 0
        || (line.find(" = ") != std::string::npos && line.find(' ', 2) == line.find(" = "));
    if (examples && toml) {
      line = line.substr(2);
    }
    out += line + "\n";
  }
  return out;
}

} // namespace

TEST_SUITE("config::key_table")
{
  TEST_CASE("every key is unique, documented, and its getter shows what its setter set")
  {
    std::set<std::string> seen;
    for (const KeyInfo& info : key_table()) {
      const std::string name = std::string(info.section) + "." + std::string(info.key);
      CHECK_MESSAGE(seen.insert(name).second, name);
      CHECK_MESSAGE(!info.doc.empty(), name);
      CHECK((info.set != nullptr));
      CHECK((info.get != nullptr));
      // Setting the default value through the setter is accepted and changes nothing.
      Config config;
      const auto value = info.get(config);
      Node node;
      switch (info.kind) {
      case ValueKind::boolean:
        REQUIRE_MESSAGE(value.is_boolean(), name);
        node.type = Node::Type::boolean;
        node.boolean = !value.get<bool>();
        break;
      case ValueKind::integer:
        REQUIRE_MESSAGE(value.is_number_integer(), name);
        node.type = Node::Type::integer;
        node.integer = value.get<int64_t>() + 1;
        break;
      case ValueKind::string:
        REQUIRE_MESSAGE(value.is_string(), name);
        node.type = Node::Type::string;
        node.string = value.get<std::string>();
        break;
      }
      CHECK_MESSAGE(info.set(config, node).has_value(), name);
      if (info.kind != ValueKind::string) {
        CHECK_MESSAGE(info.get(config) != value, name); // the setter writes the getter's field
      }
    }
    CHECK(seen.size() == key_table().size());
  }

  TEST_CASE("the contract's keys are all there, and only the documented ones have env vars")
  {
    for (const char* name : {"server.listen",
                             "server.threads",
                             "server.max_body_bytes",
                             "server.read_timeout_s",
                             "server.write_timeout_s",
                             "server.shutdown_grace_s",
                             "store.path",
                             "store.durability",
                             "store.queue_capacity",
                             "auth.mode",
                             "log.level",
                             "log.format",
                             "upstream.connect_timeout_s",
                             "upstream.first_byte_timeout_s",
                             "upstream.idle_timeout_s",
                             "upstream.total_timeout_s",
                             "pipeline.arrange",
                             "pipeline.canonicalize",
                             "pipeline.cache_inject",
                             "pipeline.dedup",
                             "pipeline.dedup_scope",
                             "pipeline.dedup_wait_ms",
                             "routing.strategy",
                             "routing.large_request_tokens",
                             "retention.enabled",
                             "retention.days",
                             "retention.interval_hours",
                             "replay.mode",
                             "replay.dir",
                             "replay.cassette",
                             "replay.speed"}) {
      const std::string text(name);
      const auto dot = text.find('.');
      CHECK_MESSAGE(tokenrouter::config::find_key(text.substr(0, dot), text.substr(dot + 1))
                        != nullptr,
                    name);
    }
    std::set<std::string> envs;
    for (const KeyInfo& info : key_table()) {
      if (!info.env.empty()) {
        envs.insert(std::string(info.env));
      }
    }
    CHECK(envs
          == std::set<std::string>{"TOKENROUTER_LISTEN",
                                   "TOKENROUTER_DB",
                                   "TOKENROUTER_LOG_LEVEL",
                                   "TOKENROUTER_REPLAY_MODE",
                                   "TOKENROUTER_REPLAY_DIR",
                                   "TOKENROUTER_REPLAY_CASSETTE",
                                   "TOKENROUTER_RETENTION_DAYS"});
  }
}

TEST_SUITE("config::default_config_text")
{
  TEST_CASE("loads as the defaults, also with every default uncommented")
  {
    const std::string text = tokenrouter::config::default_config_text();
    Config expected;
    expected.source = "init.toml";

    const auto as_is = tokenrouter::config::load_config_text(text, "init.toml");
    REQUIRE_MESSAGE(as_is.has_value(), (as_is ? "" : as_is.error().message));
    CHECK(*as_is == expected);

    const std::string active = uncomment_defaults(text);
    CHECK(active.find("\nthreads = 128\n") != std::string::npos);
    const auto uncommented = tokenrouter::config::load_config_text(active, "init.toml");
    REQUIRE_MESSAGE(uncommented.has_value(), (uncommented ? "" : uncommented.error().message));
    CHECK(*uncommented == expected);
  }

  TEST_CASE("documents every key of the table")
  {
    const std::string text = tokenrouter::config::default_config_text();
    for (const KeyInfo& info : key_table()) {
      CHECK_MESSAGE(text.find("\n# " + std::string(info.key) + " = ") != std::string::npos,
                    info.key);
      if (!info.env.empty()) {
        CHECK(text.find(std::string(info.env)) != std::string::npos);
      }
    }
  }

  TEST_CASE("its provider and model example is valid")
  {
    const auto loaded = tokenrouter::config::load_config_text(
        uncomment_examples(tokenrouter::config::default_config_text()), "init.toml");
    REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));
    REQUIRE(loaded->providers.size() == 1);
    REQUIRE(loaded->models.size() == 1);
    CHECK(loaded->models[0].deployments[0].provider == "anthropic");
  }
}

TEST_SUITE("config::config_to_json")
{
  TEST_CASE("shows every section, credential names, and masks what could be secret")
  {
    const auto config = tokenrouter::config::load_config_text(
        "[server]\nthreads = 7\n"
        "[[providers]]\nname = \"p\"\nkind = \"openai-compatible\"\n"
        "base_url = \"https://user:hunter2@llm.example.com/v1\"\n"
        "api_key_env = \"P_KEY\"\nacquire_command = [\"/bin/get\", \"--password=hunter2\"]\n"
        "[[models]]\nname = \"m-*\"\nprovider = \"p\"\n",
        "/etc/tr.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
    const auto json = tokenrouter::config::config_to_json(*config);
    CHECK(json["source"] == "/etc/tr.toml");
    CHECK(json["server"]["threads"] == 7);
    CHECK(json["server"]["listen"] == "127.0.0.1:8787");
    CHECK(json["retention"]["days"] == 180);
    CHECK(json["upstream"]["idle_timeout_s"] == 120);
    CHECK(json["providers"][0]["kind"] == "openai-compatible");
    CHECK(json["providers"][0]["base_url"] == "https://***@llm.example.com/v1");
    CHECK(json["providers"][0]["credentials"][0]["env"] == "P_KEY");
    CHECK(json["providers"][0]["acquire_command"] == nlohmann::json::array({"/bin/get", "***"}));
    CHECK(json["models"][0]["name"] == "m-*");
    CHECK(json["models"][0]["deployments"][0]["provider"] == "p");
    CHECK(json.dump().find("hunter2") == std::string::npos);
  }
}
