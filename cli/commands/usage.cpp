// tokenrouter usage [--since 7d] [--until DATE] [--by day|model|key|user|provider]
//                   [--format table|json|csv] [--chart]   (admin op usage)
#include "cli/command.hpp"
#include "cli/commands/billing_args.hpp"
#include "cli/output/table.hpp"

#include <algorithm>

namespace tokenrouter::cli {

namespace {

struct UsageOptions {
  std::string since = "7d";
  std::string until;
  std::string by = "day";
  std::string format = "table";
  bool chart = false;
};

constexpr const char* k_fields[] = {"requests", "input_tokens", "cache_read_tokens",
                                    "cache_write_tokens", "output_tokens", "cost_usd"};

std::vector<std::string> cells(const Json& row)
{
  std::vector<std::string> out{row["group"].get<std::string>().empty() ? "-" : row["group"].get<std::string>()};
  for (const char* field : k_fields) {
    out.push_back(row[field].is_string() ? row[field].get<std::string>() : row[field].dump());
  }
  return out;
}

void print_csv(const Json& r, std::ostream& out)
{
  out << r["by"].get<std::string>() << ",requests,input_tokens,cache_read_tokens,cache_write_tokens,"
                                       "output_tokens,cost_usd,cost_nanousd\n";
  auto line = [&out](const Json& row) {
    for (const auto& cell : cells(row)) {
      out << cell << ',';
    }
    out << row["cost_nanousd"].get<int64_t>() << '\n';
  };
  for (const auto& row : r["rows"]) {
    line(row);
  }
  line(r["total"]);
}

// One bar per day, scaled to the dearest day.
void print_chart(const Json& days, std::ostream& out)
{
  int64_t top = 1;
  for (const auto& d : days) {
    top = std::max(top, d["cost_nanousd"].get<int64_t>());
  }
  for (const auto& d : days) {
    const int64_t cost = d["cost_nanousd"].get<int64_t>();
    const auto width = static_cast<size_t>(cost * 50 / top);
    std::string bar;
    for (size_t i = 0; i < width; ++i) {
      bar += "█";
    }
    out << d["group"].get<std::string>() << " " << bar << (bar.empty() ? "" : " ") << "$"
        << d["cost_usd"].get<std::string>() << '\n';
  }
}

void render(const Json& r, std::ostream& out, const UsageOptions& o)
{
  if (o.format == "json") {
    out << r.dump(2) << '\n';
    return;
  }
  if (o.format == "csv") {
    print_csv(r, out);
    return;
  }
  Table table({r["by"].get<std::string>(), "REQUESTS", "INPUT", "CACHE READ", "CACHE WRITE", "OUTPUT", "COST USD"});
  for (const auto& row : r["rows"]) {
    table.add_row(cells(row));
  }
  table.add_row(cells(r["total"]));
  table.print(out, use_color());
  if (o.chart) {
    out << '\n';
    print_chart(r.contains("per_day") ? r["per_day"] : r["rows"], out);
  }
}

Result<Json> run(Context& context, const UsageOptions& o)
{
  Json args{{"by", o.by}, {"chart", o.chart}};
  TKR_TRY_ASSIGN(args["since_ms"], past_time_ms(o.since));
  if (!o.until.empty()) {
    TKR_TRY_ASSIGN(args["until_ms"], past_time_ms(o.until));
  }
  return context.call("usage", args);
}

} // namespace

void setup_usage(CLI::App& app, Registry& registry)
{
  auto o = std::make_shared<UsageOptions>();
  auto* usage = app.add_subcommand("usage", "Requests, tokens and cost over whole UTC days, grouped");
  usage->add_option("--since", o->since, "Start: a duration back (7d, 24h) or a date (default 7d)");
  usage->add_option("--until", o->until, "End (inclusive day): a duration back or a date (default today)");
  usage->add_option("--by", o->by, "Group by day, model, key, user or provider")
      ->check(CLI::IsMember({"day", "model", "key", "user", "provider"}));
  usage->add_option("--format", o->format, "table, json or csv")->check(CLI::IsMember({"table", "json", "csv"}));
  usage->add_flag("--chart", o->chart, "Add a bar chart of cost per day");
  usage->callback([&registry, o] {
    registry.chosen = Action{[&registry, o] { return run(registry.context, *o); },
                             [o](const Json& r, std::ostream& out) { render(r, out, *o); }};
  });
}

} // namespace tokenrouter::cli
