#include <doctest/doctest.h>

#include <set>

#include "core/outbound/build.hpp"
#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/pipeline.hpp"
#include "tests/unit/inbound/fixtures.hpp"
#include "tests/unit/pipeline/random_request.hpp"

using namespace tokenrouter;
using model::Dialect;
using model::Json;
using model::ProviderKind;

namespace {

// The bytes tokenrouter would send upstream for `body`, with arrange + canonicalize on.
std::string upstream_bytes(Dialect dialect, const std::string& body, ProviderKind provider)
{
  pipeline::Options options;
  options.cache_inject = false;
  auto shaped = pipeline::run(test::parse_ok(dialect, body), options);
  outbound::BuildOptions build{provider, "up"};
  return pipeline::serialize(outbound::build(shaped.envelope, build));
}

} // namespace

TEST_SUITE("pipeline::canonicalizer")
{
  TEST_CASE("integral doubles print as integers, other numbers untouched")
  {
    CHECK(pipeline::canonical_dump(Json::parse(R"({"a":2.0,"b":2e0,"c":-0.0,"d":1.5,"e":7})"))
          == R"({"a":2,"b":2,"c":0,"d":1.5,"e":7})");
    CHECK(pipeline::canonical_dump(Json::parse("[1e300, 0.1]")) == "[1e+300,0.1]");
  }

  TEST_CASE("keys sorted, no whitespace, one escaping")
  {
    const auto a = Json::parse("{ \"b\" : \"x\\/y\" ,\n \"a\" : \"caf\\u00e9\" }");
    const auto b = Json::parse("{\"a\":\"café\",\"b\":\"x/y\"}");
    CHECK(pipeline::canonical_dump(a) == pipeline::canonical_dump(b));
    CHECK(pipeline::canonical_dump(a) == "{\"a\":\"café\",\"b\":\"x/y\"}");
  }

  TEST_CASE("tool-call arguments are re-serialised when they are JSON, kept when not")
  {
    CHECK(pipeline::canonical_arguments("{ \"z\": 1.0, \"a\": [ true ] }") == R"({"a":[true],"z":1})");
    CHECK(pipeline::canonical_arguments("{not json") == "{not json");
    CHECK(pipeline::canonical_arguments("") == "");
  }

  TEST_CASE("a plain text block and a string content are sent one way")
  {
    const auto as_block = test::parse_ok(Dialect::anthropic_messages,
        R"({"model":"m","max_tokens":5,"system":[{"type":"text","text":"S"}],
            "messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
    const auto as_string = test::parse_ok(Dialect::anthropic_messages,
        R"({"model":"m","max_tokens":5,"system":"S","messages":[{"role":"user","content":"hi"}]})");
    const outbound::BuildOptions build{ProviderKind::anthropic, "up"};
    const auto a = pipeline::serialize(outbound::build(pipeline::canonicalize(as_block), build));
    const auto b = pipeline::serialize(outbound::build(pipeline::canonicalize(as_string), build));
    CHECK(a == b);
    CHECK(a.find(R"("content":"hi")") != std::string::npos);
  }

  TEST_CASE("a block with cache_control stays a block")
  {
    const auto env = pipeline::canonicalize(test::parse_ok(Dialect::anthropic_messages,
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
            {"type":"text","text":"hi","cache_control":{"type":"ephemeral"}}]}]})"));
    CHECK_FALSE(env.messages[0].content_is_string);
  }

  TEST_CASE("property: key order, whitespace, number and escape variants give identical bytes")
  {
    for (uint32_t seed = 1; seed <= 60; ++seed) {
      CAPTURE(seed);
      const auto request = test::random_request(seed);
      test::Rng rng(seed * 7919);
      for (const auto provider : {ProviderKind::openai, ProviderKind::anthropic}) {
        for (const auto dialect : {Dialect::openai_chat, Dialect::anthropic_messages}) {
          std::set<std::string> forms;
          std::set<std::string> bytes;
          for (int variant = 0; variant < 6; ++variant) {
            const bool vary = variant > 0;
            const std::string body = dialect == Dialect::openai_chat
                                         ? test::openai_body(request, rng, vary)
                                         : test::anthropic_body(request, rng, vary);
            forms.insert(body);
            bytes.insert(upstream_bytes(dialect, body, provider));
          }
          CHECK(forms.size() > 1); // the variants really differ
          CHECK(bytes.size() == 1);
        }
      }
    }
  }
}
