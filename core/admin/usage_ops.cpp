// usage: tokens, requests and cost grouped by day / model / key / user / provider over a window
// of UTC days, with a totals row that is the exact sum of the rows (core/billing/reports).
#include "core/admin/ops.hpp"
#include "core/billing/money.hpp"
#include "core/billing/reports.hpp"

namespace tokenrouter::admin {

namespace {

constexpr int64_t k_day_ms = 86'400'000;

Json row_json(const billing::UsageRow& r)
{
  return {{"group", r.group},
          {"requests", r.requests},
          {"input_tokens", r.input_tokens},
          {"cache_read_tokens", r.cache_read_tokens},
          {"cache_write_tokens", r.cache_write_tokens},
          {"output_tokens", r.output_tokens},
          {"cost_nanousd", r.cost_nanousd},
          {"cost_usd", billing::format_nanousd(r.cost_nanousd)}};
}

Result<billing::ReportWindow> window_from(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto since, optional_int(args, "since_ms"));
  TKR_TRY_ASSIGN(auto until, optional_int(args, "until_ms"));
  const int64_t now = context.clock.now_ms();
  return billing::window_of(since.value_or(now - 7 * k_day_ms), until.value_or(now));
}

Result<Json> usage(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto window, window_from(context, args));
  const auto by = optional_string(args, "by", "day");
  TKR_TRY_ASSIGN(auto rows, billing::usage_report(context.db, window, by));
  billing::UsageRow total;
  total.group = "total";
  Json out = Json::array();
  for (const auto& row : rows) {
    total += row;
    out.push_back(row_json(row));
  }
  Json result{{"by", by}, {"since_day", window.first_day}, {"until_day", window.last_day},
              {"rows", std::move(out)}, {"total", row_json(total)}};
  if (args.value("chart", false) && by != "day") {
    TKR_TRY_ASSIGN(auto days, billing::usage_report(context.db, window, "day"));
    Json per_day = Json::array();
    for (const auto& day : days) {
      per_day.push_back(row_json(day));
    }
    result["per_day"] = std::move(per_day);
  }
  return result;
}

} // namespace

std::vector<OpSpec> usage_ops()
{
  return {{"usage", usage}};
}

// Shared with cache_ops.cpp: the same window arguments.
Result<billing::ReportWindow> report_window(AdminContext& context, const Json& args)
{
  return window_from(context, args);
}

} // namespace tokenrouter::admin
