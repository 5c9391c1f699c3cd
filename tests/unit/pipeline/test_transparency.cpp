// Guarantee 4 (design.md): the pipeline never changes what the model is asked. Every stage,
// and the whole pipeline, keeps the meaning (meaning.hpp) of every golden request and of
// random requests; the upstream bodies, parsed back, mean the same too.
#include <doctest/doctest.h>

#include "core/outbound/build.hpp"
#include "core/pipeline/arranger.hpp"
#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/pipeline.hpp"
#include "tests/unit/inbound/fixtures.hpp"
#include "tests/unit/pipeline/meaning.hpp"
#include "tests/unit/pipeline/random_request.hpp"

using namespace tokenrouter;
using model::Dialect;
using model::Envelope;
using model::ProviderKind;

namespace {

struct Sample {
  std::string name;
  Dialect dialect;
  std::string body;
};

std::vector<Sample> golden_samples()
{
  return {{"openai_agent_turn.json", Dialect::openai_chat, test::golden_request("openai_agent_turn.json")},
          {"anthropic_claude_code_turn.json", Dialect::anthropic_messages,
           test::golden_request("anthropic_claude_code_turn.json")}};
}

std::vector<Sample> random_samples()
{
  std::vector<Sample> out;
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    const auto request = test::random_request(seed);
    test::Rng rng(seed);
    out.push_back({"random openai " + std::to_string(seed), Dialect::openai_chat,
                   test::openai_body(request, rng, true)});
    out.push_back({"random anthropic " + std::to_string(seed), Dialect::anthropic_messages,
                   test::anthropic_body(request, rng, true)});
  }
  return out;
}

pipeline::Shaped run_all(const Envelope& envelope, ProviderKind provider)
{
  pipeline::Options options;
  options.injecting = {provider, "claude-opus-5", "key"}; // a 512-token minimum: marks appear
  return pipeline::run(envelope, options);
}

void check_stages_keep_meaning(const Sample& sample)
{
  CAPTURE(sample.name);
  const Envelope envelope = test::parse_ok(sample.dialect, sample.body);
  const auto expected = test::meaning(envelope);
  CHECK(test::meaning(pipeline::arrange(envelope)) == expected);
  CHECK(test::meaning(pipeline::canonicalize(envelope)) == expected);
  for (const auto provider : {ProviderKind::anthropic, ProviderKind::openai, ProviderKind::deepseek}) {
    const auto chunks = pipeline::chunk(envelope);
    const auto hashes = pipeline::hash_request(envelope, chunks);
    CHECK(test::meaning(pipeline::inject_cache(envelope, chunks, hashes, {provider, "claude-opus-5", "k"}))
          == expected);
    CHECK(test::meaning(run_all(envelope, provider).envelope) == expected);
  }
}

// Instructions as one text: a builder joins unmarked system texts with '\n' and sends marked
// ones as separate blocks (the breakpoint needs a block), which says the same.
nlohmann::json joined_instructions(nlohmann::json meaning)
{
  std::string text;
  for (const auto& block : meaning["instructions"]) {
    text += (text.empty() ? "" : "\n") + block.value("text", block.dump());
  }
  meaning["instructions"] = text;
  return meaning;
}

// The upstream body with and without the pipeline, parsed back in the upstream's dialect.
void check_wire_keeps_meaning(const Sample& sample)
{
  CAPTURE(sample.name);
  const Envelope envelope = test::parse_ok(sample.dialect, sample.body);
  for (const auto provider : {ProviderKind::anthropic, ProviderKind::openai}) {
    const outbound::BuildOptions build{provider, "up"};
    const Dialect upstream = model::upstream_dialect(provider);
    const auto plain = test::parse_ok(upstream, outbound::build(envelope, build).dump());
    const auto shaped = test::parse_ok(
        upstream, pipeline::serialize(outbound::build(run_all(envelope, provider).envelope, build)));
    CHECK(joined_instructions(test::meaning(shaped))
          == joined_instructions(test::meaning(pipeline::arrange(plain))));
  }
}

} // namespace

TEST_SUITE("pipeline::transparency")
{
  TEST_CASE("every stage keeps the meaning of the golden requests")
  {
    for (const auto& sample : golden_samples()) {
      check_stages_keep_meaning(sample);
    }
  }

  TEST_CASE("every stage keeps the meaning of random requests")
  {
    for (const auto& sample : random_samples()) {
      check_stages_keep_meaning(sample);
    }
  }

  TEST_CASE("the upstream body means what it meant without the pipeline")
  {
    for (const auto& sample : golden_samples()) {
      check_wire_keeps_meaning(sample);
    }
    for (const auto& sample : random_samples()) {
      check_wire_keeps_meaning(sample);
    }
  }
}
