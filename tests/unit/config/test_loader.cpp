// config::load_config_text / load_config_file: a full valid file, and every kind of error with
// the exact "FILE:LINE: KEY: …" message.

#include "core/config/loader.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

using tokenrouter::ErrorCode;
using tokenrouter::config::Config;
using tokenrouter::config::load_config_file;
using tokenrouter::config::load_config_text;
namespace model = tokenrouter::model;

namespace {

constexpr const char* k_full = R"([server]
listen = "0.0.0.0:9000"
threads = 16
max_body_bytes = 1048576
read_timeout_s = 5
write_timeout_s = 6
shutdown_grace_s = 0

[store]
path = "/var/lib/tokenrouter/tokenrouter.db"
durability = "async"
queue_capacity = 1024

[auth]
mode = "open"

[log]
level = "debug"
format = "json"

[upstream]
connect_timeout_s = 3
first_byte_timeout_s = 30
idle_timeout_s = 20
total_timeout_s = 600

[pipeline]
arrange = false
canonicalize = false
cache_inject = false
dedup = false
dedup_scope = "global"
dedup_wait_ms = 500

[routing]
strategy = "largest"
large_request_tokens = 1000

[retention]
enabled = false
days = 30
interval_hours = 6

[[providers]]
name = "anthropic"
kind = "anthropic"
api_key_env = "ANTHROPIC_API_KEY"

[[providers]]
name = "openai-a"
kind = "openai"
base_url = "https://api.openai.com/v1/"
acquire_command = ["/usr/local/bin/fetch-token", "--scope", "x"]
  [[providers.credentials]]
  env = "OPENAI_PERSONAL_KEY"
  priority = "primary"
  [[providers.credentials]]
  env = "OPENAI_POOL_KEY"
  priority = "pool"

[[providers]]
name = "local"
kind = "openai-compatible"
base_url = "http://127.0.0.1:11434/v1"
api_key_env = ["LOCAL_A", "LOCAL_B"]
credential = "passthrough"

[[models]]
name = "claude-sonnet-4-5"
provider = "anthropic"
upstream = "claude-sonnet-4-5-20250929"
fallbacks = ["gpt-4o"]
context_window = 200000
max_output_tokens = 64000

[[models]]
name = "gpt-4o"
fallbacks = ["claude-*"]
  [[models.deployments]]
  provider = "openai-a"
  capacity_tpm = 400000
  [[models.deployments]]
  provider = "local"
  upstream = "gpt-4o-2024-08-06"
  weight = 3
  capacity_concurrent_tokens = 50000

[[models]]
name = "claude-*"
provider = "anthropic"
)";

// The error message for `toml` loaded as "/etc/tr.toml".
std::string error_of(const std::string& toml)
{
  const auto config = load_config_text(toml, "/etc/tr.toml");
  REQUIRE_FALSE(config.has_value());
  CHECK(config.error().code == ErrorCode::config);
  return config.error().message;
}

} // namespace

TEST_SUITE("config::load")
{
  TEST_CASE("an empty file is the built-in defaults")
  {
    const auto config = load_config_text("", "empty.toml");
    REQUIRE(config.has_value());
    Config expected;
    expected.source = "empty.toml";
    CHECK(*config == expected);
  }

  TEST_CASE("a full file sets every key")
  {
    const auto loaded = load_config_text(k_full, "/etc/tr.toml");
    REQUIRE_MESSAGE(loaded.has_value(), (loaded ? "" : loaded.error().message));
    const Config& c = *loaded;
    CHECK(c.source == "/etc/tr.toml");
    CHECK(c.server.listen == "0.0.0.0:9000");
    CHECK(c.server.threads == 16);
    CHECK(c.server.max_body_bytes == 1048576);
    CHECK(c.server.read_timeout_s == 5);
    CHECK(c.server.write_timeout_s == 6);
    CHECK(c.server.shutdown_grace_s == 0);
    CHECK(c.store.path == "/var/lib/tokenrouter/tokenrouter.db");
    CHECK(c.store.durability == "async");
    CHECK(c.store.queue_capacity == 1024);
    CHECK(c.auth.mode == "open");
    CHECK(c.log.level == "debug");
    CHECK(c.log.format == "json");
    CHECK(c.upstream.connect_s == 3);
    CHECK(c.upstream.first_byte_s == 30);
    CHECK(c.upstream.idle_s == 20);
    CHECK(c.upstream.total_s == 600);
    CHECK_FALSE(c.pipeline.arrange);
    CHECK_FALSE(c.pipeline.canonicalize);
    CHECK_FALSE(c.pipeline.cache_inject);
    CHECK_FALSE(c.pipeline.dedup);
    CHECK(c.pipeline.dedup_scope == "global");
    CHECK(c.pipeline.dedup_wait_ms == 500);
    CHECK(c.routing.strategy == "largest");
    CHECK(c.routing.large_request_tokens == 1000);
    CHECK_FALSE(c.retention.enabled);
    CHECK(c.retention.days == 30);
    CHECK(c.retention.interval_hours == 6);
  }

  TEST_CASE("providers: kinds, default base_url, credentials in all three forms")
  {
    const auto c = load_config_text(k_full, "/etc/tr.toml").value();
    REQUIRE(c.providers.size() == 3);
    const auto& anthropic = c.providers[0];
    CHECK(anthropic.name == "anthropic");
    CHECK(anthropic.kind == model::ProviderKind::anthropic);
    CHECK(anthropic.base_url == "https://api.anthropic.com");
    REQUIRE(anthropic.credentials.size() == 1);
    CHECK(anthropic.credentials[0].env == "ANTHROPIC_API_KEY");
    CHECK(anthropic.credentials[0].priority == "primary");
    CHECK(anthropic.line == 44);

    const auto& openai = c.providers[1];
    CHECK(openai.base_url == "https://api.openai.com/v1"); // trailing slash dropped
    CHECK(openai.acquire_command
          == std::vector<std::string>{"/usr/local/bin/fetch-token", "--scope", "x"});
    REQUIRE(openai.credentials.size() == 2);
    CHECK(openai.credentials[1].env == "OPENAI_POOL_KEY");
    CHECK(openai.credentials[1].priority == "pool");

    const auto& local = c.providers[2];
    CHECK(local.kind == model::ProviderKind::openai_compatible);
    CHECK(local.passthrough);
    REQUIRE(local.credentials.size() == 2);
    CHECK(local.credentials[0].env == "LOCAL_A");
    CHECK(local.credentials[1].env == "LOCAL_B");
  }

  TEST_CASE("models: shorthand, deployments, fallbacks, globs")
  {
    const auto c = load_config_text(k_full, "/etc/tr.toml").value();
    REQUIRE(c.models.size() == 3);
    const auto& sonnet = c.models[0];
    CHECK(sonnet.name == "claude-sonnet-4-5");
    REQUIRE(sonnet.deployments.size() == 1);
    CHECK(sonnet.deployments[0].provider == "anthropic");
    CHECK(sonnet.deployments[0].upstream == "claude-sonnet-4-5-20250929");
    CHECK(sonnet.deployments[0].weight == 1);
    CHECK(sonnet.fallbacks == std::vector<std::string>{"gpt-4o"});
    CHECK(sonnet.context_window == 200000);
    CHECK(sonnet.max_output_tokens == 64000);

    const auto& gpt = c.models[1];
    REQUIRE(gpt.deployments.size() == 2);
    CHECK(gpt.deployments[0].provider == "openai-a");
    CHECK(gpt.deployments[0].upstream.empty());
    CHECK(gpt.deployments[0].capacity_tpm == 400000);
    CHECK(gpt.deployments[1].provider == "local");
    CHECK(gpt.deployments[1].upstream == "gpt-4o-2024-08-06");
    CHECK(gpt.deployments[1].weight == 3);
    CHECK(gpt.deployments[1].capacity_concurrent_tokens == 50000);
    CHECK(c.models[2].name == "claude-*");
  }

  TEST_CASE("an unknown key names file, line and key")
  {
    CHECK(error_of("[server]\nlistn = \"x\"\n")
          == "/etc/tr.toml:2: unknown key [server].listn (did you mean listen?)");
    CHECK(error_of("\n\n[server]\nthreads = 4\nbogus_thing = 1\n")
          == "/etc/tr.toml:5: unknown key [server].bogus_thing");
    CHECK(error_of("[servers]\nlisten = \"a:1\"\n")
          == "/etc/tr.toml:1: unknown table [servers] (did you mean server?)");
    CHECK(error_of("verbose = true\n") == "/etc/tr.toml:1: unknown key verbose");
    CHECK(error_of("[[providers]]\nname = \"a\"\nkind = \"openai\"\nbase_ur = \"https://x\"\n")
          == "/etc/tr.toml:4: unknown key [[providers]].base_ur (did you mean base_url?)");
    CHECK(error_of("[[providers]]\nname = \"a\"\nkind = \"openai\"\n"
                   "[[models]]\nname = \"m\"\nprovider = \"a\"\nweight = 2\n")
          == "/etc/tr.toml:7: unknown key [[models]].weight");
  }

  TEST_CASE("a wrong type names the expected and the actual")
  {
    CHECK(error_of("[server]\nthreads = \"many\"\n")
          == "/etc/tr.toml:2: [server].threads: expected an integer, got string \"many\"");
    CHECK(error_of("[pipeline]\ndedup = 1\n")
          == "/etc/tr.toml:2: [pipeline].dedup: expected true or false, got integer 1");
    CHECK(error_of("[server]\nlisten = 8787\n")
          == "/etc/tr.toml:2: [server].listen: expected a string, got integer 8787");
    CHECK(error_of("server = 3\n") == "/etc/tr.toml:1: [server]: expected a table, got integer 3");
    CHECK(error_of("[[providers]]\nname = \"a\"\nkind = \"openai\"\napi_key_env = [1]\n")
          == "/etc/tr.toml:4: [[providers]].api_key_env: expected a name or a list of names, "
             "got integer 1");
  }

  TEST_CASE("bad values")
  {
    CHECK(error_of("[server]\nthreads = -3\n")
          == "/etc/tr.toml:2: [server].threads: expected a positive integer, got -3");
    CHECK(error_of("[server]\nthreads = 0\n")
          == "/etc/tr.toml:2: [server].threads: expected a positive integer, got 0");
    CHECK(error_of("[server]\nmax_body_bytes = -1\n")
          == "/etc/tr.toml:2: [server].max_body_bytes: expected a positive integer, got -1");
    CHECK(error_of("[routing]\nlarge_request_tokens = -1\n")
          == "/etc/tr.toml:2: [routing].large_request_tokens: expected a non-negative integer, "
             "got -1");
    CHECK(error_of("[store]\ndurability = \"never\"\n")
          == "/etc/tr.toml:2: [store].durability: expected one of \"ack\", \"async\", got "
             "\"never\"");
    CHECK(error_of("[log]\nlevel = \"loud\"\n").find("[log].level: expected one of")
          != std::string::npos);
    SUBCASE("listen is HOST:PORT")
    {
      for (const char* bad : {"8787",
                              "localhost",
                              ":8787",
                              "host:",
                              "host:65536",
                              "host:80x",
                              "::1:8787"}) {
        CHECK(error_of(std::string("[server]\nlisten = \"") + bad + "\"\n")
              == std::string("/etc/tr.toml:2: [server].listen: expected HOST:PORT, got \"") + bad
                     + "\"");
      }
      // Port 0 asks the kernel for any free port (tests, and the daemon logs the one it got).
      for (const char* good : {"127.0.0.1:8787", "localhost:1", "[::1]:8787", "0.0.0.0:65535", "127.0.0.1:0"}) {
        CHECK(load_config_text(std::string("[server]\nlisten = \"") + good + "\"\n", "x")
                  .has_value());
      }
    }
  }

  TEST_CASE("provider errors")
  {
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"gemini\"\n")
          == "/etc/tr.toml:3: [[providers]].kind: unknown provider kind \"gemini\" (expected "
             "openai, anthropic, deepseek or openai-compatible)");
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"openai\"\nbase_url = \"ftp://h\"\n")
          == "/etc/tr.toml:4: [[providers]].base_url: expected an http:// or https:// URL, got "
             "\"ftp://h\"");
    CHECK(error_of("[[providers]]\nkind = \"openai\"\n")
          == "/etc/tr.toml:1: [[providers]]: missing key name");
    CHECK(error_of("[[providers]]\nname = \"x\"\n")
          == "/etc/tr.toml:1: [[providers]] \"x\": missing key kind");
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"openai-compatible\"\n")
          == "/etc/tr.toml:1: [[providers]] \"x\": missing key base_url");
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"openai\"\ncredential = \"mine\"\n")
          == "/etc/tr.toml:4: [[providers]].credential: expected one of \"passthrough\", got "
             "\"mine\"");
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"openai\"\napi_key_env = \"A B\"\n")
          == "/etc/tr.toml:4: [[providers]].api_key_env: expected an environment variable name, "
             "got \"A B\"");
    CHECK(error_of("[[providers]]\nname = \"x\"\nkind = \"openai\"\n"
                   "[[providers.credentials]]\npriority = \"pool\"\n")
          == "/etc/tr.toml:4: [[providers.credentials]]: missing key env");
  }

  TEST_CASE("duplicate provider names")
  {
    CHECK(error_of("[[providers]]\nname = \"a\"\nkind = \"openai\"\n\n"
                   "[[providers]]\nname = \"a\"\nkind = \"deepseek\"\n")
          == "/etc/tr.toml:6: [[providers]].name: duplicate provider \"a\" (first defined on "
             "line 1)");
  }

  TEST_CASE("model errors")
  {
    const std::string provider = "[[providers]]\nname = \"a\"\nkind = \"openai\"\n";
    CHECK(error_of(provider + "[[models]]\nname = \"m\"\nprovider = \"nope\"\n")
          == "/etc/tr.toml:6: [[models]].provider: unknown provider \"nope\"");
    CHECK(
        error_of(provider + "[[models]]\nname = \"m\"\n[[models.deployments]]\nprovider = \"b\"\n")
        == "/etc/tr.toml:7: [[models.deployments]].provider: unknown provider \"b\"");
    CHECK(error_of(provider + "[[models]]\nname = \"m\"\n")
          == "/etc/tr.toml:4: [[models]] \"m\": no provider: set provider or add "
             "[[models.deployments]]");
    CHECK(error_of(provider
                   + "[[models]]\nname = \"m\"\nprovider = \"a\"\n"
                     "[[models.deployments]]\nprovider = \"a\"\n")
          == "/etc/tr.toml:6: [[models]] \"m\": use provider or [[models.deployments]], not both");
    CHECK(error_of(provider + "[[models]]\nname = \"m\"\nprovider = \"a\"\nfallbacks = [\"z\"]\n")
          == "/etc/tr.toml:7: [[models]].fallbacks: \"z\" is not another [[models]] entry");
    CHECK(error_of(provider
                   + "[[models]]\nname = \"m\"\nprovider = \"a\"\n"
                     "[[models]]\nname = \"m\"\nprovider = \"a\"\n")
          == "/etc/tr.toml:7: [[models]].name: duplicate model \"m\" (first defined on line 4)");
    CHECK(error_of(provider
                   + "[[models]]\nname = \"m\"\n[[models.deployments]]\nprovider = \"a\"\n"
                     "weight = 0\n")
          == "/etc/tr.toml:8: [[models.deployments]].weight: expected an integer from 1 to "
             "1000000, got 0");
  }

  TEST_CASE("models may come before the providers they use")
  {
    const auto c = load_config_text("[[models]]\nname = \"m\"\nprovider = \"a\"\n"
                                    "[[providers]]\nname = \"a\"\nkind = \"deepseek\"\n",
                                    "x.toml");
    REQUIRE_MESSAGE(c.has_value(), (c ? "" : c.error().message));
    CHECK(c->models[0].deployments[0].provider == "a");
  }

  TEST_CASE("a TOML syntax error names file and line")
  {
    const std::string message = error_of("[server]\nthreads = 4\nlisten = \n");
    CHECK(message.rfind("/etc/tr.toml:3: TOML syntax error: ", 0) == 0);
    CHECK(error_of("[server]\n[server]\n").rfind("/etc/tr.toml:2: TOML syntax error", 0) == 0);
  }

  TEST_CASE("load_config_file reads the file and names it")
  {
    namespace fs = std::filesystem;
    const fs::path dir = fs::current_path() / "config-load";
    fs::create_directories(dir);
    const std::string path = (dir / "c.toml").string();
    std::ofstream(path) << "[server]\nthreads = 2\n\n[auth]\nmode = \"nope\"\n";
    const auto bad = load_config_file(path);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message
          == path + ":5: [auth].mode: expected one of \"keys\", \"open\", got \"nope\"");
    std::ofstream(path) << "[server]\nthreads = 2\n";
    const auto good = load_config_file(path);
    REQUIRE(good.has_value());
    CHECK(good->server.threads == 2);
    CHECK(good->source == path);

    const auto missing = load_config_file((dir / "missing.toml").string());
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == ErrorCode::config);
    CHECK(missing.error().message
          == (dir / "missing.toml").string()
                 + ": cannot read config file: No such file or directory");
    CHECK_FALSE(load_config_file(dir.string()).has_value());
  }
}
