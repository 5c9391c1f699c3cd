#include <doctest/doctest.h>

#include "core/pipeline/pipeline.hpp"
#include "tests/unit/inbound/fixtures.hpp"
#include "tests/unit/pipeline/random_request.hpp"

using namespace tokenrouter;
using model::Dialect;

namespace {

pipeline::Hashes hashes_of(Dialect dialect, const std::string& body)
{
  pipeline::Options options;
  options.cache_inject = false;
  return pipeline::run(test::parse_ok(dialect, body), options).hashes;
}

const char* const k_turn1 = R"({"model":"m","max_tokens":9,"system":"S",
  "tools":[{"name":"t","input_schema":{"type":"object"}}],
  "messages":[{"role":"user","content":"q1"}]})";
const char* const k_turn2 = R"({"model":"m","max_tokens":9,"system":"S",
  "tools":[{"name":"t","input_schema":{"type":"object"}}],
  "messages":[{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},
              {"role":"user","content":[{"type":"text","text":"q2","cache_control":{"type":"ephemeral"}}]}]})";
const char* const k_turn2_other = R"({"model":"m","max_tokens":9,"system":"S",
  "tools":[{"name":"t","input_schema":{"type":"object"}}],
  "messages":[{"role":"user","content":[{"type":"text","text":"q1","cache_control":{"type":"ephemeral"}}]},
              {"role":"assistant","content":"a1"},{"role":"user","content":"something else"}]})";

} // namespace

TEST_SUITE("pipeline::hasher")
{
  TEST_CASE("SHA-256 hex digests; the stable prefix survives a new current turn")
  {
    const auto one = hashes_of(Dialect::anthropic_messages, k_turn1);
    const auto two = hashes_of(Dialect::anthropic_messages, k_turn2);
    const auto other = hashes_of(Dialect::anthropic_messages, k_turn2_other);
    CHECK(one.full_hash.size() == 64);
    CHECK(one.static_hash == two.static_hash);
    CHECK(two.prefix_hash == other.prefix_hash); // cache_control and the current turn aside
    CHECK(two.full_hash != other.full_hash);
    CHECK(one.prefix_hash != two.prefix_hash);
  }

  TEST_CASE("cache_control and string-vs-block content do not change any hash")
  {
    const std::string marked = R"({"model":"m","max_tokens":9,"system":[{"type":"text","text":"S",
      "cache_control":{"type":"ephemeral"}}],"tools":[{"name":"t","input_schema":{"type":"object"},
      "cache_control":{"type":"ephemeral"}}],"messages":[{"role":"user","content":[{"type":"text",
      "text":"q1","cache_control":{"type":"ephemeral","ttl":"1h"}}]}]})";
    const auto a = hashes_of(Dialect::anthropic_messages, k_turn1);
    const auto b = hashes_of(Dialect::anthropic_messages, marked);
    CHECK(a.static_hash == b.static_hash);
    CHECK(a.prefix_hash == b.prefix_hash);
    CHECK(a.full_hash == b.full_hash);
  }

  TEST_CASE("parameters change the full hash only")
  {
    std::string hotter = k_turn1;
    hotter.replace(hotter.find("\"max_tokens\":9"), 14, "\"max_tokens\":8");
    const auto a = hashes_of(Dialect::anthropic_messages, k_turn1);
    const auto b = hashes_of(Dialect::anthropic_messages, hotter);
    CHECK(a.prefix_hash == b.prefix_hash);
    CHECK(a.full_hash != b.full_hash);
  }

  TEST_CASE("property: byte variants of one request hash the same")
  {
    for (uint32_t seed = 100; seed < 130; ++seed) {
      CAPTURE(seed);
      const auto request = test::random_request(seed);
      test::Rng rng(seed);
      const auto reference = hashes_of(Dialect::openai_chat, test::openai_body(request, rng, false));
      for (int variant = 0; variant < 4; ++variant) {
        const auto hashes = hashes_of(Dialect::openai_chat, test::openai_body(request, rng, true));
        CHECK(hashes.full_hash == reference.full_hash);
        CHECK(hashes.prefix_hash == reference.prefix_hash);
      }
    }
  }
}
