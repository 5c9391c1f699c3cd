#include <doctest/doctest.h>

#include "tests/unit/outbound/translate.hpp"

using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::ProviderKind;
using tokenrouter::test::anthropic_to_openai;

TEST_SUITE("outbound::anthropic_to_openai")
{
  TEST_CASE("the golden Claude Code turn translates to the golden OpenAI body")
  {
    const Json built = tokenrouter::test::translate(
        Dialect::anthropic_messages, tokenrouter::test::golden_request("anthropic_claude_code_turn.json"),
        ProviderKind::openai, "gpt-5.5");
    CHECK(built == tokenrouter::test::golden_json("anthropic_claude_code_turn.to_openai.json"));
  }

  TEST_CASE("DeepSeek: max_tokens, text-only content as strings, reasoning_content kept")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":100,"system":"S",
      "messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]},
        {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"s"},
          {"type":"tool_use","id":"toolu_1","name":"f","input":{"k":"v"}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"r"},{"type":"text","text":"next"}]}]})",
                                           ProviderKind::deepseek);
    CHECK(built == Json::parse(R"({"model":"up","max_tokens":100,"messages":[
      {"role":"system","content":"S"},
      {"role":"user","content":"a\nb"},
      {"role":"assistant","content":null,"reasoning_content":"hmm","tool_calls":[
        {"id":"toolu_1","type":"function","function":{"name":"f","arguments":"{\"k\":\"v\"}"}}]},
      {"role":"tool","tool_call_id":"toolu_1","content":"r"},
      {"role":"user","content":"next"}]})"));
  }

  TEST_CASE("openai-compatible gets max_tokens too")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":5,"messages":[]})",
                                           ProviderKind::openai_compatible);
    CHECK(built == Json::parse(R"({"model":"up","messages":[],"max_tokens":5})"));
  }

  TEST_CASE("tool_results become tool messages, in order, before the user's text; images follow")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"messages":[
      {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"a","input":{}},{"type":"tool_use","id":"t2","name":"b","input":{}}]},
      {"role":"user","content":[
        {"type":"text","text":"here you go"},
        {"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"one"},{"type":"text","text":"two"}]},
        {"type":"tool_result","tool_use_id":"t2","is_error":true,"content":[
          {"type":"text","text":"shot"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBO"}}]}]}]})");
    CHECK(built["messages"] == Json::parse(R"([
      {"role":"assistant","content":null,"tool_calls":[
        {"id":"t1","type":"function","function":{"name":"a","arguments":"{}"}},
        {"id":"t2","type":"function","function":{"name":"b","arguments":"{}"}}]},
      {"role":"tool","tool_call_id":"t1","content":"one\ntwo"},
      {"role":"tool","tool_call_id":"t2","content":"shot"},
      {"role":"user","content":[
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBO"}},
        {"type":"text","text":"here you go"}]}])"));
  }

  TEST_CASE("tool definitions, server tools dropped, tool_choice mapping")
  {
    const std::string head = R"({"model":"m","max_tokens":1,"messages":[],"tools":[
      {"name":"f","description":"F","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"},"eager_input_streaming":true},
      {"type":"web_search_20250305","name":"web_search"}],)";
    const auto build = [&](const std::string& rest) { return anthropic_to_openai(head + rest); };
    CHECK(build(R"("tool_choice":{"type":"auto"}})")["tools"] ==
          Json::parse(R"([{"type":"function","function":{"name":"f","description":"F","parameters":{"type":"object"}}}])"));
    CHECK(build(R"("tool_choice":{"type":"auto"}})")["tool_choice"] == "auto");
    CHECK(build(R"("tool_choice":{"type":"any"}})")["tool_choice"] == "required");
    CHECK(build(R"("tool_choice":{"type":"none"}})")["tool_choice"] == "none");
    CHECK(build(R"("tool_choice":{"type":"tool","name":"f"}})")["tool_choice"] ==
          Json::parse(R"({"type":"function","function":{"name":"f"}})"));
    const Json serial = build(R"("tool_choice":{"type":"auto","disable_parallel_tool_use":true}})");
    CHECK(serial["parallel_tool_calls"] == false);
    const Json only_server = anthropic_to_openai(R"({"model":"m","max_tokens":1,"messages":[],
      "tools":[{"type":"bash_20250124","name":"bash"}],"tool_choice":{"type":"any","disable_parallel_tool_use":true}})");
    CHECK(only_server == Json::parse(R"({"model":"up","messages":[],"max_completion_tokens":1})"));
  }

  TEST_CASE("Anthropic-only fields and every cache_control are removed")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"top_k":3,"service_tier":"auto",
      "thinking":{"type":"enabled","budget_tokens":2048},"metadata":{"user_id":"u"},
      "context_management":{"edits":[]},"output_config":{"effort":"low"},"cache_control":{"type":"ephemeral"},
      "container":"c","inference_geo":"eu","stop_sequences":["a","b"],"temperature":0.7,"top_p":0.9,
      "system":[{"type":"text","text":"S","cache_control":{"type":"ephemeral"}}],
      "messages":[{"role":"user","content":[{"type":"text","text":"x","cache_control":{"type":"ephemeral"}},
        {"type":"document","source":{"type":"text","media_type":"text/plain","data":"d"}}]}]})");
    CHECK(built == Json::parse(R"({"model":"up","max_completion_tokens":1,"stop":["a","b"],
      "temperature":0.7,"top_p":0.9,"messages":[{"role":"system","content":"S"},
      {"role":"user","content":[{"type":"text","text":"x"}]}]})"));
  }

  TEST_CASE("streams ask for usage; string content stays a string")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"stream":true,
      "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]})");
    CHECK(built == Json::parse(R"({"model":"up","max_completion_tokens":1,"stream":true,
      "stream_options":{"include_usage":true},
      "messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]})"));
  }

  TEST_CASE("thinking-only assistant turns, url images and file images")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"messages":[
      {"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://x.test/i.png"}},
                                {"type":"image","source":{"type":"file","file_id":"file_1"}}]},
      {"role":"assistant","content":[{"type":"redacted_thinking","data":"zz"}]},
      {"role":"assistant","content":[{"type":"thinking","thinking":"a","signature":"b"},{"type":"text","text":"T"}]}]})");
    CHECK(built["messages"] == Json::parse(R"([
      {"role":"user","content":[{"type":"image_url","image_url":{"url":"https://x.test/i.png"}}]},
      {"role":"assistant","content":"T"}])"));
  }

  TEST_CASE("a malformed image source does not throw")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"messages":[{"role":"user",
      "content":[{"type":"image","source":{"type":"base64","media_type":5,"data":null}},
                 {"type":"image","source":{"type":7}}]}]})");
    CHECK(built["messages"][0]["content"] ==
          Json::parse(R"([{"type":"image_url","image_url":{"url":"data:;base64,"}}])"));
  }

  TEST_CASE("output_config.format json_schema becomes response_format")
  {
    const Json built = anthropic_to_openai(R"({"model":"m","max_tokens":1,"messages":[],
      "output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}}})");
    CHECK(built["response_format"] ==
          Json::parse(R"({"type":"json_schema","json_schema":{"name":"output","schema":{"type":"object"}}})"));
  }
}
