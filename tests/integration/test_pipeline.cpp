// The prompt-cache pipeline in the real daemon: what the upstream receives, what the ledger keeps.
#include <doctest/doctest.h>

#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

struct Rig {
  FakeUpstream upstream;
  DaemonProcess daemon{{fake_routes_config(upstream.url()), fake_env()}};
  std::string key = daemon.dev_key();

  HttpAnswer openai(const json& body)
  {
    return http_post(daemon.url(), "/v1/chat/completions", body.dump(), {{"Authorization", "Bearer " + key}});
  }

  std::vector<std::pair<std::string, std::string>> hashes()
  {
    auto db = tokenrouter::store::Database::open(daemon.db_path());
    REQUIRE(db);
    auto st = db->prepare("SELECT prefix_hash, full_hash FROM requests ORDER BY id");
    REQUIRE(st);
    std::vector<std::pair<std::string, std::string>> out;
    while (*st->step()) {
      out.emplace_back(st->column_text(0), st->column_text(1));
    }
    return out;
  }
};

// An agent request with a big system prompt and tools in non-alphabetical order.
json agent_request(const std::string& model)
{
  const std::string big(8000, 's');
  json tools = json::array();
  for (const char* name : {"zeta", "alpha"}) {
    tools.push_back({{"type", "function"},
                     {"function", {{"name", name}, {"description", big}, {"parameters", {{"type", "object"}}}}}});
  }
  return {{"model", model},
          {"messages", {{{"role", "system"}, {"content", big}},
                        {{"role", "user"}, {"content", "fix it"}}}},
          {"tools", tools}};
}

int count_marks(const json& value)
{
  int count = value.is_object() && value.contains("cache_control") ? 1 : 0;
  if (value.is_structured()) {
    for (const auto& child : value) {
      count += count_marks(child);
    }
  }
  return count;
}

} // namespace

TEST_SUITE("pipeline::daemon")
{
  TEST_CASE("OpenAI client to Anthropic: breakpoints placed, tools ordered, hashes recorded")
  {
    Rig rig;
    const auto answer = rig.openai(agent_request("gpt-via-anthropic"));
    REQUIRE(answer.status == 200);
    const auto received = rig.upstream.received();
    REQUIRE(received.size() == 1);
    const json body = received[0].json();
    CHECK(body["tools"][0]["name"] == "alpha");
    CHECK(count_marks(body) == 3); // tools end, system end, rolling end (no history yet)
    CHECK(received[0].body == body.dump()); // canonical: sorted keys, no whitespace
    const auto hashes = rig.hashes();
    REQUIRE(hashes.size() == 1);
    CHECK(hashes[0].first.size() == 64);
    CHECK(hashes[0].second.size() == 64);
  }

  TEST_CASE("OpenAI client to OpenAI: a per-key prompt_cache_key")
  {
    Rig rig;
    REQUIRE(rig.openai(agent_request("gpt-4o")).status == 200);
    const json body = rig.upstream.received().at(0).json();
    CHECK(body.value("prompt_cache_key", "").starts_with("tkr-"));
    CHECK(count_marks(body) == 0);
  }

  TEST_CASE("per-provider override: cache_inject off for one Anthropic provider only")
  {
    FakeUpstream upstream;
    const std::string plain = R"(
[[providers]]
name = "an-plain"
kind = "anthropic"
base_url = ")" + upstream.url() + R"("
api_key_env = "FAKE_ANTHROPIC_KEY"
pipeline = { cache_inject = false }

[[models]]
name = "claude-plain"
provider = "an-plain"
upstream = "claude-sonnet-4-5"
)";
    DaemonProcess daemon{{fake_routes_config(upstream.url(), plain), fake_env()}};
    const std::map<std::string, std::string> auth{{"Authorization", "Bearer " + daemon.dev_key()}};
    for (const char* model : {"gpt-via-anthropic", "claude-plain"}) {
      REQUIRE(http_post(daemon.url(), "/v1/chat/completions", agent_request(model).dump(), auth).status
              == 200);
    }
    const auto received = upstream.received();
    REQUIRE(received.size() == 2);
    CHECK(count_marks(received[0].json()) == 3); // provider "an": [pipeline] applies
    CHECK(count_marks(received[1].json()) == 0); // provider "an-plain": overridden
    CHECK(received[1].json()["tools"][0]["name"] == "alpha"); // the other stages still run
  }
}
