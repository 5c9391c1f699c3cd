#include <doctest/doctest.h>

#include "core/outbound/build.hpp"
#include "core/pipeline/cache_inject.hpp"
#include "core/pipeline/pipeline.hpp"
#include "tests/unit/inbound/fixtures.hpp"

using namespace tokenrouter;
using model::Dialect;
using model::Json;
using model::ProviderKind;

namespace {

const std::string k_big(6000, 'x'); // ~1500 tokens: over the 1024 minimum on its own

// An OpenAI-format agent request: big system, tools, two finished exchanges, a tool result.
std::string agent_body(int tool_results = 1)
{
  Json messages = Json::array();
  messages.push_back({{"role", "system"}, {"content", "system " + k_big}});
  messages.push_back({{"role", "user"}, {"content", "fix the bug"}});
  messages.push_back({{"role", "assistant"}, {"content", nullptr},
                      {"tool_calls", {{{"id", "c1"}, {"type", "function"},
                                       {"function", {{"name", "read"}, {"arguments", "{}"}}}}}}});
  messages.push_back({{"role", "tool"}, {"tool_call_id", "c1"}, {"content", "file " + k_big}});
  Json calls = Json::array();
  for (int i = 0; i < tool_results; ++i) {
    calls.push_back({{"id", "d" + std::to_string(i)}, {"type", "function"},
                     {"function", {{"name", "run"}, {"arguments", "{}"}}}});
  }
  messages.push_back({{"role", "assistant"}, {"content", "running"}, {"tool_calls", calls}});
  for (int i = 0; i < tool_results; ++i) {
    messages.push_back({{"role", "tool"}, {"tool_call_id", "d" + std::to_string(i)}, {"content", "ok"}});
  }
  Json tools = Json::array();
  for (const char* name : {"run", "read"}) {
    tools.push_back({{"type", "function"},
                     {"function", {{"name", name}, {"description", k_big}, {"parameters", {{"type", "object"}}}}}});
  }
  return Json{{"model", "claude-sonnet-4-5"}, {"messages", messages}, {"tools", tools}}.dump();
}

pipeline::Shaped shape(Dialect dialect, const std::string& body, ProviderKind provider,
                       const std::string& model = "claude-sonnet-4-5")
{
  pipeline::Options options;
  options.injecting = {provider, model, "key-1"};
  return pipeline::run(test::parse_ok(dialect, body), options);
}

Json wire(const pipeline::Shaped& shaped, ProviderKind provider)
{
  return outbound::build(shaped.envelope, {provider, "up"});
}

int count_marks(const Json& value)
{
  int count = value.is_object() && value.contains("cache_control") ? 1 : 0;
  if (value.is_structured()) {
    for (const auto& child : value) {
      count += count_marks(child);
    }
  }
  return count;
}

} // namespace

TEST_SUITE("pipeline::cache_inject")
{
  TEST_CASE("Anthropic: tools end, system end, stable history end, rolling end")
  {
    const auto body = wire(shape(Dialect::openai_chat, agent_body(), ProviderKind::anthropic),
                           ProviderKind::anthropic);
    CHECK(count_marks(body) == 4);
    CHECK(body["tools"][1]["cache_control"] == Json{{"type", "ephemeral"}}); // "run", last after sorting
    CHECK(body["tools"][1]["name"] == "run");
    CHECK(body["system"].back().contains("cache_control"));
    const auto& messages = body["messages"];
    // The previous request ended with the first tool result (history end) …
    CHECK(messages[2]["content"][0]["content"][0].contains("cache_control"));
    // … and this one ends with the second (rolling end).
    CHECK(messages.back()["content"].back()["content"][0].contains("cache_control"));
  }

  TEST_CASE("Anthropic: the client's breakpoints are kept and the total never exceeds 4")
  {
    const std::string body = R"({"model":"claude-sonnet-4-5","max_tokens":5,
      "system":[{"type":"text","text":")" + k_big + R"(","cache_control":{"type":"ephemeral"}}],
      "tools":[{"name":"t","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],
      "messages":[{"role":"user","content":[{"type":"text","text":")" + k_big + R"(","cache_control":{"type":"ephemeral"}}]},
        {"role":"assistant","content":"a"},
        {"role":"user","content":[{"type":"text","text":"b","cache_control":{"type":"ephemeral"}}]}]})";
    const auto shaped = shape(Dialect::anthropic_messages, body, ProviderKind::anthropic);
    CHECK(pipeline::count_breakpoints(shaped.envelope) == 4);
    const auto built = wire(shaped, ProviderKind::anthropic);
    CHECK(count_marks(built) == 4);
    CHECK(built["messages"][0]["content"][0].contains("cache_control"));
  }

  TEST_CASE("Anthropic: a top-level automatic cache_control takes a slot and the rolling end")
  {
    Json request = Json::parse(agent_body());
    request["max_tokens"] = 10;
    auto env = test::parse_ok(Dialect::openai_chat, request.dump());
    env.cache_control = {{"type", "ephemeral"}};
    pipeline::Options options;
    options.injecting = {ProviderKind::anthropic, "claude-sonnet-4-5", "k"};
    const auto shaped = pipeline::run(env, options);
    CHECK(pipeline::count_breakpoints(shaped.envelope) == 4);
    CHECK(shaped.envelope.messages.back().content.back().cache_control.is_null());
  }

  TEST_CASE("Anthropic: nothing below the model's minimum cacheable length")
  {
    const std::string small = R"({"model":"m","max_tokens":5,"system":"short",
      "messages":[{"role":"user","content":"hi"}]})";
    CHECK(count_marks(wire(shape(Dialect::anthropic_messages, small, ProviderKind::anthropic),
                           ProviderKind::anthropic)) == 0);
    // The ~3000-token tools pass Sonnet's 1024 but not Haiku 4.5's 4096.
    const auto haiku = shape(Dialect::openai_chat, agent_body(), ProviderKind::anthropic, "claude-haiku-4-5");
    const auto built = wire(haiku, ProviderKind::anthropic);
    CHECK_FALSE(built["tools"][1].contains("cache_control"));
    CHECK(count_marks(built) == 3); // tools + system reach 4096, and so does everything after
  }

  TEST_CASE("minimum cacheable lengths follow protocols.md §5")
  {
    CHECK(pipeline::min_cacheable_tokens("claude-sonnet-4-5") == 1024);
    CHECK(pipeline::min_cacheable_tokens("claude-haiku-4-5-20251001") == 4096);
    CHECK(pipeline::min_cacheable_tokens("claude-opus-4-5") == 4096);
    CHECK(pipeline::min_cacheable_tokens("claude-3-5-haiku-20241022") == 2048);
    CHECK(pipeline::min_cacheable_tokens("claude-opus-4-7") == 2048);
    CHECK(pipeline::min_cacheable_tokens("claude-opus-5") == 512);
    CHECK(pipeline::min_cacheable_tokens("claude-opus-4-1") == 1024);
    CHECK(pipeline::min_cacheable_tokens("unknown") == 1024);
  }

  TEST_CASE("Anthropic: no 5-minute breakpoint before a client's 1-hour one")
  {
    const std::string body = R"({"model":"claude-sonnet-4-5","max_tokens":5,
      "system":")" + k_big + R"(",
      "tools":[{"name":"t","description":")" + k_big + R"(","input_schema":{"type":"object"}}],
      "messages":[{"role":"user","content":[{"type":"text","text":"q",
        "cache_control":{"type":"ephemeral","ttl":"1h"}}]}]})";
    const auto built = wire(shape(Dialect::anthropic_messages, body, ProviderKind::anthropic),
                            ProviderKind::anthropic);
    CHECK(count_marks(built) == 1);
  }

  TEST_CASE("Anthropic lookback: a turn adding 20+ blocks still reads the previous request's entry")
  {
    // 25 parallel tool results in the current turn, and the client already used 2 slots.
    Json request = Json::parse(agent_body(25));
    request["messages"][0]["content"] = Json::array(
        {{{"type", "text"}, {"text", "system " + k_big}, {"cache_control", {{"type", "ephemeral"}}}}});
    request["messages"][1]["content"] = Json::array(
        {{{"type", "text"}, {"text", "fix the bug"}, {"cache_control", {{"type", "ephemeral"}}}}});
    const auto shaped = shape(Dialect::openai_chat, request.dump(), ProviderKind::anthropic);
    const auto& messages = shaped.envelope.messages;
    CHECK(pipeline::count_breakpoints(shaped.envelope) == 4);
    CHECK(messages[3].content.back().cache_control.is_object()); // previous request's end
    CHECK(messages.back().content.back().cache_control.is_object());
  }

  TEST_CASE("OpenAI: prompt_cache_key from the key and the static prefix; the client's wins")
  {
    const auto first = shape(Dialect::openai_chat, agent_body(1), ProviderKind::openai);
    const auto later = shape(Dialect::openai_chat, agent_body(3), ProviderKind::openai);
    CHECK(first.envelope.prompt_cache_key.starts_with("tkr-"));
    CHECK(first.envelope.prompt_cache_key.size() == 36);
    CHECK(first.envelope.prompt_cache_key == later.envelope.prompt_cache_key); // stable per session
    CHECK(wire(first, ProviderKind::openai)["prompt_cache_key"] == first.envelope.prompt_cache_key);
    CHECK(count_marks(wire(first, ProviderKind::openai)) == 0);
    CHECK(pipeline::prompt_cache_key("other-key", first.hashes.static_hash)
          != first.envelope.prompt_cache_key);

    Json own = Json::parse(agent_body());
    own["prompt_cache_key"] = "mine";
    CHECK(shape(Dialect::openai_chat, own.dump(), ProviderKind::openai).envelope.prompt_cache_key == "mine");
  }

  TEST_CASE("DeepSeek and other OpenAI-compatible upstreams get nothing added")
  {
    for (const auto kind : {ProviderKind::deepseek, ProviderKind::openai_compatible}) {
      const auto shaped = shape(Dialect::openai_chat, agent_body(), kind);
      CHECK(shaped.envelope.prompt_cache_key.empty());
      CHECK(pipeline::count_breakpoints(shaped.envelope) == 0);
    }
  }
}
