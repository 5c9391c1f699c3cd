#include <doctest/doctest.h>

#include <chrono>

#include "tests/unit/inbound/fixtures.hpp"

using tokenrouter::model::Dialect;
using tokenrouter::test::parse_error;

TEST_SUITE("inbound::errors")
{
  TEST_CASE("bodies that are not a JSON object")
  {
    for (const auto dialect : {Dialect::openai_chat, Dialect::anthropic_messages}) {
      CHECK(parse_error(dialect, "") == "request body is not valid JSON (error at byte 1)");
      CHECK(parse_error(dialect, "{\"model\":") == "request body is not valid JSON (error at byte 10)");
      CHECK(parse_error(dialect, "[1,2]") == "request body must be a JSON object");
      CHECK(parse_error(dialect, "\"text\"") == "request body must be a JSON object");
    }
  }

  TEST_CASE("missing or mistyped model and messages")
  {
    for (const auto dialect : {Dialect::openai_chat, Dialect::anthropic_messages}) {
      CHECK(parse_error(dialect, R"({"messages":[]})") == "model: required");
      CHECK(parse_error(dialect, R"({"model":5,"messages":[]})") == "model: expected string");
      CHECK(parse_error(dialect, R"({"model":"m"})") == "messages: required");
      CHECK(parse_error(dialect, R"({"model":"m","messages":{}})") == "messages: expected array");
      CHECK(parse_error(dialect, R"({"model":"m","messages":[1]})") == "messages[0]: expected object");
      CHECK(parse_error(dialect, R"({"model":"m","messages":[{"content":"x"}]})") ==
            "messages[0].role: required");
    }
  }

  TEST_CASE("OpenAI field errors name the field")
  {
    const auto error = [](const std::string& body) { return parse_error(Dialect::openai_chat, body); };
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},
                  {"role":"user","content":5}]})") == "messages[2].content: expected string or array");
    CHECK(error(R"({"model":"m","messages":[{"role":"function","content":"x"}]})") ==
          "messages[0].role: expected one of developer, system, user, assistant, tool");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":7}]}]})") ==
          "messages[0].content[0].text: expected string");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]})") ==
          "messages[0].content[0].type: expected string");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":"u"}]}]})") ==
          "messages[0].content[0].image_url: expected object");
    CHECK(error(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{}}}]}]})") ==
          "messages[0].tool_calls[0].function.arguments: expected string");
    CHECK(error(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}]})") ==
          "messages[0].tool_calls[0].id: required");
    CHECK(error(R"({"model":"m","messages":[],"tools":[{"type":"function","function":{"description":"d"}}]})") ==
          "tools[0].function.name: required");
    CHECK(error(R"({"model":"m","messages":[],"tools":{}})") == "tools: expected array");
    CHECK(error(R"({"model":"m","messages":[],"tool_choice":3})") == "tool_choice: expected string or object");
    CHECK(error(R"({"model":"m","messages":[],"stream":"yes"})") == "stream: expected boolean");
    CHECK(error(R"({"model":"m","messages":[],"temperature":"hot"})") == "temperature: expected number");
    CHECK(error(R"({"model":"m","messages":[],"max_completion_tokens":1.5})") ==
          "max_completion_tokens: expected integer");
    CHECK(error(R"({"model":"m","messages":[],"stop":[1]})") == "stop[0]: expected string");
    CHECK(error(R"({"model":"m","messages":[],"stop":5})") == "stop: expected string or array");
    CHECK(error(R"({"model":"m","messages":[],"stream_options":{"include_usage":1}})") ==
          "stream_options.include_usage: expected boolean");
    CHECK(error(R"({"model":"m","messages":[],"metadata":"x"})") == "metadata: expected object");
    CHECK(error(R"({"model":"m","messages":[],"parallel_tool_calls":"no"})") ==
          "parallel_tool_calls: expected boolean");
  }

  TEST_CASE("only n=1 is supported")
  {
    CHECK(parse_error(Dialect::openai_chat, R"({"model":"m","messages":[],"n":2})") ==
          "n: only n=1 is supported");
    CHECK(parse_error(Dialect::openai_chat, R"({"model":"m","messages":[],"n":"1"})") ==
          "n: expected integer");
    CHECK(tokenrouter::test::parse_ok(Dialect::openai_chat, R"({"model":"m","messages":[],"n":1})")
              .extra["n"] == 1);
  }

  TEST_CASE("Anthropic field errors name the field")
  {
    const auto error = [](const std::string& body) {
      return parse_error(Dialect::anthropic_messages, body);
    };
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},
                  {"role":"user","content":{}}]})") == "messages[2].content: expected string or array");
    CHECK(error(R"({"model":"m","messages":[{"role":"tool","content":"x"}]})") ==
          "messages[0].role: expected one of user, assistant, system");
    CHECK(error(R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"tool_use","name":"f","input":{}}]}]})") ==
          "messages[0].content[0].id: required");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[{"type":"text"}]}]}]})") ==
          "messages[0].content[0].content[0].text: required");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":"yes"}]}]})") ==
          "messages[0].content[0].is_error: expected boolean");
    CHECK(error(R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":5}]}]})") ==
          "messages[0].content[0].signature: expected string");
    CHECK(error(R"({"model":"m","messages":[{"role":"user","content":[{"type":"image"}]}]})") ==
          "messages[0].content[0].source: expected object");
    CHECK(error(R"({"model":"m","messages":[],"system":7})") == "system: expected string or array");
    CHECK(error(R"({"model":"m","messages":[],"system":[{"type":"text","text":1}]})") ==
          "system[0].text: expected string");
    CHECK(error(R"({"model":"m","messages":[],"tools":[{"description":"d"}]})") == "tools[0].name: required");
    CHECK(error(R"({"model":"m","messages":[],"tool_choice":"auto"})") == "tool_choice: expected object");
    CHECK(error(R"({"model":"m","messages":[],"tool_choice":{}})") == "tool_choice.type: expected string");
    CHECK(error(R"({"model":"m","messages":[],"max_tokens":"10"})") == "max_tokens: expected integer");
    CHECK(error(R"({"model":"m","messages":[],"stop_sequences":"x"})") == "stop_sequences: expected array");
    CHECK(error(R"({"model":"m","messages":[],"thinking":true})") == "thinking: expected object");
  }

  TEST_CASE("deep nesting is refused quickly, without recursion")
  {
    const auto start = std::chrono::steady_clock::now();
    const std::string deep(100000, '[');
    CHECK(parse_error(Dialect::openai_chat, deep) == "request body nests deeper than 128 levels");
    const std::string inside = R"({"model":"m","messages":[{"role":"user","content":)" +
                               std::string(100000, '[') + std::string(100000, ']') + "}]}";
    CHECK(parse_error(Dialect::anthropic_messages, inside) == "request body nests deeper than 128 levels");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::seconds(2));
  }

  TEST_CASE("nesting up to the limit is fine; brackets inside strings do not count")
  {
    const std::string ok = R"({"model":"m","messages":[],"metadata":{"a":)" + std::string(120, '[') +
                           std::string(120, ']') + R"(,"b":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"["}})";
    CHECK(tokenrouter::test::parse_ok(Dialect::openai_chat, ok).metadata.contains("b"));
  }

  TEST_CASE("deeply nested tool arguments are kept raw, not parsed")
  {
    const std::string args = std::string(200, '[') + std::string(200, ']');
    const std::string body = R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":")" +
                             args + R"("}}]}]})";
    const auto env = tokenrouter::test::parse_ok(Dialect::openai_chat, body);
    CHECK(env.messages[0].content[0].arguments_raw == args);
    CHECK(env.messages[0].content[0].input.is_null());
  }

  TEST_CASE("invalid UTF-8 is an invalid_request, not a crash")
  {
    CHECK(parse_error(Dialect::openai_chat,
                      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\xff\xfe\"}]}") ==
          "request body is not valid JSON (error at byte 52)");
    CHECK(parse_error(Dialect::anthropic_messages, "{\"model\":\"\xc3\x28\",\"messages\":[]}").starts_with(
        "request body is not valid JSON"));
    CHECK(parse_error(Dialect::anthropic_messages, R"({"model":"\ud800","messages":[]})").starts_with(
        "request body is not valid JSON"));
  }

  TEST_CASE("numbers no double can hold")
  {
    CHECK(parse_error(Dialect::openai_chat, R"({"model":"m","messages":[],"temperature":1e999})") ==
          "request body is not valid JSON (number out of range)");
    const auto env = tokenrouter::test::parse_ok(
        Dialect::openai_chat, R"({"model":"m","messages":[{"role":"assistant","tool_calls":[
          {"id":"c","type":"function","function":{"name":"f","arguments":"1e999"}}]}]})");
    CHECK(env.messages[0].content[0].input.is_null());
    CHECK(parse_error(Dialect::openai_chat, R"({"model":"m","messages":[],"max_tokens":18446744073709551615})") ==
          "max_tokens: expected integer");
  }

  TEST_CASE("a Responses body without a model is refused")
  {
    const auto result = tokenrouter::inbound::parse(Dialect::openai_responses, "{}");
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == tokenrouter::ErrorCode::invalid_request);
  }
}
