// bench/cache_effect: what the prompt-cache pipeline saves. Replays a synthetic 24-turn agent
// session (cache_effect_session.hpp) through tokenrouter's request path — inbound parse →
// pipeline (off / on) → outbound build → serialisation — in process (no daemon, no network),
// against simulated provider prefix caches (cache_effect_sim.hpp), and prints one table row
// per scenario and mode: cached share of prompt tokens, prompt cost at list prices
// (protocols.md §8), and the theoretical maximum (the longest logical prefix shared with an
// earlier request of the session).
//
//   cmake -B build/bench -DTKR_BUILD_BENCH=ON && cmake --build build/bench --target cache_effect
//   build/bench/bench/cache_effect
#include <cstdio>
#include <string>

#include "bench/cache_effect_session.hpp"
#include "bench/cache_effect_sim.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"
#include "core/pipeline/pipeline.hpp"

namespace {

using namespace tokenrouter;
using bench::Json;
using model::ProviderKind;

struct Prices { // USD per 1M tokens
  double input;
  double write;
  double read;
};

struct Scenario {
  std::string name;
  bool unstable_client;
  ProviderKind provider;
  std::string model;
  Prices prices;
};

struct Totals {
  int64_t prompt = 0;
  int64_t read = 0;
  int64_t write = 0;
  double usd = 0;
};

// The logical request as a list of parts in cache order (tools by name, system, messages).
std::vector<std::string> logical_parts(const model::Envelope& envelope)
{
  const auto arranged = pipeline::canonicalize(pipeline::arrange(envelope));
  std::vector<std::string> parts;
  for (const auto& tool : arranged.tools) {
    parts.push_back(pipeline::canonical_dump(pipeline::logical_tool(tool)));
  }
  parts.push_back(pipeline::canonical_dump(pipeline::logical_system(arranged.system)));
  for (const auto& message : arranged.messages) {
    parts.push_back(pipeline::canonical_dump(pipeline::logical_message(message)));
  }
  return parts;
}

// Tokens of the longest logical prefix `parts` shares with an earlier request.
int64_t shared_prefix_tokens(const std::vector<std::string>& parts,
                             const std::vector<std::vector<std::string>>& earlier)
{
  int64_t best = 0;
  for (const auto& other : earlier) {
    int64_t tokens = 0;
    for (size_t i = 0; i < parts.size() && i < other.size() && parts[i] == other[i]; ++i) {
      tokens += pipeline::estimate_tokens(parts[i]);
    }
    best = std::max(best, tokens);
  }
  return best;
}

bench::Outcome send(const Scenario& scenario, const Json& body, bench::OpenAiCache& openai,
                    bench::AnthropicCache& anthropic)
{
  if (scenario.provider == ProviderKind::anthropic) {
    return anthropic.send(body);
  }
  return openai.send(body, [](const Json& part) { return pipeline::serialize(part); });
}

void add(Totals& totals, const bench::Outcome& outcome, const Prices& prices)
{
  const int64_t plain = outcome.prompt_tokens - outcome.cache_read_tokens - outcome.cache_write_tokens;
  totals.prompt += outcome.prompt_tokens;
  totals.read += outcome.cache_read_tokens;
  totals.write += outcome.cache_write_tokens;
  totals.usd += (static_cast<double>(plain) * prices.input
                 + static_cast<double>(outcome.cache_write_tokens) * prices.write
                 + static_cast<double>(outcome.cache_read_tokens) * prices.read)
                / 1e6;
}

// One replay of the session; returns the totals and the theoretical maximum share.
Totals replay(const Scenario& scenario, const bench::Session& session, bool pipeline_on, double& max_share)
{
  bench::OpenAiCache openai;
  bench::AnthropicCache anthropic(pipeline::min_cacheable_tokens(scenario.model));
  std::vector<std::vector<std::string>> earlier;
  Totals totals;
  int64_t max_tokens = 0;
  int64_t logical_tokens = 0;
  config::PipelineConfig config;
  config.arrange = config.canonicalize = config.cache_inject = pipeline_on;
  for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
    const std::string body = bench::client_body(session, turn, scenario.unstable_client, scenario.model);
    const auto envelope = inbound::parse(model::Dialect::openai_chat, body);
    if (!envelope) {
      std::fprintf(stderr, "parse failed: %s\n", envelope.error().message.c_str());
      std::exit(1);
    }
    const auto options = pipeline::options_for(config, scenario.provider, scenario.model, "key-1");
    const auto shaped = pipeline::run(*envelope, options);
    const Json upstream = outbound::build(shaped.envelope, {scenario.provider, scenario.model});
    add(totals, send(scenario, Json::parse(pipeline::serialize(upstream)), openai, anthropic),
        scenario.prices);
    const auto parts = logical_parts(*envelope);
    max_tokens += shared_prefix_tokens(parts, earlier);
    for (const auto& part : parts) {
      logical_tokens += pipeline::estimate_tokens(part);
    }
    earlier.push_back(parts);
  }
  max_share = static_cast<double>(max_tokens) / static_cast<double>(logical_tokens);
  return totals;
}

void print_row(const Scenario& scenario, const char* mode, const Totals& totals, double max_share)
{
  const double share = static_cast<double>(totals.read) / static_cast<double>(totals.prompt);
  std::printf("| %-44s | %-3s | %9lld | %9lld | %6.1f %% | %6.1f %% | %6.1f %% | %8.4f |\n",
              scenario.name.c_str(), mode, static_cast<long long>(totals.prompt),
              static_cast<long long>(totals.read), 100 * share, 100 * max_share,
              100 * share / max_share, totals.usd);
}

} // namespace

int main()
{
  const auto session = bench::make_session();
  const std::vector<Scenario> scenarios{
      {"OpenAI-format client -> Anthropic (sonnet-4-5)", false, ProviderKind::anthropic,
       "claude-sonnet-4-5", {3.00, 3.75, 0.30}},
      {"unstable key/tool order client -> OpenAI (gpt-4.1)", true, ProviderKind::openai, "gpt-4.1",
       {2.00, 2.00, 0.50}},
      {"stable client -> OpenAI (gpt-4.1), control", false, ProviderKind::openai, "gpt-4.1",
       {2.00, 2.00, 0.50}},
  };
  std::printf("cache_effect: %zu-turn agent session, %zu tools, ~%zu-token system prompt; "
              "in-process pipeline (no daemon), simulated provider caches; tokens = bytes/4.\n"
              "off = [pipeline] arrange/canonicalize/cache_inject = false; on = all true. "
              "USD = prompt tokens only, list prices (protocols.md §8).\n\n",
              session.requests_messages.size(), session.tools.size(), session.system.size() / 4);
  std::printf("| %-44s | %-3s | %9s | %9s | %8s | %8s | %8s | %8s |\n", "scenario", "pipeline",
              "prompt tk", "cached tk", "cached", "max", "of max", "USD");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& scenario : scenarios) {
    for (const bool on : {false, true}) {
      double max_share = 0;
      const Totals totals = replay(scenario, session, on, max_share);
      print_row(scenario, on ? "on" : "off", totals, max_share);
    }
  }
  return 0;
}
