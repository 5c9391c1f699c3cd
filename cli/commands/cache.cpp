// tokenrouter cache stats [--since 7d] [--until DATE] [--by day|model|key]   (admin op cache.stats)
#include "cli/command.hpp"
#include "cli/commands/billing_args.hpp"
#include "cli/output/table.hpp"

#include <cstdio>

namespace tokenrouter::cli {

namespace {

struct StatsOptions {
  std::string since = "7d";
  std::string until;
  std::string by = "model";
};

std::vector<std::string> cells(const Json& row)
{
  char share[16];
  std::snprintf(share, sizeof share, "%.1f%%", row["cache_read_share"].get<double>() * 100);
  return {row["group"].get<std::string>().empty() ? "-" : row["group"].get<std::string>(),
          row["prompt_tokens"].dump(), row["cache_read_tokens"].dump(), share,
          row["hits"].dump() + "/" + std::to_string(row["hits"].get<int64_t>() + row["misses"].get<int64_t>()),
          "$" + row["saved_usd"].get<std::string>(), row["dedup_hits"].dump()};
}

void render(const Json& r, std::ostream& out)
{
  Table table({r["by"].get<std::string>(), "PROMPT", "CACHE READ", "SHARE", "HITS", "SAVED USD", "DEDUP"});
  for (const auto& row : r["rows"]) {
    table.add_row(cells(row));
  }
  table.add_row(cells(r["total"]));
  table.print(out, use_color());
}

Result<Json> run(Context& context, const StatsOptions& o)
{
  Json args{{"by", o.by}};
  TKR_TRY_ASSIGN(args["since_ms"], past_time_ms(o.since));
  if (!o.until.empty()) {
    TKR_TRY_ASSIGN(args["until_ms"], past_time_ms(o.until));
  }
  return context.call("cache.stats", args);
}

} // namespace

void setup_cache(CLI::App& app, Registry& registry)
{
  auto* cache = app.add_subcommand("cache", "Prompt-cache statistics");
  cache->require_subcommand(1);
  auto o = std::make_shared<StatsOptions>();
  auto* stats = cache->add_subcommand("stats", "Cache-read share of prompt tokens, tokens and USD saved, dedup hits");
  stats->add_option("--since", o->since, "Start: a duration back (7d) or a date (default 7d)");
  stats->add_option("--until", o->until, "End (inclusive day)");
  stats->add_option("--by", o->by, "Group by day, model or key")->check(CLI::IsMember({"day", "model", "key"}));
  stats->callback([&registry, o] {
    registry.chosen = Action{[&registry, o] { return run(registry.context, *o); }, render};
  });
}

} // namespace tokenrouter::cli
