// tokenrouter upstreams list | stats   (admin ops upstreams.list, upstreams.stats)
// Live numbers come from the daemon (--server); locally only the config and persisted state.
#include "cli/command.hpp"
#include "cli/output/table.hpp"

namespace tokenrouter::cli {

namespace {

std::string limit(const Json& value) {
  return value.get<int64_t>() == 0 ? "unlimited" : value.dump();
}

std::string number_or_dash(const Json& row, const char* field) {
  return row.contains(field) ? row[field].dump() : "-";
}

void render_list(const Json& r, std::ostream& out) {
  Table models(
      {"MODEL", "DEPLOYMENT", "PROVIDER", "UPSTREAM", "WEIGHT", "TPM", "CONCURRENT", "FALLBACKS"});
  for (const auto& m : r["models"]) {
    std::string fallbacks;
    for (const auto& f : m["fallbacks"]) {
      fallbacks += (fallbacks.empty() ? "" : ",") + f.get<std::string>();
    }
    for (const auto& d : m["deployments"]) {
      models.add_row({m["model"].get<std::string>(),
                      d["id"].get<std::string>(),
                      d["provider"].get<std::string>(),
                      d["upstream"].is_null() ? "(as asked)" : d["upstream"].get<std::string>(),
                      d["weight"].dump(),
                      limit(d["capacity_tpm"]),
                      limit(d["capacity_concurrent_tokens"]),
                      fallbacks.empty() ? "-" : fallbacks});
    }
  }
  models.print(out, use_color());
  out << "\n";
  Table providers({"PROVIDER", "KIND", "CREDENTIALS", "ACQUIRE_COMMAND"});
  for (const auto& p : r["providers"]) {
    std::string credentials = p["passthrough"].get<bool>() ? "passthrough" : "";
    for (const auto& c : p["credentials"]) {
      credentials += (credentials.empty() ? "" : ", ") + c["env"].get<std::string>() + " ("
                     + c["priority"].get<std::string>() + ")";
    }
    providers.add_row(
        {p["name"].get<std::string>(),
         p["kind"].get<std::string>(),
         credentials.empty() ? "-" : credentials,
         p["acquire_command"].is_null() ? "-" : p["acquire_command"].get<std::string>()});
  }
  providers.print(out, use_color());
}

void render_credentials(const Json& r, std::ostream& out) {
  Table table({"PROVIDER",
               "CREDENTIAL",
               "PRIORITY",
               "STATUS",
               "REQUESTS",
               "QUOTA ERR",
               "ERR %",
               "MEAN MS"});
  for (const auto& p : r["providers"]) {
    for (const auto& c : p["credentials"]) {
      table.add_row({p["name"].get<std::string>(),
                     c["name"].get<std::string>(),
                     c["priority"].get<std::string>(),
                     c["status"].get<std::string>(),
                     c["requests"].dump(),
                     c["quota_errors"].dump(),
                     c["error_percent"].dump(),
                     c["mean_latency_ms"].dump()});
    }
  }
  table.print(out, use_color());
  for (const auto& p : r["providers"]) {
    const auto& a = p["acquisition"];
    if (a.is_null()) {
      continue;
    }
    const auto& d = a["decisions"];
    int64_t skips = 0;
    std::string reasons;
    for (const auto& [name, count] : d.items()) {
      if (name.starts_with("skip_") && count.get<int64_t>() > 0) {
        skips += count.get<int64_t>();
        reasons += (reasons.empty() ? "" : ", ") + name.substr(5) + " " + count.dump();
      }
    }
    out << "\nacquire_command of " << p["name"].get<std::string>() << ": " << a["runs_last_hour"]
        << " run(s) in the last hour, " << d["acquired"] << " acquired, " << d["failed"]
        << " failed, " << d["cache_hit"] << " cache hits, " << d["shared"] << " shared, " << skips
        << " skipped" << (reasons.empty() ? "" : " (" + reasons + ")") << "\n";
  }
}

void render_stats(const Json& r, std::ostream& out) {
  out << "strategy: " << r["strategy"].get<std::string>() << "\n";
  if (!r["live"].get<bool>()) {
    out << "note: " << r["note"].get<std::string>() << "\n";
  }
  Table table({"DEPLOYMENT",
               "TPM",
               "CONCURRENT",
               "RESERVED",
               "USED (MIN)",
               "IN FLIGHT",
               "ALLOCS",
               "NO ROOM",
               "FAILURES",
               "COOLDOWN"});
  for (const auto& m : r["models"]) {
    for (const auto& d : m["deployments"]) {
      const bool cooling =
          d.contains("cooldown_until_ms") && d["cooldown_until_ms"].get<int64_t>() > 0;
      table.add_row({d["id"].get<std::string>(),
                     limit(d["capacity_tpm"]),
                     limit(d["capacity_concurrent_tokens"]),
                     d["reserved_tokens"].dump(),
                     number_or_dash(d, "used_tokens"),
                     d["in_flight"].dump(),
                     number_or_dash(d, "allocations"),
                     number_or_dash(d, "skipped_full"),
                     number_or_dash(d, "failures"),
                     cooling ? "yes" : "-"});
    }
  }
  table.print(out, use_color());
  for (const auto& m : r["models"]) {
    if (m.contains("alloc_failures") && m["alloc_failures"].get<int64_t>() > 0) {
      out << m["model"].get<std::string>() << ": " << m["alloc_failures"]
          << " request(s) found no capacity\n";
    }
  }
  if (r.contains("providers")) {
    out << "\n";
    render_credentials(r, out);
  }
}

} // namespace

void setup_upstreams(CLI::App& app, Registry& registry) {
  auto* upstreams = app.add_subcommand("upstreams", "Deployments, capacity and credential pools");
  upstreams->require_subcommand(1);
  auto* list = upstreams->add_subcommand(
      "list", "Models, their deployments and providers (from the config)");
  bind_op(
      list, registry, "upstreams.list", [] { return Json::object(); }, render_list);
  auto* stats = upstreams->add_subcommand(
      "stats",
      "Capacity, reserved and used tokens, allocation failures, cooldowns, credential health and "
      "acquisitions (live with --server; locally the persisted state only)");
  bind_op(
      stats, registry, "upstreams.stats", [] { return Json::object(); }, render_stats);
}

} // namespace tokenrouter::cli
