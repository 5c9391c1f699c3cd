#include <doctest/doctest.h>

#include "core/pipeline/pipeline.hpp"
#include "tests/unit/inbound/fixtures.hpp"
#include "tests/unit/pipeline/meaning.hpp"

using namespace tokenrouter;
using model::Dialect;
using model::ProviderKind;

namespace {

const char* const k_body = R"({"model":"gpt-4.1","messages":[
  {"role":"system","content":"a"},{"role":"system","content":"b"},{"role":"user","content":"u"}],
  "tools":[{"type":"function","function":{"name":"z","parameters":{"type":"object","x":1.0}}},
           {"type":"function","function":{"name":"a"}}]})";

} // namespace

TEST_SUITE("pipeline::run")
{
  TEST_CASE("all stages off: the envelope passes through, hashes are still computed")
  {
    const auto envelope = test::parse_ok(Dialect::openai_chat, k_body);
    pipeline::Options options;
    options.arrange = options.canonicalize = options.cache_inject = false;
    const auto shaped = pipeline::run(envelope, options);
    CHECK(shaped.envelope.messages.size() == 3);
    CHECK(shaped.envelope.tools[0].name == "z");
    CHECK(shaped.envelope.tools[0].input_schema["x"].is_number_float());
    CHECK(shaped.envelope.prompt_cache_key.empty());
    CHECK(shaped.hashes.full_hash.size() == 64);
  }

  TEST_CASE("stages follow [pipeline]")
  {
    config::PipelineConfig config;
    config.cache_inject = false;
    auto options = pipeline::options_for(config, ProviderKind::openai, "gpt-4.1", "key");
    auto shaped = pipeline::run(test::parse_ok(Dialect::openai_chat, k_body), options);
    CHECK(shaped.envelope.messages.size() == 2);
    CHECK(shaped.envelope.tools[0].name == "a");
    CHECK(shaped.envelope.tools[1].input_schema["x"].is_number_integer());
    CHECK(shaped.envelope.prompt_cache_key.empty());

    config.cache_inject = true;
    options = pipeline::options_for(config, ProviderKind::openai, "gpt-4.1", "key");
    shaped = pipeline::run(test::parse_ok(Dialect::openai_chat, k_body), options);
    CHECK(shaped.envelope.prompt_cache_key.starts_with("tkr-"));
  }

  TEST_CASE("serialize: canonical or plain")
  {
    const auto body = nlohmann::json::parse(R"({"b":1.0,"a":[2.5]})");
    CHECK(pipeline::serialize(body) == R"({"a":[2.5],"b":1})");
    CHECK(pipeline::serialize(body, false) == R"({"a":[2.5],"b":1.0})");
  }
}
