#include <doctest/doctest.h>

#include "core/pipeline/chunker.hpp"
#include "tests/unit/inbound/fixtures.hpp"

using namespace tokenrouter;
using model::Dialect;

namespace {

const char* const k_agent = R"({"model":"m","messages":[
  {"role":"system","content":"You are an agent."},
  {"role":"developer","content":"Be brief."},
  {"role":"user","content":"fix it"},
  {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function",
    "function":{"name":"read","arguments":"{\"p\":\"a\"}"}}]},
  {"role":"tool","tool_call_id":"c1","content":"text of a"},
  {"role":"assistant","content":"done?","tool_calls":[{"id":"c2","type":"function",
    "function":{"name":"run","arguments":"{}"}}]},
  {"role":"tool","tool_call_id":"c2","content":"ok"}],
  "tools":[{"type":"function","function":{"name":"read","parameters":{"type":"object"}}}]})";

} // namespace

TEST_SUITE("pipeline::chunker")
{
  TEST_CASE("splits tools / system / stable history / current turn")
  {
    const auto env = test::parse_ok(Dialect::openai_chat, k_agent);
    const auto chunks = pipeline::chunk(env);
    CHECK(chunks.system.begin == 0);
    CHECK(chunks.system.end == 2);
    CHECK(chunks.history.begin == 2);
    CHECK(chunks.history.end == 5);  // up to the previous request's end (the first tool result)
    CHECK(chunks.current.begin == 5); // the last assistant answer and what follows it
    CHECK(chunks.current.end == 7);
    CHECK(chunks.tool_tokens > 0);
    CHECK(chunks.system_tokens == chunks.system.tokens);
    CHECK(chunks.total() == chunks.tool_tokens + chunks.system_tokens + chunks.history.tokens
                                + chunks.current.tokens);
    CHECK(chunks.tokens_through(6) == chunks.total());
  }

  TEST_CASE("a first request is all current turn; a final assistant prefill belongs to it")
  {
    auto env = test::parse_ok(Dialect::anthropic_messages, R"({"model":"m","max_tokens":5,
      "system":"S","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"{"}]})");
    auto chunks = pipeline::chunk(env);
    CHECK(chunks.history.empty());
    CHECK(chunks.current.begin == 0);
    CHECK(chunks.system_tokens > 0);
    env.messages.clear();
    chunks = pipeline::chunk(env);
    CHECK(chunks.current.empty());
  }

  TEST_CASE("estimates are monotonic and ignore cache_control")
  {
    auto env = test::parse_ok(Dialect::openai_chat, k_agent);
    const auto before = pipeline::chunk(env);
    env.messages[2].content[0].text += " and more words here";
    const auto longer = pipeline::chunk(env);
    CHECK(longer.total() > before.total());
    CHECK(longer.history.tokens > before.history.tokens);
    env.messages[2].content[0].cache_control = {{"type", "ephemeral"}};
    env.tools[0].cache_control = {{"type", "ephemeral"}};
    CHECK(pipeline::chunk(env).total() == longer.total());
  }
}
