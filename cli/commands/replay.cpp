// tokenrouter replay CASSETTE --target URL [--key K] [-j N] [--max-cost USD]
//                    [--min-cache-hit RATIO] [--max-errors N] [--compare BASELINE.json]
// Sends a cassette's recorded requests to a gateway and summarises what they cost; a CI gate
// that fails makes the exit code 3 and says why.
#include "cli/command.hpp"
#include "cli/commands/replay_runner.hpp"
#include "core/billing/money.hpp"
#include "core/billing/price_book.hpp"
#include "core/replay/cassette_file.hpp"
#include "core/routing/router.hpp"

#include <fstream>
#include <iostream>

#include <unistd.h>

namespace tokenrouter::cli {

namespace {

struct ReplayOptions {
  std::string cassette;
  std::string target;
  std::string key;
  int jobs = 1;
  std::string max_cost;
  double min_cache_hit = -1;
  int64_t max_errors = -1;
  std::string compare;
};

} // namespace

Result<std::string> locate_cassette(Context& context, const std::string& cassette)
{
  if (cassette.find('/') != std::string::npos) {
    return cassette;
  }
  TKR_TRY_ASSIGN(const config::Config* config, context.config());
  TKR_TRY_ASSIGN(const std::string db, context.db_path());
  return replay::cassette_dir(replay::cassette_root(config->replay.dir, db), cassette);
}

namespace {

Result<std::vector<replay::Record>> load_records(const std::string& dir)
{
  TKR_TRY_ASSIGN(auto loaded, replay::load_cassette(dir));
  if (!loaded.exists) {
    return fail(ErrorCode::not_found,
                "no cassette at " + dir + " (no " + std::string(replay::k_records_file) + ")");
  }
  for (const auto& warning : loaded.warnings) {
    std::cerr << "tokenrouter: warning: " << warning << '\n';
  }
  return std::move(loaded.records);
}

Result<Gates> gates_of(const ReplayOptions& o)
{
  Gates gates;
  if (!o.max_cost.empty()) {
    TKR_TRY_ASSIGN(gates.max_cost_nanousd, billing::parse_decimal_scaled(o.max_cost));
  }
  if (o.min_cache_hit >= 0) {
    gates.min_cache_hit = o.min_cache_hit;
  }
  if (o.max_errors >= 0) {
    gates.max_errors = o.max_errors;
  }
  return gates;
}

Result<Json> read_json_file(const std::string& path)
{
  std::ifstream in(path);
  auto parsed = Json::parse(in, nullptr, false);
  if (!in.good() && !in.eof()) {
    return fail(ErrorCode::invalid_request, "cannot read " + path);
  }
  if (parsed.is_discarded() || !parsed.is_object()) {
    return fail(ErrorCode::invalid_request,
                path + " is not a JSON summary (tokenrouter replay --json)");
  }
  return parsed;
}

// Local prices: the model's provider kind from the local config's routes, else the dialect's.
Result<PriceLookup> local_prices(Context& context)
{
  TKR_TRY_ASSIGN(store::Database * db, context.database());
  TKR_TRY_ASSIGN(const config::Config* config, context.config());
  auto book = std::make_shared<billing::PriceBook>();
  TKR_TRY(book->load_from(*db));
  auto router = std::make_shared<routing::Router>(*config);
  return PriceLookup([book, router](const std::string& model, model::Dialect dialect) {
    const auto route = router->resolve(model);
    const std::string kind = route ? std::string(model::to_string(route->provider->kind))
                             : dialect == model::Dialect::anthropic_messages ? "anthropic"
                                                                             : "openai";
    const int64_t now_s = std::time(nullptr);
    auto prices = book->find(route ? route->upstream_model : model, kind, now_s);
    return prices ? prices : book->find(model, kind, now_s);
  });
}

Result<Json> run(Registry& registry, const ReplayOptions& o)
{
  Context& context = registry.context;
  TKR_TRY_ASSIGN(const Gates gates, gates_of(o));
  TKR_TRY_ASSIGN(const std::string dir, locate_cassette(context, o.cassette));
  TKR_TRY_ASSIGN(const auto records, load_records(dir));
  TKR_TRY_ASSIGN(const PriceLookup prices, local_prices(context));
  const bool progress = !context.options.json && isatty(STDOUT_FILENO) == 1;
  const auto outcomes = run_replay(records, {o.target, o.key, o.jobs, progress}, prices);
  Json summary = summarize(outcomes);
  summary["cassette"] = dir;
  summary["target"] = o.target;
  summary["cost_source"] = "local price book";
  if (!o.compare.empty()) {
    TKR_TRY_ASSIGN(const Json baseline, read_json_file(o.compare));
    summary["compare"] = compare(summary, baseline);
  }
  const auto failures = gate_failures(summary, gates);
  summary["gate_failures"] = failures;
  summary["passed"] = failures.empty();
  if (!failures.empty()) {
    registry.gate_exit_code = 3;
  }
  return summary;
}

void render_compare(const Json& changes, std::ostream& out)
{
  out << "change against the baseline:\n";
  for (const auto& [name, c] : changes.items()) {
    const std::string change = c["change"].is_number_float()
                                   ? std::to_string(c["change"].get<double>())
                                   : c["change"].dump();
    out << "  " << name << ": " << c["baseline"].dump() << " -> " << c["now"].dump() << " ("
        << (change.front() == '-' ? "" : "+") << change << ")\n";
  }
}

void render(const Json& s, std::ostream& out)
{
  out << "cassette  " << s["cassette"].get<std::string>() << "\n"
      << "target    " << s["target"].get<std::string>() << "\n"
      << "requests  " << s["requests"] << " (" << s["errors"] << " errors)\n"
      << "tokens    prompt " << s["prompt_tokens"] << " (cached " << s["cached_tokens"] << ", "
      << std::to_string(s["cache_hit_ratio"].get<double>() * 100).substr(0, 5) << "%), completion "
      << s["completion_tokens"] << "\n"
      << "cost      $" << s["cost_usd"].get<std::string>() << " ("
      << s["cost_source"].get<std::string>() << ")\n"
      << "latency   p50 " << s["latency_ms"]["p50"] << " ms, p99 " << s["latency_ms"]["p99"]
      << " ms\n";
  for (const auto& model : s["unpriced_models"]) {
    out << "warning: no price for " << model.get<std::string>() << " (counted at $0)\n";
  }
  for (const auto& error : s["first_errors"]) {
    out << "error: " << error.get<std::string>() << "\n";
  }
  if (s.contains("compare")) {
    render_compare(s["compare"], out);
  }
  for (const auto& failure : s["gate_failures"]) {
    out << "GATE FAILED: " << failure.get<std::string>() << "\n";
  }
}

} // namespace

void setup_replay(CLI::App& app, Registry& registry)
{
  auto o = std::make_shared<ReplayOptions>();
  auto* sub = app.add_subcommand(
      "replay", "Send a cassette's recorded requests to a gateway; gate on cost and cache hits");
  sub->add_option("CASSETTE", o->cassette, "Cassette name (under [replay].dir) or directory")
      ->required();
  sub->add_option("--target", o->target, "Gateway base URL, e.g. http://127.0.0.1:8787")
      ->required();
  sub->add_option("--key", o->key, "Virtual key to send as Authorization: Bearer");
  sub->add_option("-j,--jobs", o->jobs, "Requests in flight (default 1: recorded order)")
      ->check(CLI::Range(1, 256));
  sub->add_option("--max-cost", o->max_cost, "Gate: exit 3 when the total cost is over USD");
  sub->add_option("--min-cache-hit",
                  o->min_cache_hit,
                  "Gate: exit 3 when cached/prompt tokens is under RATIO (0-1)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--max-errors", o->max_errors, "Gate: exit 3 when more than N requests failed")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--compare", o->compare, "A previous --json summary to show the change against");
  sub->callback([&registry, o] {
    registry.chosen = Action{[&registry, o] { return run(registry, *o); }, render};
  });
}

} // namespace tokenrouter::cli
