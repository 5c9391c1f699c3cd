// bench/cache_effect: what the prompt-cache pipeline saves. Replays a synthetic 24-turn agent
// session (tests/support/agent_session.hpp) with the pipeline off and on, against provider prefix
// caches simulated byte-exactly (tests/support/prefix_cache_sim.hpp), and prints one table row
// per scenario and mode: cached share of prompt tokens, USD, and the theoretical maximum (the
// longest logical prefix shared with an earlier request of the session).
//   default: in process — inbound parse → pipeline → outbound build → serialisation, no network;
//     USD = prompt tokens at list prices (protocols.md §8).
//   --through-daemon: through a real tokenrouterd (this build's) against the fake upstream in
//     caching mode; figures read from the daemon's ledger (tests/support/session_replay.hpp).
//
//   cmake -B build/bench -DTKR_BUILD_BENCH=ON && cmake --build build/bench --target cache_effect
//   build/bench/bench/cache_effect [--through-daemon]
#include <cstdio>
#include <cstring>
#include <string>

#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"
#include "core/pipeline/pipeline.hpp"
#include "tests/support/prefix_cache_sim.hpp"
#include "tests/support/session_replay.hpp"

namespace {

using namespace tokenrouter;
using testing::Json;
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

model::Envelope parse_turn(const Scenario& scenario, const testing::Session& session, size_t turn)
{
  const std::string body = testing::client_body(session, turn, scenario.unstable_client, scenario.model);
  auto envelope = inbound::parse(model::Dialect::openai_chat, body);
  if (!envelope) {
    std::fprintf(stderr, "parse failed: %s\n", envelope.error().message.c_str());
    std::exit(1);
  }
  return std::move(*envelope);
}

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

// The theoretical maximum cached share of the session: whatever the transport.
double theoretical_max(const Scenario& scenario, const testing::Session& session)
{
  std::vector<std::vector<std::string>> earlier;
  int64_t max_tokens = 0;
  int64_t logical_tokens = 0;
  for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
    const auto parts = logical_parts(parse_turn(scenario, session, turn));
    max_tokens += shared_prefix_tokens(parts, earlier);
    for (const auto& part : parts) {
      logical_tokens += pipeline::estimate_tokens(part);
    }
    earlier.push_back(parts);
  }
  return static_cast<double>(max_tokens) / static_cast<double>(logical_tokens);
}

void add(Totals& totals, const testing::CacheOutcome& outcome, const Prices& prices)
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

// One in-process replay of the session.
Totals replay_in_process(const Scenario& scenario, const testing::Session& session, bool pipeline_on)
{
  testing::PromptCaches caches;
  Totals totals;
  config::PipelineConfig config;
  config.arrange = config.canonicalize = config.cache_inject = pipeline_on;
  for (size_t turn = 0; turn < session.requests_messages.size(); ++turn) {
    const auto options = pipeline::options_for(config, scenario.provider, scenario.model, "key-1");
    const auto shaped = pipeline::run(parse_turn(scenario, session, turn), options);
    const Json upstream = outbound::build(shaped.envelope, {scenario.provider, scenario.model});
    add(totals, caches.send(pipeline::serialize(upstream), scenario.provider == ProviderKind::anthropic),
        scenario.prices);
  }
  return totals;
}

// One replay through tokenrouterd; USD is what the daemon's ledger charged.
Totals replay_through_daemon(const Scenario& scenario, const testing::Session& session, bool pipeline_on)
{
  const auto ledger = testing::replay_through_daemon(
      session, {scenario.unstable_client, scenario.model, pipeline_on});
  return {ledger.prompt_tokens, ledger.cache_read_tokens, ledger.cache_write_tokens,
          static_cast<double>(ledger.cost_nanousd) / 1e9};
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

int main(int argc, char** argv)
{
  const bool through_daemon = argc > 1 && std::strcmp(argv[1], "--through-daemon") == 0;
  const auto session = testing::make_session();
  const std::vector<Scenario> scenarios{
      {"OpenAI-format client -> Anthropic (sonnet-4-5)", false, ProviderKind::anthropic,
       "claude-sonnet-4-5", {3.00, 3.75, 0.30}},
      {"unstable key/tool order client -> OpenAI (gpt-4.1)", true, ProviderKind::openai, "gpt-4.1",
       {2.00, 2.00, 0.50}},
      {"stable client -> OpenAI (gpt-4.1), control", false, ProviderKind::openai, "gpt-4.1",
       {2.00, 2.00, 0.50}},
  };
  std::printf("cache_effect: %zu-turn agent session, %zu tools, ~%zu-token system prompt; %s; "
              "simulated provider caches; tokens = bytes/4.\n"
              "off = [pipeline] arrange/canonicalize/cache_inject = false; on = all true. %s\n\n",
              session.requests_messages.size(), session.tools.size(), session.system.size() / 4,
              through_daemon ? "through tokenrouterd and the fake upstream (caching mode)"
                             : "in-process pipeline (no daemon)",
              through_daemon ? "USD = the daemon's ledger (prompt + output, its price table)."
                             : "USD = prompt tokens only, list prices (protocols.md §8).");
  std::printf("| %-44s | %-3s | %9s | %9s | %8s | %8s | %8s | %8s |\n", "scenario", "pipeline",
              "prompt tk", "cached tk", "cached", "max", "of max", "USD");
  std::printf("|---|---|---:|---:|---:|---:|---:|---:|\n");
  try {
    for (const auto& scenario : scenarios) {
      const double max_share = theoretical_max(scenario, session);
      for (const bool on : {false, true}) {
        const Totals totals = through_daemon ? replay_through_daemon(scenario, session, on)
                                             : replay_in_process(scenario, session, on);
        print_row(scenario, on ? "on" : "off", totals, max_share);
        std::fflush(stdout);
      }
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "cache_effect: %s\n", error.what());
    return 1;
  }
  return 0;
}
