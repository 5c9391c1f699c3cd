// cache.stats: per day / model / key, the share of prompt tokens read from provider caches, the
// USD those reads saved against the prompt price, and dedup hits (core/billing/reports).
#include "core/admin/ops.hpp"
#include "core/billing/money.hpp"
#include "core/billing/reports.hpp"

namespace tokenrouter::admin {

Result<billing::ReportWindow> report_window(AdminContext& context, const Json& args);

namespace {

Json row_json(const billing::CacheRow& r)
{
  const double share = r.prompt_tokens > 0
                           ? static_cast<double>(r.cache_read_tokens) / static_cast<double>(r.prompt_tokens)
                           : 0.0;
  return {{"group", r.group},
          {"prompt_tokens", r.prompt_tokens},
          {"cache_read_tokens", r.cache_read_tokens},
          {"cache_read_share", share},
          {"hits", r.hits},
          {"misses", r.misses},
          {"saved_nanousd", r.saved_nanousd},
          {"saved_usd", billing::format_nanousd(r.saved_nanousd)},
          {"dedup_hits", r.dedup_hits}};
}

Result<Json> stats(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto window, report_window(context, args));
  const auto by = optional_string(args, "by", "model");
  TKR_TRY_ASSIGN(auto rows, billing::cache_report(context.db, window, by));
  billing::CacheRow total;
  total.group = "total";
  Json out = Json::array();
  for (const auto& row : rows) {
    total += row;
    out.push_back(row_json(row));
  }
  return Json{{"by", by}, {"since_day", window.first_day}, {"until_day", window.last_day},
              {"rows", std::move(out)}, {"total", row_json(total)}};
}

} // namespace

std::vector<OpSpec> cache_ops()
{
  return {{"cache.stats", stats}};
}

} // namespace tokenrouter::admin
