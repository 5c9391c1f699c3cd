// The data plane's hot functions outside the pipeline (issue 11), on agent-shaped requests:
// inbound parse, outbound build + canonical serialisation, non-streaming body translation and
// SSE stream translation (parse + translate per event).
//   cmake --preset bench && cmake --build --preset bench --target micro_dataplane
//   build/bench/bench/micro_dataplane
#include <benchmark/benchmark.h>

#include <map>

#include "bench/cache_effect_session.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/stream/translator.hpp"

namespace {

using namespace tokenrouter;

// Turn `turn` of the synthetic agent session (bench/cache_effect_session.hpp) whose body first
// reaches `bytes`: 0 = the first turn (~1 KB of messages plus the tool list).
const std::string& body_of_size(size_t bytes)
{
  static std::map<size_t, std::string> cache;
  auto& body = cache[bytes];
  if (body.empty()) {
    const auto session = bench::make_session(40);
    for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
      body = bench::client_body(session, turn, true, "gpt-4o");
      if (body.size() >= bytes) {
        break;
      }
    }
  }
  return body;
}

const std::string k_small = R"({"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are a helpful assistant that answers briefly."},{"role":"user","content":"Summarise the difference between a mutex and a spinlock in two sentences, with one example of when each is the better choice."}],"temperature":0.2,"max_tokens":256})";

const std::string k_chat_response = R"({"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant","content":"A mutex puts a waiting thread to sleep; a spinlock keeps it busy checking.","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":312,"completion_tokens":27,"total_tokens":339,"prompt_tokens_details":{"cached_tokens":0}},"system_fingerprint":"fp_bench"})";

// The SSE stream the shared bench's mock sends: 20 content chunks, a usage chunk, [DONE].
const std::string& chat_stream()
{
  static const std::string text = [] {
    std::string out;
    for (int i = 0; i < 20; ++i) {
      out += R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"word )"
             + std::to_string(i) + R"( "},"finish_reason":null}]})" + "\n\n";
    }
    out += R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})" "\n\n";
    out += R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":312,"completion_tokens":20,"total_tokens":332}})" "\n\n";
    out += "data: [DONE]\n\n";
    return out;
  }();
  return text;
}

void BM_inbound_parse_1k(benchmark::State& state)
{
  for (auto _ : state) {
    benchmark::DoNotOptimize(inbound::parse(model::Dialect::openai_chat, k_small));
  }
}

void BM_inbound_parse_100k(benchmark::State& state)
{
  const auto& body = body_of_size(100 * 1024);
  state.counters["bytes"] = static_cast<double>(body.size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(inbound::parse(model::Dialect::openai_chat, body));
  }
}

void build_and_serialize(benchmark::State& state, model::ProviderKind provider)
{
  const auto envelope = *inbound::parse(model::Dialect::openai_chat, body_of_size(100 * 1024));
  const outbound::BuildOptions options{provider, "upstream-model"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(pipeline::serialize(outbound::build(envelope, options)));
  }
}

void BM_outbound_openai_100k(benchmark::State& state)
{
  build_and_serialize(state, model::ProviderKind::openai);
}

void BM_outbound_anthropic_100k(benchmark::State& state)
{
  build_and_serialize(state, model::ProviderKind::anthropic);
}

void BM_translate_body_same_dialect(benchmark::State& state)
{
  stream::TranslateOptions options{model::Dialect::openai_chat, model::Dialect::openai_chat, "gpt-4o-mini"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(stream::translate_body(options, k_chat_response));
  }
}

void BM_translate_body_to_anthropic(benchmark::State& state)
{
  stream::TranslateOptions options{model::Dialect::openai_chat, model::Dialect::anthropic_messages, "gpt-4o-mini"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(stream::translate_body(options, k_chat_response));
  }
}

void translate_stream(benchmark::State& state, model::Dialect client)
{
  const auto& text = chat_stream();
  for (auto _ : state) {
    auto translator = stream::make_stream_translator({model::Dialect::openai_chat, client, "gpt-4o-mini", true});
    // Fed as the upstream sends it: one event per read.
    size_t start = 0;
    while (start < text.size()) {
      const size_t end = text.find("\n\n", start) + 2;
      benchmark::DoNotOptimize(translator->feed(std::string_view(text).substr(start, end - start)));
      start = end;
    }
    benchmark::DoNotOptimize(translator->take_tail());
  }
  state.counters["events"] = 23;
}

void BM_sse_stream_same_dialect(benchmark::State& state)
{
  translate_stream(state, model::Dialect::openai_chat);
}

void BM_sse_stream_to_anthropic(benchmark::State& state)
{
  translate_stream(state, model::Dialect::anthropic_messages);
}

} // namespace

BENCHMARK(BM_inbound_parse_1k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_inbound_parse_100k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_outbound_openai_100k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_outbound_anthropic_100k)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_translate_body_same_dialect)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_translate_body_to_anthropic)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_sse_stream_same_dialect)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_sse_stream_to_anthropic)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
