// tokenrouter status: one screen of health — the daemon (up, version, uptime, open streams),
// today's requests, cost and cache hit ratio, the usage ledger's queue, retention, and each
// provider's last hour. What only a running daemon knows comes from its /metrics.
#include <chrono>

#include "cli/command.hpp"
#include "cli/output/table.hpp"
#include "core/metrics/scrape.hpp"
#include "core/upstream/probe.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::cli {

namespace {

std::string text(const Json& value)
{
  return value.is_string() ? value.get<std::string>() : value.is_null() ? "-" : value.dump();
}

std::string when(const Json& ms)
{
  return ms.is_number() ? util::format_iso8601(ms.get<int64_t>() / 1000) : std::string("never");
}

std::string duration_text(int64_t seconds)
{
  const int64_t days = seconds / 86400;
  const int64_t hours = seconds % 86400 / 3600;
  const int64_t minutes = seconds % 3600 / 60;
  return days > 0 ? std::to_string(days) + "d " + std::to_string(hours) + "h"
         : hours > 0 ? std::to_string(hours) + "h " + std::to_string(minutes) + "m"
                     : std::to_string(minutes) + "m " + std::to_string(seconds % 60) + "s";
}

std::string daemon_row(const Json& d)
{
  if (!d["up"].get<bool>()) {
    return "not answering at " + text(d["url"]);
  }
  std::string out = "up at " + text(d["url"]);
  if (d.contains("version")) {
    out += " (tokenrouterd " + text(d["version"]) + ", up " + duration_text(d["uptime_s"].get<int64_t>())
           + ", " + text(d["active_streams"]) + " open streams)";
  }
  return out;
}

std::string today_row(const Json& t)
{
  std::string out = text(t["requests"]) + " requests, $" + text(t["cost_usd"]) + "; cache hit ratio ";
  if (t["cache_hit_ratio"].is_null()) {
    return out + "- (no requests)";
  }
  const double ratio = t["cache_hit_ratio"].get<double>() * 100.0;
  return out + std::to_string(static_cast<int>(ratio + 0.5)) + "% (" + text(t["cache_hits"]) + " hits, "
         + text(t["cache_misses"]) + " misses)";
}

// Retention (last run, rows removed, next run) and, from a running daemon, the ledger queue.
void add_billing_rows(Table& table, const Json& r)
{
  if (const auto& ret = r.value("retention", Json()); ret.is_object()) {
    table.add_row({"retention", !ret["enabled"].get<bool>() ? "off"
                                : "keep " + ret["days"].dump() + " days; last run " + when(ret["last_run_ms"])
                                      + " (" + ret["rows_removed"].dump() + " rows removed); next "
                                      + when(ret["next_run_ms"])});
  }
  if (const auto& ledger = r.value("ledger", Json()); ledger.is_object()) {
    table.add_row({"usage ledger", "queue " + ledger["queue_depth"].dump() + " / "
                                       + ledger["queue_capacity"].dump() + ", "
                                       + ledger["committed_rows"].dump() + " rows written"});
  } else {
    table.add_row({"usage ledger", "- (the daemon is not running)"});
  }
}

void add_provider_rows(Table& table, const Json& providers)
{
  bool first = true;
  for (const auto& p : providers) {
    std::string line = text(p["name"]) + " (" + text(p["kind"]) + "): " + text(p.value("health", Json("-")));
    if (p.value("requests_1h", 0) > 0) {
      line += ", " + text(p["requests_1h"]) + " requests / " + text(p["errors_1h"]) + " errors in the last hour";
    }
    if (!p.value("last_error_type", std::string()).empty()) {
      line += "; last error " + text(p["last_error_type"]) + " at " + when(p["last_error_ms"]);
    }
    table.add_row({first ? "providers" : "", line});
    first = false;
  }
  if (first) {
    table.add_row({"providers", "none"});
  }
}

void render(const Json& r, std::ostream& out)
{
  Table table({"", ""});
  table.add_row({"daemon", daemon_row(r["daemon"])});
  table.add_row({"database", text(r["database"])});
  table.add_row({"schema version", text(r["schema_version"])});
  table.add_row({"config", r["config"].is_null() ? "built-in defaults" : text(r["config"])});
  table.add_row({"auth mode", text(r["auth_mode"])});
  if (r.contains("today")) {
    table.add_row({"today (UTC)", today_row(r["today"])});
  }
  add_billing_rows(table, r);
  add_provider_rows(table, r["providers"]);
  table.print(out, false);
}

// Version, uptime, open streams and the ledger queue of the daemon at `url`, from /metrics.
void add_live(Json& result, const std::string& url)
{
  const auto scraped = upstream::fetch_text(url, "/metrics", 2000);
  if (!scraped) {
    return;
  }
  const auto samples = metrics::parse_samples(*scraped);
  Json& daemon = result["daemon"];
  for (const auto& sample : samples) {
    if (sample.name == "tokenrouter_build_info" && sample.labels.contains("version")) {
      daemon["version"] = sample.labels.at("version");
    }
  }
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  const auto started_s = static_cast<int64_t>(metrics::sum_of(samples, "process_start_time_seconds"));
  daemon["started_at_ms"] = started_s * 1000;
  daemon["uptime_s"] = std::max<int64_t>(0, now_s - started_s);
  daemon["active_streams"] = static_cast<int64_t>(metrics::sum_of(samples, "tokenrouter_active_streams"));
  if (!result.value("ledger", Json()).is_object()) {
    result["ledger"] = {{"queue_depth", static_cast<int64_t>(metrics::sum_of(samples, "tokenrouter_ledger_queue_depth"))},
                        {"queue_capacity",
                         static_cast<int64_t>(metrics::sum_of(samples, "tokenrouter_ledger_queue_capacity"))},
                        {"committed_rows",
                         static_cast<int64_t>(metrics::sum_of(samples, "tokenrouter_ledger_rows_committed_total"))}};
  }
}

Result<Json> status(Registry& registry)
{
  Context& context = registry.context;
  TKR_TRY_ASSIGN(Json result, context.call("status", Json::object()));
  std::string url = context.options.server;
  if (url.empty()) {
    TKR_TRY_ASSIGN(const config::Config* config, context.config());
    url = "http://" + config->server.listen;
  }
  const bool up = upstream::probe_health(url, 1000);
  result["daemon"] = {{"url", url}, {"up", up}};
  if (up) {
    add_live(result, url);
  }
  return result;
}

} // namespace

void setup_status(CLI::App& app, Registry& registry)
{
  auto* sub = app.add_subcommand("status", "Show the daemon's health, today's usage, the ledger and the providers");
  sub->callback([&registry] {
    registry.chosen = Action{[&registry] { return status(registry); }, render};
  });
}

} // namespace tokenrouter::cli
