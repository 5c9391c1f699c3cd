// Per-stage cost of the prompt-cache pipeline on a ~100 KB agent request (Google Benchmark).
//   cmake -B build/bench -DTKR_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release
//   cmake --build build/bench --target micro_pipeline && build/bench/bench/micro_pipeline
#include <benchmark/benchmark.h>

#include "tests/support/agent_session.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/pipeline.hpp"

namespace {

using namespace tokenrouter;

// The first turn of the synthetic session whose body reaches 100 KB, with unstable ordering.
const std::string& request_body()
{
  static const std::string body = [] {
    const auto session = testing::make_session(40);
    for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
      std::string text = testing::client_body(session, turn, true, "claude-sonnet-4-5");
      if (text.size() >= 100 * 1024) {
        return text;
      }
    }
    return std::string();
  }();
  return body;
}

const model::Envelope& envelope()
{
  static const model::Envelope parsed = *inbound::parse(model::Dialect::openai_chat, request_body());
  return parsed;
}

const model::Envelope& canonical_envelope()
{
  static const model::Envelope shaped = pipeline::canonicalize(pipeline::arrange(envelope()));
  return shaped;
}

void BM_parse(benchmark::State& state) // reference: what the gateway does anyway
{
  state.counters["bytes"] = static_cast<double>(request_body().size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(inbound::parse(model::Dialect::openai_chat, request_body()));
  }
}

void BM_chunker(benchmark::State& state)
{
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::chunk(canonical_envelope()));
  }
}

void BM_arranger(benchmark::State& state)
{
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::arrange(envelope()));
  }
}

void BM_canonicalizer(benchmark::State& state)
{
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::canonicalize(envelope()));
  }
}

void BM_hasher(benchmark::State& state)
{
  const auto chunks = pipeline::chunk(canonical_envelope());
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::hash_request(canonical_envelope(), chunks));
  }
}

void BM_cache_inject(benchmark::State& state)
{
  const auto chunks = pipeline::chunk(canonical_envelope());
  const auto hashes = pipeline::hash_request(canonical_envelope(), chunks);
  const pipeline::InjectOptions options{model::ProviderKind::anthropic, "claude-sonnet-4-5", "k"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::inject_cache(canonical_envelope(), chunks, hashes, options));
  }
}

void BM_pipeline_run(benchmark::State& state)
{
  pipeline::Options options;
  options.injecting = {model::ProviderKind::anthropic, "claude-sonnet-4-5", "k"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::run(envelope(), options));
  }
}

void BM_serialize_canonical(benchmark::State& state)
{
  const auto body = outbound::build(canonical_envelope(), {model::ProviderKind::anthropic, "up"});
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::serialize(body, true));
  }
}

void BM_serialize_dump(benchmark::State& state) // reference: the plain dump() it replaces
{
  const auto body = outbound::build(canonical_envelope(), {model::ProviderKind::anthropic, "up"});
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::serialize(body, false));
  }
}

BENCHMARK(BM_parse)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_chunker)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_arranger)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_canonicalizer)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_hasher)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_cache_inject)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_pipeline_run)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_serialize_canonical)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_serialize_dump)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
