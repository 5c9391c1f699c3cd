// Property: after translation every tool call is answered by exactly one result, right after it.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "tests/unit/outbound/translate.hpp"

using tokenrouter::model::Json;
using tokenrouter::model::ProviderKind;

namespace {

// An OpenAI conversation of `turns` tool rounds with 1..3 parallel calls each, sometimes followed
// by user text, sometimes by another assistant turn.
std::string openai_conversation(int turns)
{
  Json messages = Json::array({Json{{"role", "system"}, {"content", "sys"}},
                               Json{{"role", "user"}, {"content", "go"}}});
  for (int turn = 0; turn < turns; ++turn) {
    Json calls = Json::array();
    const int width = 1 + turn % 3;
    for (int k = 0; k < width; ++k) {
      const std::string id = "call_" + std::to_string(turn) + "_" + std::to_string(k);
      calls.push_back({{"id", id}, {"type", "function"},
                       {"function", {{"name", "f"}, {"arguments", "{\"k\":" + std::to_string(k) + "}"}}}});
    }
    messages.push_back({{"role", "assistant"}, {"content", turn % 2 ? Json("thinking aloud") : Json()},
                        {"tool_calls", calls}});
    for (const auto& call : calls) {
      messages.push_back({{"role", "tool"}, {"tool_call_id", call["id"]}, {"content", "r"}});
    }
    if (turn % 3 == 1) {
      messages.push_back({{"role", "user"}, {"content", "more"}});
    }
  }
  return Json{{"model", "m"}, {"messages", messages}}.dump();
}

// Anthropic: each assistant tool_use set equals the tool_result ids leading the next message.
void check_anthropic_pairing(const Json& messages)
{
  size_t calls_seen = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    std::set<std::string> uses;
    if (messages[i]["role"] == "assistant" && messages[i]["content"].is_array()) {
      for (const auto& block : messages[i]["content"]) {
        if (block["type"] == "tool_use") {
          uses.insert(block["id"].get<std::string>());
        }
      }
    }
    if (uses.empty()) {
      continue;
    }
    calls_seen += uses.size();
    REQUIRE(i + 1 < messages.size());
    const Json& next = messages[i + 1];
    CHECK(next["role"] == "user");
    std::multiset<std::string> results;
    for (size_t k = 0; k < next["content"].size() && k < uses.size(); ++k) {
      CHECK(next["content"][k]["type"] == "tool_result"); // results come first
      results.insert(next["content"][k]["tool_use_id"].get<std::string>());
    }
    CHECK(results == std::multiset<std::string>(uses.begin(), uses.end()));
  }
  CHECK(calls_seen > 0);
}

// OpenAI: each assistant's tool_calls are answered by the `tool` messages right after it.
void check_openai_pairing(const Json& messages)
{
  size_t calls_seen = 0;
  for (size_t i = 0; i < messages.size(); ++i) {
    if (messages[i]["role"] != "assistant" || !messages[i].contains("tool_calls")) {
      continue;
    }
    std::multiset<std::string> calls;
    for (const auto& call : messages[i]["tool_calls"]) {
      calls.insert(call["id"].get<std::string>());
    }
    calls_seen += calls.size();
    std::multiset<std::string> answers;
    for (size_t k = i + 1; k < messages.size() && messages[k]["role"] == "tool"; ++k) {
      answers.insert(messages[k]["tool_call_id"].get<std::string>());
    }
    CHECK(answers == calls);
  }
  CHECK(calls_seen > 0);
}

} // namespace

TEST_SUITE("outbound::tool_pairing")
{
  TEST_CASE("OpenAI → Anthropic: tool_use ids pair with the next message's tool_result ids")
  {
    for (int turns = 1; turns <= 7; ++turns) {
      CAPTURE(turns);
      const Json built = tokenrouter::test::openai_to_anthropic(openai_conversation(turns));
      check_anthropic_pairing(built["messages"]);
    }
  }

  TEST_CASE("OpenAI → Anthropic → OpenAI keeps the pairing")
  {
    for (int turns = 1; turns <= 7; ++turns) {
      CAPTURE(turns);
      const Json anthropic = tokenrouter::test::openai_to_anthropic(openai_conversation(turns));
      const Json back = tokenrouter::test::anthropic_to_openai(anthropic.dump());
      check_openai_pairing(back["messages"]);
    }
  }

  TEST_CASE("the golden Claude Code turn keeps its pairing on OpenAI and DeepSeek")
  {
    const std::string body = tokenrouter::test::golden_request("anthropic_claude_code_turn.json");
    for (const auto provider : {ProviderKind::openai, ProviderKind::deepseek}) {
      check_openai_pairing(tokenrouter::test::anthropic_to_openai(body, provider)["messages"]);
    }
  }
}
