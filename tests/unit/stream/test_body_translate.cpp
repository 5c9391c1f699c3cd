// Non-streaming bodies with literal inputs and expected outputs.

#include <doctest/doctest.h>

#include "core/stream/json_util.hpp"
#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

namespace {

TranslateOptions options_for(model::Dialect upstream, model::Dialect client)
{
  TranslateOptions options;
  options.upstream = upstream;
  options.client = client;
  options.client_model = "my-model";
  options.created_unix = 1700000000;
  return options;
}

constexpr std::string_view k_anthropic_message =
    R"({"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
 "content": [{"type": "thinking", "thinking": "Hmm.", "signature": "sig"},
             {"type": "text", "text": "Reading it."},
             {"type": "tool_use", "id": "toolu_01B", "name": "read_file", "input": {"path": "b.py", "n": [1, 2]}}],
 "stop_reason": "tool_use", "stop_sequence": null,
 "usage": {"input_tokens": 50, "cache_creation_input_tokens": 248, "cache_read_input_tokens": 1800,
   "cache_creation": {"ephemeral_5m_input_tokens": 148, "ephemeral_1h_input_tokens": 100},
   "output_tokens": 503, "service_tier": "standard"}})";

constexpr std::string_view k_openai_completion =
    R"({"id": "chatcmpl-123", "object": "chat.completion", "created": 1723736362, "model": "gpt-4.1-2025-04-14",
  "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
    "message": {"role": "assistant", "content": "Let me look.", "refusal": null, "annotations": [],
      "reasoning_content": "Think.",
      "tool_calls": [{"id": "call_abc", "type": "function", "function": {"name": "read_file", "arguments": "{\"path\":\"a.py\"}"}},
                     {"id": "call_def", "type": "function", "function": {"name": "list", "arguments": ""}},
                     {"id": "call_ghi", "type": "function", "function": {"name": "bad", "arguments": "{oops"}}]}}],
  "usage": {"prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
    "prompt_tokens_details": {"cached_tokens": 1920, "cache_write_tokens": 0, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}},
  "service_tier": "default", "system_fingerprint": "fp_x"})";

} // namespace

using model::Dialect;

TEST_SUITE("stream::translate_body")
{
  TEST_CASE("same dialect keeps every byte but the model")
  {
    const auto anthropic = translate_body(
        options_for(Dialect::anthropic_messages, Dialect::anthropic_messages), k_anthropic_message);
    REQUIRE(anthropic);
    std::string expected(k_anthropic_message);
    expected.replace(expected.find("claude-sonnet-4-5"), 17, "my-model");
    CHECK(anthropic->body == expected);
    CHECK(anthropic->finish_reason == "tool_use");
    CHECK(anthropic->usage == model::Usage{50, 1800, 248, 100, 503, 0});

    const auto openai =
        translate_body(options_for(Dialect::openai_chat, Dialect::openai_chat), k_openai_completion);
    REQUIRE(openai);
    expected = std::string(k_openai_completion);
    expected.replace(expected.find("gpt-4.1-2025-04-14"), 18, "my-model");
    CHECK(openai->body == expected);
    CHECK(openai->finish_reason == "tool_calls");
    CHECK(openai->usage == model::Usage{86, 1920, 0, 0, 300, 0});
  }

  TEST_CASE("Anthropic message → OpenAI chat.completion")
  {
    const auto result = translate_body(
        options_for(Dialect::anthropic_messages, Dialect::openai_chat), k_anthropic_message);
    REQUIRE(result);
    CHECK(result->body
          == R"({"id":"chatcmpl-01","object":"chat.completion","created":1700000000,"model":"my-model",)"
             R"("choices":[{"index":0,"message":{"role":"assistant","content":"Reading it.",)"
             R"("reasoning_content":"Hmm.","tool_calls":[{"id":"toolu_01B","type":"function",)"
             R"("function":{"name":"read_file","arguments":"{\"n\":[1,2],\"path\":\"b.py\"}"}}]},)"
             R"("logprobs":null,"finish_reason":"tool_calls"}],)"
             R"("usage":{"prompt_tokens":2098,"completion_tokens":503,"total_tokens":2601,)"
             R"("prompt_tokens_details":{"cached_tokens":1800,"cache_write_tokens":248},)"
             R"("completion_tokens_details":{"reasoning_tokens":0}}})");
    CHECK(result->finish_reason == "tool_calls");
    CHECK(result->usage.prompt_total() == 2098);
  }

  TEST_CASE("Anthropic message without text has null content; stop reasons map")
  {
    const auto result = translate_body(
        options_for(Dialect::anthropic_messages, Dialect::openai_chat),
        R"({"id":"msg_2","type":"message","content":[],"stop_reason":"model_context_window_exceeded",
            "usage":{"input_tokens":3,"output_tokens":0}})");
    REQUIRE(result);
    const Json body = Json::parse(result->body);
    CHECK(body["choices"][0]["message"]["content"].is_null());
    CHECK(body["choices"][0]["finish_reason"] == "length");
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"end_turn", "stop"},
             {"stop_sequence", "stop"},
             {"max_tokens", "length"},
             {"refusal", "content_filter"},
             {"pause_turn", "stop"}}) {
      const auto mapped = translate_body(
          options_for(Dialect::anthropic_messages, Dialect::openai_chat),
          R"({"id":"msg_3","content":[],"stop_reason":")" + from + "\"}");
      REQUIRE(mapped);
      CHECK(mapped->finish_reason == to);
    }
  }

  TEST_CASE("OpenAI chat.completion → Anthropic message")
  {
    const auto result = translate_body(
        options_for(Dialect::openai_chat, Dialect::anthropic_messages), k_openai_completion);
    REQUIRE(result);
    CHECK(result->body
          == R"({"id":"msg_123","type":"message","role":"assistant","model":"my-model","content":[)"
             R"({"type":"thinking","thinking":"Think.","signature":""},)"
             R"({"type":"text","text":"Let me look."},)"
             R"({"type":"tool_use","id":"call_abc","name":"read_file","input":{"path":"a.py"}},)"
             R"({"type":"tool_use","id":"call_def","name":"list","input":{}},)"
             R"({"type":"tool_use","id":"call_ghi","name":"bad","input":{"_raw":"{oops"}}],)"
             R"("stop_reason":"tool_use","stop_sequence":null,)"
             R"("usage":{"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":1920,)"
             R"("output_tokens":300}})");
    CHECK(result->finish_reason == "tool_use");
    CHECK(result->usage == model::Usage{86, 1920, 0, 0, 300, 0});
  }

  TEST_CASE("OpenAI finish reasons map to Anthropic stop reasons")
  {
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"stop", "end_turn"},
             {"length", "max_tokens"},
             {"tool_calls", "tool_use"},
             {"content_filter", "refusal"},
             {"something_new", "end_turn"}}) {
      const auto mapped = translate_body(
          options_for(Dialect::openai_chat, Dialect::anthropic_messages),
          R"({"id":"chatcmpl-9","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":")"
              + from + "\"}]}");
      REQUIRE(mapped);
      CHECK(mapped->finish_reason == to);
      CHECK(Json::parse(mapped->body)["content"] == Json::array());
    }
  }

  TEST_CASE("malformed or misshapen upstream bodies are upstream_failed")
  {
    for (const Dialect upstream : {Dialect::openai_chat, Dialect::anthropic_messages}) {
      for (const Dialect client : {Dialect::openai_chat, Dialect::anthropic_messages}) {
        for (const std::string_view body : {"not json", "[1,2]", "{\"id\":\"x\"}", "{\"choices\":"}) {
          const auto result = translate_body(options_for(upstream, client), body);
          REQUIRE_FALSE(result);
          CHECK(result.error().code == ErrorCode::upstream_failed);
        }
      }
    }
  }
}

} // namespace tokenrouter::stream
