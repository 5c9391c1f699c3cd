// Responses requests → Envelope: Codex's real shapes (client ids, developer items, custom and
// hosted tools, additional_tools, reasoning items) and the tool plan for translation.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/inbound/parse.hpp"
#include "core/outbound/responses_tools.hpp"

using tokenrouter::model::Block;
using tokenrouter::model::Role;

TEST_SUITE("inbound::responses")
{
  TEST_CASE("responses: a Codex turn parses into messages, tool calls and tool results")
  {
    const auto envelope = tokenrouter::inbound::parse_openai_responses(R"({
      "model":"gpt-5.5","stream":true,"store":false,"prompt_cache_key":"conv",
      "max_output_tokens":500,"parallel_tool_calls":true,"tool_choice":"auto",
      "include":["reasoning.encrypted_content"],"reasoning":{"effort":"medium"},
      "tools":[{"type":"function","name":"shell","parameters":{"type":"object"}},
               {"type":"custom","name":"apply_patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
               {"type":"web_search"}],
      "input":[
        {"type":"message","id":"i1","role":"developer","content":[{"type":"input_text","text":"base"}]},
        {"type":"additional_tools","role":"developer","tools":[{"type":"tool_search"}]},
        {"type":"message","id":"i2","role":"user","content":[{"type":"input_text","text":"go"}]},
        {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAA"},
        {"type":"function_call","id":"fc_1","call_id":"call_1","name":"shell","arguments":"{\"cmd\":\"ls\"}"},
        {"type":"custom_tool_call","call_id":"call_2","name":"apply_patch","input":"*** Begin"},
        {"type":"function_call_output","call_id":"call_1","output":"a.py"},
        {"type":"custom_tool_call_output","call_id":"call_2","output":"done"}]})");
    REQUIRE(envelope);
    CHECK(envelope->stream);
    CHECK(envelope->max_tokens == 500);
    CHECK(envelope->prompt_cache_key == "conv");
    REQUIRE(envelope->messages.size() == 5);
    CHECK(envelope->messages[0].role == Role::developer);
    CHECK(envelope->messages[0].extra["id"] == "i1");
    const auto& assistant = envelope->messages[2];
    CHECK(assistant.role == Role::assistant);
    REQUIRE(assistant.content.size() == 3);
    CHECK(assistant.content[0].kind == Block::Kind::other);
    CHECK(assistant.content[0].extra["encrypted_content"] == "gAAA");
    CHECK(assistant.content[1].input["cmd"] == "ls");
    CHECK(assistant.content[2].input["input"] == "*** Begin");
    CHECK(envelope->messages[3].role == Role::tool);
    CHECK(envelope->messages[3].tool_call_id == "call_1");
    CHECK(envelope->extra["store"] == false);
    CHECK(envelope->extra["reasoning"]["effort"] == "medium");

    auto adapted = *envelope;
    const auto plan = tokenrouter::outbound::adapt_responses_tools(adapted);
    CHECK(plan.custom_tools == std::vector<std::string>{"apply_patch"});
    auto dropped = plan.dropped_tools;
    std::sort(dropped.begin(), dropped.end());
    CHECK(dropped == std::vector<std::string>{"tool_search", "web_search"});
    REQUIRE(adapted.tools.size() == 2);
    CHECK(adapted.tools[1].input_schema["required"][0] == "input");
    CHECK(adapted.tools[1].description.find("start: x") != std::string::npos);
  }

  TEST_CASE("responses: a string input and instructions")
  {
    const auto envelope = tokenrouter::inbound::parse_openai_responses(
        R"({"model":"m","instructions":"Be brief.","input":"Hello"})");
    REQUIRE(envelope);
    CHECK(envelope->system[0].text == "Be brief.");
    CHECK(envelope->messages[0].content[0].text == "Hello");
  }

  TEST_CASE("responses: a bad role is refused naming the item")
  {
    const auto envelope = tokenrouter::inbound::parse_openai_responses(
        R"({"model":"m","input":[{"role":"robot","content":"x"}]})");
    REQUIRE_FALSE(envelope);
    CHECK(envelope.error().message.find("input[0].role") != std::string::npos);
  }
}
