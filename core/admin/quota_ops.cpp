// quota.show / quota.set / quota.reset / quota.logs: budgets per key and per user
// (core/billing/quota_store). `id` is a quota id, or a key or user id meaning its quotas.
#include "core/admin/ops.hpp"
#include "core/billing/money.hpp"
#include "core/billing/quota_store.hpp"

#include <charconv>

namespace tokenrouter::admin {

namespace {

Json limit_json(const std::optional<int64_t>& value)
{
  return value ? Json(*value) : Json(nullptr);
}

Json amount_json(const billing::Amount& a)
{
  return {{"tokens", a.tokens}, {"requests", a.requests}, {"nanousd", a.nanousd},
          {"usd", billing::format_nanousd(a.nanousd)}};
}

Json quota_json(const billing::QuotaRow& q)
{
  return {{"id", q.id},
          {"scope", q.scope},
          {"subject", q.subject_id},
          {"kind", q.kind},
          {"period", billing::to_string(q.period)},
          {"limits", {{"tokens", limit_json(q.limits.tokens)},
                      {"requests", limit_json(q.limits.requests)},
                      {"nanousd", limit_json(q.limits.nanousd)},
                      {"usd", q.limits.nanousd ? Json(billing::format_nanousd(*q.limits.nanousd)) : Json(nullptr)}}},
          {"used", amount_json(q.used)},
          {"cache_read_weight_ppm", q.cache_read_weight_ppm},
          {"period_start_ms", q.period_start_ms},
          {"origin", q.origin}};
}

std::optional<int64_t> numeric_id(const std::string& text)
{
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  return ec == std::errc{} && end == text.data() + text.size() ? std::optional(id) : std::nullopt;
}

Result<std::vector<billing::QuotaRow>> resolve(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  if (auto numeric = numeric_id(id)) {
    TKR_TRY_ASSIGN(auto row, billing::get_quota(context.db, *numeric));
    return std::vector<billing::QuotaRow>{row};
  }
  return billing::quotas_of(context.db, optional_string(args, "scope"), id);
}

Result<Json> show(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto rows, resolve(context, args));
  Json out = Json::array();
  for (const auto& row : rows) {
    out.push_back(quota_json(row));
  }
  return Json{{"quotas", std::move(out)}};
}

// Limits from `args` over `base`: absent = unchanged, null/"unlimited" = cleared.
Result<billing::QuotaLimits> merged_limits(const Json& args, billing::QuotaLimits base)
{
  TKR_TRY_ASSIGN(auto tokens, optional_limit(args, "tokens"));
  TKR_TRY_ASSIGN(auto requests, optional_limit(args, "requests"));
  TKR_TRY_ASSIGN(auto nanousd, optional_limit(args, "nanousd"));
  if (auto usd = args.find("usd"); usd != args.end() && usd->is_string()) {
    TKR_TRY_ASSIGN(int64_t parsed, billing::parse_decimal_scaled(usd->get<std::string>()));
    nanousd = std::optional<int64_t>(parsed);
  }
  base.tokens = tokens.value_or(base.tokens);
  base.requests = requests.value_or(base.requests);
  base.nanousd = nanousd.value_or(base.nanousd);
  return base;
}

Result<billing::QuotaSpec> spec_from(AdminContext& context, const Json& args)
{
  billing::QuotaSpec spec;
  TKR_TRY_ASSIGN(auto id, required_string(args, "id"));
  billing::QuotaLimits base;
  if (auto numeric = numeric_id(id)) {
    TKR_TRY_ASSIGN(auto row, billing::get_quota(context.db, *numeric));
    spec.scope = row.scope;
    spec.subject_id = row.subject_id;
    spec.period = row.period;
    base = row.limits;
  } else {
    spec.scope = optional_string(args, "scope", id.starts_with("key_") ? "key" : "user");
    spec.subject_id = id;
    TKR_TRY_ASSIGN(spec.period, billing::parse_period(optional_string(args, "period", "month")));
    TKR_TRY_ASSIGN(auto existing, billing::quotas_of(context.db, spec.scope, id));
    for (const auto& row : existing) {
      base = row.period == spec.period ? row.limits : base;
    }
  }
  TKR_TRY_ASSIGN(spec.limits, merged_limits(args, base));
  TKR_TRY_ASSIGN(spec.cache_read_weight_ppm, optional_int(args, "cache_read_weight_ppm"));
  return spec;
}

Result<Json> set(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto spec, spec_from(context, args));
  TKR_TRY_ASSIGN(auto row, billing::set_quota(context.db, spec, context.actor, context.clock.now_ms()));
  return Json{{"quota", quota_json(row)}};
}

Result<Json> reset(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto rows, resolve(context, args));
  Json out = Json::array();
  for (const auto& row : rows) {
    TKR_TRY_ASSIGN(auto after, billing::reset_quota(context.db, row.id, context.actor, context.clock.now_ms()));
    out.push_back(quota_json(after));
  }
  return Json{{"quotas", std::move(out)}};
}

Result<Json> logs(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto rows, resolve(context, args));
  TKR_TRY_ASSIGN(auto since, optional_int(args, "since_ms"));
  TKR_TRY_ASSIGN(auto limit, optional_int(args, "limit"));
  Json out = Json::array();
  for (const auto& row : rows) {
    TKR_TRY_ASSIGN(auto entries, billing::quota_logs(context.db, row.id, since.value_or(0), limit.value_or(1000)));
    for (const auto& e : entries) {
      out.push_back({{"id", e.id}, {"quota_id", e.quota_id},
                     {"request_id", e.request_id.empty() ? Json(nullptr) : Json(e.request_id)},
                     {"action", e.action}, {"delta", amount_json(e.delta)},
                     {"balance_after", amount_json(e.balance_after)}, {"actor", e.actor},
                     {"created_at_ms", e.created_at_ms}});
    }
  }
  return Json{{"entries", std::move(out)}};
}

} // namespace

std::vector<OpSpec> quota_ops()
{
  return {{"quota.show", show}, {"quota.set", set}, {"quota.reset", reset}, {"quota.logs", logs}};
}

} // namespace tokenrouter::admin
