#include <doctest/doctest.h>

#include "core/pipeline/arranger.hpp"
#include "core/pipeline/chunker.hpp"
#include "tests/unit/inbound/fixtures.hpp"

using namespace tokenrouter;
using model::Dialect;
using model::Role;

namespace {

model::Envelope openai(const std::string& body)
{
  return test::parse_ok(Dialect::openai_chat, body);
}

// A conversation of `exchanges` user → assistant(tool call) → tool result rounds, then a user turn.
model::Envelope long_session(int exchanges)
{
  nlohmann::json messages = nlohmann::json::array();
  messages.push_back({{"role", "system"}, {"content", "sys"}});
  for (int i = 0; i < exchanges; ++i) {
    const std::string id = "c" + std::to_string(i);
    messages.push_back({{"role", "user"}, {"content", "question " + std::string(400, 'q')}});
    messages.push_back({{"role", "assistant"}, {"content", nullptr},
                        {"tool_calls", {{{"id", id}, {"type", "function"},
                                         {"function", {{"name", "f"}, {"arguments", "{}"}}}}}}});
    messages.push_back({{"role", "tool"}, {"tool_call_id", id}, {"content", std::string(400, 'r')}});
    messages.push_back({{"role", "assistant"}, {"content", "answer " + std::to_string(i)}});
  }
  messages.push_back({{"role", "user"}, {"content", "now"}});
  return openai(nlohmann::json{{"model", "m"}, {"messages", messages}, {"max_tokens", 100}}.dump());
}

} // namespace

TEST_SUITE("pipeline::arranger")
{
  TEST_CASE("leading system and developer messages merge into one, blocks in order")
  {
    const auto env = pipeline::merge_leading_system(openai(R"({"model":"m","messages":[
      {"role":"developer","content":"A"},{"role":"system","content":[{"type":"text","text":"B"}]},
      {"role":"user","content":"u"},{"role":"system","content":"late"}]})"));
    REQUIRE(env.messages.size() == 3);
    CHECK(env.messages[0].role == Role::developer);
    REQUIRE(env.messages[0].content.size() == 2);
    CHECK(env.messages[0].content[0].text == "A");
    CHECK(env.messages[0].content[1].text == "B");
    CHECK(env.messages[2].content[0].text == "late"); // a later system message stays put
  }

  TEST_CASE("a system message with a name is not merged")
  {
    const auto env = pipeline::merge_leading_system(openai(R"({"model":"m","messages":[
      {"role":"system","content":"A","name":"x"},{"role":"system","content":"B"},
      {"role":"user","content":"u"}]})"));
    CHECK(env.messages.size() == 3);
  }

  TEST_CASE("tools are ordered by name; marked positions stay marked")
  {
    auto env = test::parse_ok(Dialect::anthropic_messages, R"({"model":"m","max_tokens":5,
      "messages":[{"role":"user","content":"u"}],
      "tools":[{"name":"zeta","input_schema":{"type":"object"}},
               {"name":"alpha","input_schema":{"type":"object"}},
               {"name":"mid","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}]})");
    env = pipeline::sort_tools(std::move(env));
    CHECK(env.tools[0].name == "alpha");
    CHECK(env.tools[1].name == "mid");
    CHECK(env.tools[2].name == "zeta");
    CHECK(env.tools[2].cache_control.is_object()); // still the end of the tools
    CHECK(env.tools[1].cache_control.is_null());
  }

  TEST_CASE("conversation turns keep their order")
  {
    const auto before = long_session(3);
    const auto after = pipeline::arrange(before);
    REQUIRE(after.messages.size() == before.messages.size());
    for (size_t i = 0; i < before.messages.size(); ++i) {
      CHECK(after.messages[i].role == before.messages[i].role);
    }
  }

  TEST_CASE("truncation is off by default")
  {
    const auto before = long_session(10);
    CHECK(pipeline::arrange(before, {1000, false}).messages.size() == before.messages.size());
    CHECK(pipeline::arrange(before).messages.size() == before.messages.size());
  }

  TEST_CASE("truncation drops whole exchanges from the oldest, never a call without its result")
  {
    const auto before = long_session(10);
    const int64_t total = pipeline::chunk(before).total();
    const auto after = pipeline::arrange(before, {total / 2, true});
    CHECK(after.messages.size() < before.messages.size());
    CHECK(pipeline::chunk(after).total() + 100 <= total / 2);
    CHECK(after.messages[0].role == Role::system);
    CHECK(after.messages[1].role == Role::user); // an exchange starts with its user message
    for (size_t i = 0; i < after.messages.size(); ++i) {
      if (after.messages[i].role == Role::tool) {
        REQUIRE(i > 0);
        CHECK(after.messages[i - 1].role == Role::assistant); // its call is still there
      }
    }
    CHECK(after.messages.back().content[0].text == "now");
  }

  TEST_CASE("truncation keeps the current turn even when it alone is too long")
  {
    const auto before = long_session(2);
    const auto after = pipeline::arrange(before, {10, true});
    CHECK(after.messages.back().content[0].text == "now");
    CHECK(after.messages.size() >= 2);
  }
}
