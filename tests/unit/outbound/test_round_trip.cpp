#include <doctest/doctest.h>

#include "core/outbound/build.hpp"
#include "tests/unit/inbound/fixtures.hpp"

using tokenrouter::model::Dialect;
using tokenrouter::model::Json;
using tokenrouter::model::ProviderKind;
using tokenrouter::outbound::BuildOptions;

namespace {

// parse(body) → build() for the same dialect, with `upstream` as the model name.
Json round_trip(Dialect dialect, const std::string& body, ProviderKind provider,
                const std::string& upstream = "upstream-model")
{
  const auto envelope = tokenrouter::test::parse_ok(dialect, body);
  BuildOptions options;
  options.provider = provider;
  options.upstream_model = upstream;
  return tokenrouter::outbound::build(envelope, options);
}

Json with_model(Json body, const std::string& model)
{
  body["model"] = model;
  return body;
}

} // namespace

TEST_SUITE("outbound::round_trip")
{
  TEST_CASE("the OpenAI golden turn comes back equal, only the model replaced")
  {
    const std::string body = tokenrouter::test::golden_request("openai_agent_turn.json");
    const Json built = round_trip(Dialect::openai_chat, body, ProviderKind::openai, "gpt-4.1-2025-04-14");
    CHECK(built == with_model(Json::parse(body), "gpt-4.1-2025-04-14"));
  }

  TEST_CASE("the Anthropic golden turn comes back equal, only the model replaced")
  {
    const std::string body = tokenrouter::test::golden_request("anthropic_claude_code_turn.json");
    const Json built = round_trip(Dialect::anthropic_messages, body, ProviderKind::anthropic, "claude-opus-4-8-x");
    CHECK(built == with_model(Json::parse(body), "claude-opus-4-8-x"));
    // Signatures byte-identical.
    CHECK(built["messages"][1]["content"][0]["signature"] == "EqQBCkYIBxgCKkA3x+/Zm9sig==");
    CHECK(built["messages"][4]["content"][0]["data"] == "EmwKAhgBEgy3va3pzix/LafPsn4a");
  }

  TEST_CASE("OpenAI edge shapes round-trip")
  {
    const char* bodies[] = {
        R"({"model":"m","messages":[{"role":"user","content":""}]})",
        R"({"model":"m","messages":[{"role":"user","content":[]}]})",
        R"({"model":"m","messages":[{"role":"assistant","content":"","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{\"b\": 1, \"a\": 2}"}}]}]})",
        R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"not json"}}]}]})",
        R"({"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","type":"custom","custom":{"name":"patch","input":"*** Begin"}}]}]})",
        R"({"model":"m","messages":[{"role":"assistant","content":[{"type":"refusal","refusal":"no"}]}]})",
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}},{"type":"input_audio","input_audio":{"data":"AA==","format":"mp3"}}]}]})",
        R"({"model":"m","messages":[{"role":"tool","tool_call_id":"c","content":""}],"stream":false,"stop":"x","max_tokens":5})",
        R"({"model":"m","messages":[],"stop":[],"tools":[],"tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[]}}})",
        R"({"model":"m","messages":[],"tools":[{"type":"custom","custom":{"name":"x"}}],"tool_choice":"required","parallel_tool_calls":true})",
        R"({"model":"m","messages":[],"max_tokens":5,"max_completion_tokens":7,"n":1,"logprobs":true,"top_logprobs":2,"seed":1})",
        R"({"model":"m","messages":[],"temperature":0.2,"top_p":0.9,"prompt_cache_key":"","metadata":null,"user":"u"})",
        R"({"model":"m","messages":[],"response_format":{"type":"json_object"},"reasoning_effort":"low","verbosity":"low"})",
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGR"}}]}]})",
        R"({"model":"m","messages":[{"role":"user","content":null,"name":""}]})",
    };
    for (const char* body : bodies) {
      CAPTURE(body);
      CHECK(round_trip(Dialect::openai_chat, body, ProviderKind::openai) ==
            with_model(Json::parse(body), "upstream-model"));
    }
  }

  TEST_CASE("Anthropic edge shapes round-trip")
  {
    const char* bodies[] = {
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":""}],"system":""})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[]}],"system":[]})",
        R"({"model":"m","max_tokens":0,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"","signature":"sig"}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"thinking","thinking":"x","signature":""}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","is_error":false}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":[]}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"","cache_control":{"type":"ephemeral"}}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{},"caller":{"type":"direct"}}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{"query":"q"}},{"type":"web_search_tool_result","tool_use_id":"s","content":[]}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f1"},"cache_control":{"type":"ephemeral","ttl":"5m"}}]}]})",
        R"({"model":"m","max_tokens":1,"messages":[],"stream":false,"stop_sequences":[],"tools":[]})",
        R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":{"type":"none"},"temperature":0.5,"top_p":1,"top_k":3})",
        R"({"model":"m","max_tokens":1,"messages":[],"tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true}})",
        R"({"model":"m","max_tokens":1,"messages":[],"tools":[{"name":"f","description":"","input_schema":{"type":"object"},"strict":true}]})",
        R"({"model":"m","max_tokens":1,"messages":[],"cache_control":{"type":"ephemeral"},"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},"inference_geo":"us","container":"c1","mcp_servers":[]})",
        R"({"model":"m","max_tokens":1,"messages":[],"system":[{"type":"text","text":"a","citations":null}],"metadata":{"user_id":"u"}})",
    };
    for (const char* body : bodies) {
      CAPTURE(body);
      CHECK(round_trip(Dialect::anthropic_messages, body, ProviderKind::anthropic) ==
            with_model(Json::parse(body), "upstream-model"));
    }
  }

  TEST_CASE("OpenAI streams always ask for usage")
  {
    const std::string body = R"({"model":"m","messages":[],"stream":true})";
    const Json built = round_trip(Dialect::openai_chat, body, ProviderKind::openai);
    CHECK(built["stream_options"] == Json::parse(R"({"include_usage":true})"));
    const std::string obfuscation =
        R"({"model":"m","messages":[],"stream":true,"stream_options":{"include_obfuscation":false}})";
    CHECK(round_trip(Dialect::openai_chat, obfuscation, ProviderKind::openai)["stream_options"] ==
          Json::parse(R"({"include_obfuscation":false,"include_usage":true})"));
  }

  TEST_CASE("OpenAI clients on DeepSeek: same shape, max_tokens, no developer role")
  {
    const std::string body =
        R"({"model":"m","messages":[{"role":"developer","content":"x"}],"max_completion_tokens":9,"stream":true})";
    const Json built = round_trip(Dialect::openai_chat, body, ProviderKind::deepseek, "deepseek-chat");
    CHECK(built == Json::parse(R"({"model":"deepseek-chat","messages":[{"role":"system","content":"x"}],
      "max_tokens":9,"stream":true,"stream_options":{"include_usage":true}})"));
  }

  TEST_CASE("an empty upstream_model keeps the client's model")
  {
    const auto envelope =
        tokenrouter::test::parse_ok(Dialect::openai_chat, R"({"model":"gpt-4o","messages":[]})");
    CHECK(tokenrouter::outbound::build(envelope, BuildOptions{})["model"] == "gpt-4o");
  }

  TEST_CASE("Anthropic max_tokens defaults when the client sent none")
  {
    const auto envelope = tokenrouter::test::parse_ok(Dialect::anthropic_messages,
                                                      R"({"model":"m","messages":[]})");
    BuildOptions options;
    options.provider = ProviderKind::anthropic;
    options.default_max_tokens = 1234;
    CHECK(tokenrouter::outbound::build(envelope, options)["max_tokens"] == 1234);
  }
}
