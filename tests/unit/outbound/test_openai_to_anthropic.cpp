#include <doctest/doctest.h>

#include "tests/unit/outbound/translate.hpp"

using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::ProviderKind;
using tokenrouter::test::openai_to_anthropic;

TEST_SUITE("outbound::openai_to_anthropic")
{
  TEST_CASE("the golden agent turn translates to the golden Anthropic body")
  {
    const Json built = tokenrouter::test::translate(
        Dialect::openai_chat, tokenrouter::test::golden_request("openai_agent_turn.json"),
        ProviderKind::anthropic, "claude-sonnet-4-5");
    CHECK(built == tokenrouter::test::golden_json("openai_agent_turn.to_anthropic.json"));
  }

  TEST_CASE("system and developer messages are hoisted in order, joined with a newline")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[
      {"role":"system","content":"A"},{"role":"user","content":"hi"},
      {"role":"developer","content":[{"type":"text","text":"B"},{"type":"text","text":""}]}]})");
    CHECK(built["system"] == "A\nB");
    CHECK(built["messages"] == Json::parse(R"([{"role":"user","content":"hi"}])"));
  }

  TEST_CASE("system parts with cache_control stay blocks")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[
      {"role":"system","content":[{"type":"text","text":"A","cache_control":{"type":"ephemeral"}}]},
      {"role":"system","content":"B"}]})");
    CHECK(built["system"] == Json::parse(
                                 R"([{"type":"text","text":"A","cache_control":{"type":"ephemeral"}},{"type":"text","text":"B"}])"));
  }

  TEST_CASE("max_tokens defaults, temperature clamps, stop becomes stop_sequences")
  {
    const Json built = openai_to_anthropic(
        R"({"model":"m","messages":[],"temperature":2,"top_p":0.5,"stop":"END"})");
    CHECK(built["max_tokens"] == 8192);
    CHECK(built["temperature"] == 1.0);
    CHECK(built["top_p"] == 0.5);
    CHECK(built["stop_sequences"] == Json::parse(R"(["END"])"));
    CHECK(openai_to_anthropic(R"({"model":"m","messages":[],"max_tokens":77,"temperature":0.3})") ==
          Json::parse(R"({"model":"up","messages":[],"max_tokens":77,"temperature":0.3})"));
  }

  TEST_CASE("tool_choice mapping")
  {
    const std::string head =
        R"({"model":"m","messages":[],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}],)";
    const auto choice = [&](const std::string& rest) { return openai_to_anthropic(head + rest)["tool_choice"]; };
    CHECK(choice(R"("tool_choice":"auto"})") == Json::parse(R"({"type":"auto"})"));
    CHECK(choice(R"("tool_choice":"required"})") == Json::parse(R"({"type":"any"})"));
    CHECK(choice(R"("tool_choice":"none"})") == Json::parse(R"({"type":"none"})"));
    CHECK(choice(R"("tool_choice":{"type":"function","function":{"name":"f"}}})") ==
          Json::parse(R"({"type":"tool","name":"f"})"));
    CHECK(choice(R"("tool_choice":"required","parallel_tool_calls":false})") ==
          Json::parse(R"({"type":"any","disable_parallel_tool_use":true})"));
    CHECK(choice(R"("parallel_tool_calls":false})") ==
          Json::parse(R"({"type":"auto","disable_parallel_tool_use":true})"));
    CHECK_FALSE(openai_to_anthropic(head + R"("parallel_tool_calls":true})").contains("tool_choice"));
    CHECK(openai_to_anthropic(head + "\"n\":1}")["tools"] ==
          Json::parse(R"([{"name":"f","input_schema":{"type":"object"}}])"));
  }

  TEST_CASE("hosted and custom tools are dropped, and so is a tool_choice left without tools")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[],
      "tools":[{"type":"web_search"},{"type":"custom","custom":{"name":"x"}}],"tool_choice":"auto"})");
    CHECK_FALSE(built.contains("tools"));
    CHECK_FALSE(built.contains("tool_choice"));
  }

  TEST_CASE("assistant text beside tool_calls; empty text dropped; arguments parsed")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[
      {"role":"assistant","content":"Reading.","tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"x\":[1,2]}"}}]},
      {"role":"tool","tool_call_id":"call_1","content":"ok"},
      {"role":"assistant","content":"","tool_calls":[{"id":"call_2","type":"function","function":{"name":"g","arguments":"oops"}}]},
      {"role":"tool","tool_call_id":"call_2","content":"bad"},
      {"role":"assistant","content":""},
      {"role":"assistant","content":"Done."}]})");
    CHECK(built["messages"] == Json::parse(R"([
      {"role":"assistant","content":[{"type":"text","text":"Reading."},{"type":"tool_use","id":"call_1","name":"f","input":{"x":[1,2]}}]},
      {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_1","content":"ok"}]},
      {"role":"assistant","content":[{"type":"tool_use","id":"call_2","name":"g","input":{}}]},
      {"role":"user","content":[{"type":"tool_result","tool_use_id":"call_2","content":"bad"}]},
      {"role":"assistant","content":"Done."}])"));
  }

  TEST_CASE("tool ids Anthropic would reject are normalised on both sides")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[
      {"role":"assistant","tool_calls":[{"id":"functions.read:0","type":"function","function":{"name":"read","arguments":"{}"}}]},
      {"role":"tool","tool_call_id":"functions.read:0","content":"x"}]})");
    CHECK(built["messages"][0]["content"][0]["id"] == "functions_read_0");
    CHECK(built["messages"][1]["content"][0]["tool_use_id"] == "functions_read_0");
  }

  TEST_CASE("images: data URL → base64 source, http URL → url source; audio dropped")
  {
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[{"role":"user","content":[
      {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQ","detail":"low"}},
      {"type":"image_url","image_url":{"url":"https://x.test/a.gif"}},
      {"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}},
      {"type":"text","text":"what is this?","cache_control":{"type":"ephemeral"}}]}]})");
    CHECK(built["messages"][0]["content"] == Json::parse(R"([
      {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
      {"type":"image","source":{"type":"url","url":"https://x.test/a.gif"}},
      {"type":"text","text":"what is this?","cache_control":{"type":"ephemeral"}}])"));
  }

  TEST_CASE("user and metadata map to metadata.user_id; OpenAI-only fields are dropped")
  {
    CHECK(openai_to_anthropic(R"({"model":"m","messages":[],"metadata":{"user_id":"u1","x":"y"}})")["metadata"] ==
          Json::parse(R"({"user_id":"u1"})"));
    CHECK(openai_to_anthropic(R"({"model":"m","messages":[],"safety_identifier":"s1"})")["metadata"] ==
          Json::parse(R"({"user_id":"s1"})"));
    const Json built = openai_to_anthropic(R"({"model":"m","messages":[],"metadata":{"k":"v"},
      "prompt_cache_key":"p","stream":true,"stream_options":{"include_usage":true},"n":1,"logprobs":true,
      "seed":3,"store":true,"service_tier":"flex","reasoning_effort":"high","prompt_cache_retention":"24h"})");
    CHECK(built == Json::parse(R"({"model":"up","messages":[],"max_tokens":8192,"stream":true})"));
  }

  TEST_CASE("response_format json_schema becomes output_config.format; json_object is dropped")
  {
    CHECK(openai_to_anthropic(R"({"model":"m","messages":[],"response_format":{"type":"json_schema",
      "json_schema":{"name":"r","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string"}}}}}})")
              ["output_config"] ==
          Json::parse(R"({"format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}}})"));
    CHECK_FALSE(openai_to_anthropic(R"({"model":"m","messages":[],"response_format":{"type":"json_object"}})")
                    .contains("output_config"));
  }
}
