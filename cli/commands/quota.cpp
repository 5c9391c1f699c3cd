// tokenrouter quota show | set | reset | logs (admin ops quota.*), and the quota flags of
// `keys create`. ID is a quota id, or a key or user id meaning its quotas.
#include "cli/command.hpp"
#include "cli/commands/billing_args.hpp"
#include "cli/commands/quota_flags.hpp"
#include "cli/output/table.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::cli {

namespace {

struct SetOptions {
  std::string id;
  std::string scope;
  std::string period;
  std::string tokens;   // a number or "unlimited"
  std::string requests;
  std::string usd;
  std::optional<double> cache_weight;
};

std::string cell(const Json& value)
{
  return value.is_null() ? "unlimited" : value.is_string() ? value.get<std::string>() : value.dump();
}

void render_quotas(const Json& r, std::ostream& out)
{
  const Json& list = r.contains("quota") ? Json::array({r["quota"]}) : r["quotas"];
  Table table({"ID", "SUBJECT", "PERIOD", "TOKENS", "REQUESTS", "USD", "CACHE WEIGHT"});
  for (const auto& q : list) {
    const auto& l = q["limits"];
    const auto& u = q["used"];
    table.add_row({cell(q["id"]), cell(q["scope"]) + " " + cell(q["subject"]), cell(q["period"]),
                   cell(u["tokens"]) + " / " + cell(l["tokens"]),
                   cell(u["requests"]) + " / " + cell(l["requests"]),
                   "$" + cell(u["usd"]) + " / " + (l["usd"].is_null() ? "unlimited" : "$" + cell(l["usd"])),
                   std::to_string(q["cache_read_weight_ppm"].get<int64_t>() / 1e6)});
  }
  if (table.empty()) {
    out << "no quota\n";
    return;
  }
  table.print(out, use_color());
}

void render_logs(const Json& r, std::ostream& out)
{
  Table table({"TIME", "QUOTA", "ACTION", "REQUEST", "ΔTOKENS", "ΔREQ", "ΔUSD", "BALANCE", "ACTOR"});
  for (const auto& e : r["entries"]) {
    const auto& d = e["delta"];
    const auto& b = e["balance_after"];
    table.add_row({util::format_iso8601(e["created_at_ms"].get<int64_t>() / 1000), cell(e["quota_id"]),
                   cell(e["action"]), e["request_id"].is_null() ? "-" : cell(e["request_id"]),
                   cell(d["tokens"]), cell(d["requests"]), cell(d["usd"]),
                   cell(b["tokens"]) + " tok, " + cell(b["requests"]) + " req, $" + cell(b["usd"]),
                   cell(e["actor"])});
  }
  table.print(out, use_color());
}

Json limit_arg(const std::string& text)
{
  if (text == "unlimited" || text == "none") {
    return nullptr;
  }
  return Json(text);
}

Json set_args(const SetOptions& o)
{
  Json args{{"id", o.id}};
  if (!o.scope.empty()) {
    args["scope"] = o.scope;
  }
  if (!o.period.empty()) {
    args["period"] = o.period;
  }
  if (!o.tokens.empty()) {
    args["tokens"] = limit_arg(o.tokens);
  }
  if (!o.requests.empty()) {
    args["requests"] = limit_arg(o.requests);
  }
  if (!o.usd.empty()) {
    args[o.usd == "unlimited" ? "nanousd" : "usd"] = limit_arg(o.usd);
  }
  if (o.cache_weight) {
    args["cache_read_weight_ppm"] = static_cast<int64_t>(*o.cache_weight * 1e6 + 0.5);
  }
  return args;
}

void setup_set(CLI::App* quota, Registry& registry)
{
  auto o = std::make_shared<SetOptions>();
  auto* set = quota->add_subcommand("set", "Create or change a quota (limits not given stay as they are)");
  set->add_option("ID", o->id, "Quota id, or a key or user id")->required();
  set->add_option("--scope", o->scope, "key or user (default: key for key_… ids, else user)");
  set->add_option("--period", o->period, "day, month (calendar, UTC) or total (default: month)");
  set->add_option("--tokens", o->tokens, "Token limit, or 'unlimited'");
  set->add_option("--requests", o->requests, "Request limit, or 'unlimited'");
  set->add_option("--usd", o->usd, "Spending limit in USD, or 'unlimited'");
  set->add_option("--cache-weight", o->cache_weight, "How much a cache-read token counts (default 0.1)");
  bind_op(set, registry, "quota.set", [o] { return set_args(*o); }, render_quotas);
}

void setup_logs(CLI::App* quota, Registry& registry)
{
  auto id = std::make_shared<std::string>();
  auto since = std::make_shared<std::string>();
  auto limit = std::make_shared<int64_t>(1000);
  auto* logs = quota->add_subcommand("logs", "The audit log of a quota: consumes, sets, resets");
  logs->add_option("ID", *id, "Quota id, or a key or user id")->required();
  logs->add_option("--since", *since, "Only entries since (7d, 24h, 2026-12-01)");
  logs->add_option("--limit", *limit, "At most this many entries (default 1000)");
  logs->callback([&registry, id, since, limit] {
    registry.chosen = Action{[&registry, id, since, limit]() -> Result<Json> {
                               Json args{{"id", *id}, {"limit", *limit}};
                               if (!since->empty()) {
                                 TKR_TRY_ASSIGN(args["since_ms"], past_time_ms(*since));
                               }
                               return registry.context.call("quota.logs", args);
                             },
                             render_logs};
  });
}

} // namespace

void setup_quota(CLI::App& app, Registry& registry)
{
  auto* quota = app.add_subcommand("quota", "Show, set, reset and audit budgets per key and per user");
  quota->require_subcommand(1);
  auto id = std::make_shared<std::string>();
  auto* show = quota->add_subcommand("show", "A quota's limits and what is used");
  show->add_option("ID", *id, "Quota id, or a key or user id")->required();
  bind_op(show, registry, "quota.show", [id] { return Json{{"id", *id}}; }, render_quotas);
  auto reset_id = std::make_shared<std::string>();
  auto* reset = quota->add_subcommand("reset", "Set what is used back to zero (audited)");
  reset->add_option("ID", *reset_id, "Quota id, or a key or user id")->required();
  bind_op(reset, registry, "quota.reset", [reset_id] { return Json{{"id", *reset_id}}; }, render_quotas);
  setup_set(quota, registry);
  setup_logs(quota, registry);
}

void add_key_quota_flags(CLI::App* create, const std::shared_ptr<KeyQuotaFlags>& flags)
{
  create->add_option("--quota-tokens", flags->tokens, "Token quota of the new key");
  create->add_option("--quota-usd", flags->usd, "Spending quota of the new key, in USD");
  create->add_option("--quota-requests", flags->requests, "Request quota of the new key");
  create->add_option("--period", flags->period, "Quota period: day, month or total (default month)");
}

Result<Json> apply_key_quota(Context& context, Json created, const KeyQuotaFlags& flags)
{
  if (flags.tokens.empty() && flags.usd.empty() && flags.requests.empty()) {
    return created;
  }
  const SetOptions options{created["id"].get<std::string>(), "key",
                           flags.period.empty() ? "month" : flags.period,
                           flags.tokens, flags.requests, flags.usd, std::nullopt};
  TKR_TRY_ASSIGN(Json quota, context.call("quota.set", set_args(options)));
  created["quota"] = quota["quota"];
  return created;
}

} // namespace tokenrouter::cli
