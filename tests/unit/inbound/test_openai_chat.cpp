#include <doctest/doctest.h>

#include "tests/unit/inbound/fixtures.hpp"

using tokenrouter::model::Block;
using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::Role;
using tokenrouter::model::ToolChoice;
using tokenrouter::test::parse_ok;

namespace {

tokenrouter::model::Envelope chat(const std::string& body)
{
  return parse_ok(Dialect::openai_chat, body);
}

} // namespace

TEST_SUITE("inbound::openai_chat")
{
  TEST_CASE("the golden agent turn parses into the Envelope")
  {
    const auto env = chat(tokenrouter::test::golden_request("openai_agent_turn.json"));
    CHECK(env.dialect == Dialect::openai_chat);
    CHECK(env.model == "gpt-4.1");
    REQUIRE(env.messages.size() == 7);
    CHECK(env.messages[0].role == Role::developer);
    CHECK(env.messages[0].content_is_string);
    CHECK(env.messages[0].content[0].text == "You are a coding agent.");
    CHECK(env.messages[1].role == Role::system);
    CHECK_FALSE(env.messages[1].content_is_string);

    const auto& user = env.messages[2];
    REQUIRE(user.content.size() == 2);
    CHECK(user.content[1].kind == Block::Kind::image);
    CHECK(user.content[1].source ==
          Json::parse(R"({"type":"base64","media_type":"image/png","data":"iVBORw0KGgoAAAANSUhEUg=="})"));
    CHECK(user.content[1].extra == Json::parse(R"({"image_url":{"detail":"high"}})"));

    const auto& assistant = env.messages[3];
    REQUIRE(assistant.content.size() == 2);
    CHECK(assistant.content[0].kind == Block::Kind::tool_use);
    CHECK(assistant.content[0].id == "call_abc");
    CHECK(assistant.content[0].name == "read_file");
    CHECK(assistant.content[0].arguments_raw == R"({"path": "a.py"})");
    CHECK(assistant.content[0].input == Json::parse(R"({"path":"a.py"})"));
    CHECK(assistant.content[1].arguments_raw.empty());
    CHECK(assistant.content[1].input == Json::object());
    CHECK(assistant.extra == Json::parse(R"({"content":null,"refusal":null})"));

    CHECK(env.messages[4].role == Role::tool);
    CHECK(env.messages[4].tool_call_id == "call_abc");
    CHECK(env.messages[5].content[0].text == "a.py\nb.py");
    CHECK(env.messages[6].content[1].source ==
          Json::parse(R"({"type":"url","url":"https://example.com/diagram.png"})"));

    REQUIRE(env.tools.size() == 2);
    CHECK(env.tools[0].name == "read_file");
    CHECK(env.tools[0].description == "Read a file");
    CHECK(env.tools[0].input_schema["required"] == Json::parse(R"(["path"])"));
    CHECK(env.tools[0].extra == Json::parse(R"({"function":{"strict":true}})"));
    CHECK(env.tools[1].input_schema.is_null());

    CHECK(env.tool_choice.mode == ToolChoice::Mode::auto_);
    CHECK(env.tool_choice.parallel_tool_calls == false);
    CHECK(env.stream);
    CHECK(env.include_usage);
    CHECK(env.max_tokens == 4096);
    CHECK_FALSE(env.max_tokens_legacy);
    CHECK(env.temperature == 1.5);
    CHECK(env.stop == std::vector<std::string>{"<END>"});
    CHECK_FALSE(env.stop_is_string);
    CHECK(env.prompt_cache_key == "sess-42");
    CHECK(env.metadata == Json::parse(R"({"ticket":"T-1"})"));
    CHECK(env.extra == Json::parse(
                           R"({"user":"user-7","seed":7,"n":1,"store":false,
                               "stream_options":{"include_usage":true}})"));
  }

  TEST_CASE("tool_choice forms")
  {
    const std::string head = R"({"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"f"}}],)";
    SUBCASE("none and required")
    {
      CHECK(chat(head + R"("tool_choice":"none"})").tool_choice.mode == ToolChoice::Mode::none);
      CHECK(chat(head + R"("tool_choice":"required"})").tool_choice.mode == ToolChoice::Mode::required);
    }
    SUBCASE("a named function")
    {
      const auto env = chat(head + R"("tool_choice":{"type":"function","function":{"name":"f"}}})");
      CHECK(env.tool_choice.mode == ToolChoice::Mode::tool);
      CHECK(env.tool_choice.name == "f");
      CHECK_FALSE(env.extra.contains("tool_choice"));
    }
    SUBCASE("allowed_tools is kept verbatim in extra")
    {
      const std::string choice =
          R"({"type":"allowed_tools","allowed_tools":{"mode":"required","tools":[{"type":"function","function":{"name":"f"}}]}})";
      const auto env = chat(head + R"("tool_choice":)" + choice + "}");
      CHECK(env.tool_choice.mode == ToolChoice::Mode::unset);
      CHECK(env.extra["tool_choice"] == Json::parse(choice));
    }
    SUBCASE("parallel_tool_calls true")
    {
      CHECK(chat(head + R"("parallel_tool_calls":true})").tool_choice.parallel_tool_calls == true);
    }
  }

  TEST_CASE("non-function tools are kept whole")
  {
    const auto env = chat(
        R"({"model":"m","messages":[],"tools":[{"type":"custom","custom":{"name":"apply_patch","format":{"type":"grammar"}}}]})");
    REQUIRE(env.tools.size() == 1);
    CHECK(env.tools[0].type == "custom");
    CHECK(env.tools[0].name == "apply_patch");
    CHECK(env.tools[0].extra["custom"]["format"]["type"] == "grammar");
  }

  TEST_CASE("stop as a string, legacy max_tokens, stream false")
  {
    const auto env = chat(R"({"model":"m","messages":[],"stop":"\n\n","max_tokens":50,"stream":false})");
    CHECK(env.stop == std::vector<std::string>{"\n\n"});
    CHECK(env.stop_is_string);
    CHECK(env.max_tokens == 50);
    CHECK(env.max_tokens_legacy);
    CHECK_FALSE(env.stream);
    CHECK(env.extra == Json::parse(R"({"stream":false})"));
  }

  TEST_CASE("max_completion_tokens wins over max_tokens, which stays in extra")
  {
    const auto env = chat(R"({"model":"m","messages":[],"max_tokens":50,"max_completion_tokens":70})");
    CHECK(env.max_tokens == 70);
    CHECK_FALSE(env.max_tokens_legacy);
    CHECK(env.extra == Json::parse(R"({"max_tokens":50})"));
  }

  TEST_CASE("content parts other than text and image are kept as Kind::other")
  {
    const auto env = chat(R"({"model":"m","messages":[{"role":"user","content":[
      {"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}},
      {"type":"file","file":{"file_id":"file-1"}},
      {"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}]})");
    const auto& content = env.messages[0].content;
    REQUIRE(content.size() == 3);
    CHECK(content[0].kind == Block::Kind::other);
    CHECK(content[0].extra == Json::parse(R"({"type":"input_audio","input_audio":{"data":"AAA=","format":"wav"}})"));
    CHECK(content[1].kind == Block::Kind::other);
    CHECK(content[2].cache_control == Json::parse(R"({"type":"ephemeral"})"));
    CHECK(content[2].extra.is_null());
  }

  TEST_CASE("invalid tool arguments are kept raw with a null input")
  {
    const auto env = chat(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[
      {"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":"}}]}]})");
    const auto& call = env.messages[0].content.at(0);
    CHECK(call.arguments_raw == "{\"a\":");
    CHECK(call.input.is_null());
  }

  TEST_CASE("a non-image data URL and a URL with parameters stay url sources")
  {
    const auto env = chat(R"({"model":"m","messages":[{"role":"user","content":[
      {"type":"image_url","image_url":{"url":"data:image/png;name=a.png;base64,AAAA"}}]}]})");
    CHECK(env.messages[0].content[0].source ==
          Json::parse(R"({"type":"url","url":"data:image/png;name=a.png;base64,AAAA"})"));
  }

  TEST_CASE("name and unknown message fields")
  {
    const auto env = chat(R"({"model":"m","messages":[{"role":"user","name":"alice","content":"x","x_tag":1}]})");
    CHECK(env.messages[0].name == "alice");
    CHECK(env.messages[0].extra == Json::parse(R"({"x_tag":1})"));
  }

  TEST_CASE("response_format and stream_options without include_usage")
  {
    const auto env = chat(R"({"model":"m","messages":[],"stream":true,
      "stream_options":{"include_obfuscation":false},
      "response_format":{"type":"json_schema","json_schema":{"name":"r","schema":{"type":"object"}}}})");
    CHECK_FALSE(env.include_usage);
    CHECK(env.response_format["json_schema"]["name"] == "r");
  }
}
