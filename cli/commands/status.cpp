// tokenrouter status: the database, its schema, the config, and whether a daemon answers.
#include "cli/command.hpp"
#include "cli/output/table.hpp"
#include "core/upstream/probe.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::cli {

namespace {

// Retention (last run, rows removed, next run) and, from a running daemon, the ledger queue.
void add_billing_rows(Table& table, const Json& r)
{
  const auto when = [](const Json& ms) {
    return ms.is_number() ? util::format_iso8601(ms.get<int64_t>() / 1000) : std::string("never");
  };
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
  }
}

void render(const Json& r, std::ostream& out)
{
  Table table({"", ""});
  auto text = [](const Json& value) {
    return value.is_string() ? value.get<std::string>() : value.is_null() ? "-" : value.dump();
  };
  table.add_row({"daemon", r["daemon"]["up"].get<bool>() ? "up at " + text(r["daemon"]["url"])
                                                         : "not answering at " + text(r["daemon"]["url"])});
  table.add_row({"database", text(r["database"])});
  table.add_row({"schema version", text(r["schema_version"])});
  table.add_row({"config", r["config"].is_null() ? "built-in defaults" : text(r["config"])});
  table.add_row({"auth mode", text(r["auth_mode"])});
  std::string providers;
  for (const auto& p : r["providers"]) {
    providers += (providers.empty() ? "" : ", ") + text(p["name"]) + " (" + text(p["kind"]) + ")";
  }
  table.add_row({"providers", providers.empty() ? "none" : providers});
  add_billing_rows(table, r);
  table.print(out, false);
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
  result["daemon"] = {{"url", url}, {"up", upstream::probe_health(url, 1000)}};
  return result;
}

} // namespace

void setup_status(CLI::App& app, Registry& registry)
{
  auto* sub = app.add_subcommand("status", "Show the database, the config and whether the daemon runs");
  sub->callback([&registry] {
    registry.chosen = Action{[&registry] { return status(registry); }, render};
  });
}

} // namespace tokenrouter::cli
