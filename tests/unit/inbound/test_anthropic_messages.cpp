#include <doctest/doctest.h>

#include "tests/unit/inbound/fixtures.hpp"

using tokenrouter::model::Block;
using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::Role;
using tokenrouter::model::ToolChoice;
using tokenrouter::test::parse_ok;

namespace {

tokenrouter::model::Envelope messages(const std::string& body)
{
  return parse_ok(Dialect::anthropic_messages, body);
}

} // namespace

TEST_SUITE("inbound::anthropic_messages")
{
  TEST_CASE("the golden Claude Code turn parses into the Envelope")
  {
    const auto env = messages(tokenrouter::test::golden_request("anthropic_claude_code_turn.json"));
    CHECK(env.dialect == Dialect::anthropic_messages);
    CHECK(env.model == "claude-opus-4-8");
    CHECK(env.max_tokens == 32000);
    CHECK(env.stream);

    REQUIRE(env.system.size() == 3);
    CHECK_FALSE(env.system_is_string);
    CHECK(env.system[0].cache_control.is_null());
    CHECK(env.system[2].cache_control == Json::parse(R"({"type":"ephemeral","ttl":"1h"})"));

    REQUIRE(env.messages.size() == 6);
    const auto& first = env.messages[1].content;
    REQUIRE(first.size() == 3);
    CHECK(first[0].kind == Block::Kind::thinking);
    CHECK(first[0].text == "I should read the test first.");
    CHECK(first[0].signature == "EqQBCkYIBxgCKkA3x+/Zm9sig==");
    CHECK(first[2].kind == Block::Kind::tool_use);
    CHECK(first[2].input == Json::parse(R"({"file_path":"/src/app/test_a.py"})"));

    const auto& result = env.messages[2].content.at(0);
    CHECK(result.kind == Block::Kind::tool_result);
    CHECK(result.id == "toolu_01A");
    CHECK_FALSE(result.content_is_string);
    CHECK(result.content.at(0).text == "def test_a():\n    assert 1/0");

    CHECK(env.messages[3].role == Role::system);
    CHECK(env.messages[3].content_is_string);
    CHECK(env.messages[4].content[0].kind == Block::Kind::redacted_thinking);
    CHECK(env.messages[4].content[0].text == "EmwKAhgBEgy3va3pzix/LafPsn4a");

    const auto& last = env.messages[5].content;
    CHECK(last[0].is_error);
    CHECK(last[0].content_is_string);
    CHECK(last[1].cache_control == Json::parse(R"({"type":"ephemeral"})"));

    REQUIRE(env.tools.size() == 3);
    CHECK(env.tools[1].extra == Json::parse(R"({"eager_input_streaming":true})"));
    CHECK(env.tools[2].type == "web_search_20250305");
    CHECK(env.tools[2].name == "web_search");
    CHECK(env.tools[2].extra == Json::parse(R"({"type":"web_search_20250305","name":"web_search","max_uses":5})"));

    CHECK(env.thinking == Json::parse(R"({"type":"adaptive"})"));
    CHECK(env.metadata["user_id"].is_string());
    CHECK(env.extra == Json::parse(R"({"output_config":{"effort":"high"},
      "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]}})"));
  }

  TEST_CASE("system as a string, content as a string")
  {
    const auto env = messages(R"({"model":"m","max_tokens":10,"system":"Be brief.",
      "messages":[{"role":"user","content":"hi"}]})");
    CHECK(env.system_is_string);
    CHECK(env.system.at(0).text == "Be brief.");
    CHECK(env.messages[0].content_is_string);
    CHECK(env.messages[0].content.at(0).text == "hi");
  }

  TEST_CASE("tool_choice forms")
  {
    const std::string head = R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":)";
    CHECK(messages(head + R"({"type":"auto"}})").tool_choice.mode == ToolChoice::Mode::auto_);
    CHECK(messages(head + R"({"type":"none"}})").tool_choice.mode == ToolChoice::Mode::none);
    const auto any = messages(head + R"({"type":"any","disable_parallel_tool_use":true}})");
    CHECK(any.tool_choice.mode == ToolChoice::Mode::required);
    CHECK(any.tool_choice.parallel_tool_calls == false);
    const auto tool = messages(head + R"({"type":"tool","name":"Read","disable_parallel_tool_use":false}})");
    CHECK(tool.tool_choice.mode == ToolChoice::Mode::tool);
    CHECK(tool.tool_choice.name == "Read");
    CHECK(tool.tool_choice.parallel_tool_calls == true);
    const auto future = messages(head + R"({"type":"auto","priority":"high"}})");
    CHECK(future.tool_choice.mode == ToolChoice::Mode::unset);
    CHECK(future.extra["tool_choice"] == Json::parse(R"({"type":"auto","priority":"high"})"));
  }

  TEST_CASE("unknown blocks, top-level cache_control and unknown fields are kept")
  {
    const auto env = messages(R"({"model":"m","max_tokens":1,"cache_control":{"type":"ephemeral"},
      "top_k":5,"service_tier":"auto","stop_sequences":["###"],
      "messages":[{"role":"user","content":[
        {"type":"document","source":{"type":"text","media_type":"text/plain","data":"x"}},
        {"type":"text","text":"see","citations":[]}]}]})");
    CHECK(env.cache_control == Json::parse(R"({"type":"ephemeral"})"));
    CHECK(env.stop == std::vector<std::string>{"###"});
    CHECK(env.extra == Json::parse(R"({"top_k":5,"service_tier":"auto"})"));
    const auto& content = env.messages[0].content;
    CHECK(content[0].kind == Block::Kind::other);
    CHECK(content[0].extra["type"] == "document");
    CHECK(content[1].extra == Json::parse(R"({"citations":[]})"));
  }

  TEST_CASE("tool_result with image content and a custom-typed tool")
  {
    const auto env = messages(R"({"model":"m","max_tokens":1,
      "tools":[{"type":"custom","name":"f","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
      "messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}}]}]}]})");
    CHECK(env.tools[0].type.empty());
    CHECK(env.tools[0].extra == Json::parse(R"({"type":"custom"})"));
    CHECK(env.tools[0].cache_control == Json::parse(R"({"type":"ephemeral"})"));
    const auto& result = env.messages[0].content.at(0);
    CHECK(result.content.at(0).kind == Block::Kind::image);
    CHECK(result.content.at(0).source["media_type"] == "image/jpeg");
  }
}
