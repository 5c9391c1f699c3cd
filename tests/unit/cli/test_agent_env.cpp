// What `tokenrouter exec` and `env` set: the URLs from [server].listen, the key's origin.
#include <doctest/doctest.h>

#include "cli/agent_env.hpp"

using namespace tokenrouter::cli;

TEST_SUITE("cli::agent_env")
{
  TEST_CASE("the base URL comes from the listen address; wildcard hosts become loopback")
  {
    CHECK(client_base_url("127.0.0.1:8787").value() == "http://127.0.0.1:8787");
    CHECK(client_base_url("0.0.0.0:9000").value() == "http://127.0.0.1:9000");
    CHECK(client_base_url("[::]:9000").value() == "http://[::1]:9000");
    CHECK(client_base_url("[::1]:9000").value() == "http://[::1]:9000");
    CHECK(client_base_url("localhost:1").value() == "http://localhost:1");
    CHECK_FALSE(client_base_url("no-port").has_value());
  }

  TEST_CASE("the key: --key, else $TOKENROUTER_KEY, else a placeholder in open mode, else an error")
  {
    tokenrouter::config::Config config;
    CHECK(resolve_agent_key("tr-flag", "tr-env", config).value() == "tr-flag");
    CHECK(resolve_agent_key("", "tr-env", config).value() == "tr-env");
    const auto missing = resolve_agent_key("", nullptr, config);
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().message.find("tokenrouter keys create") != std::string::npos);
    CHECK_FALSE(resolve_agent_key("", "", config).has_value());
    config.auth.mode = "open";
    CHECK(resolve_agent_key("", nullptr, config).value() == "tokenrouter-open");
  }

  TEST_CASE("the variables for both SDK families")
  {
    const EnvVars vars = agent_env("http://127.0.0.1:8787", "tr-k", false);
    const EnvVars expected = {{"ANTHROPIC_BASE_URL", "http://127.0.0.1:8787"},
                              {"OPENAI_BASE_URL", "http://127.0.0.1:8787/v1"},
                              {"ANTHROPIC_API_KEY", "tr-k"},
                              {"OPENAI_API_KEY", "tr-k"}};
    CHECK(vars == expected);
    CHECK(agent_env("http://h:1", "tr-k", true).back() == std::pair<std::string, std::string>{"ANTHROPIC_AUTH_TOKEN", "tr-k"});
  }

  TEST_CASE("shell quoting survives quotes")
  {
    CHECK(shell_quote("plain") == "'plain'");
    CHECK(shell_quote("it's") == "'it'\\''s'");
  }
}
