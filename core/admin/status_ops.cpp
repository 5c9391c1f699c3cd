// status: what `tokenrouter status` shows about the store and the config.
#include "core/admin/ops.hpp"
#include "core/billing/money.hpp"
#include "core/billing/provider_health.hpp"
#include "core/billing/reports.hpp"
#include "core/billing/retention.hpp"
#include "core/store/migrate.hpp"

#include <mutex>

namespace tokenrouter::admin {

namespace {

std::mutex g_live_mutex;
std::function<Json()> g_live; // the one process-wide hook: status is answered by any thread

Json live_status()
{
  std::lock_guard lock(g_live_mutex);
  return g_live ? g_live() : Json{{"ledger", nullptr}}; // not inside the daemon: unknown
}

Result<Json> retention_status(AdminContext& context)
{
  const auto& config = context.config.retention;
  TKR_TRY_ASSIGN(auto run, billing::last_retention_run(context.db));
  const auto time_or_null = [](int64_t ms) { return ms > 0 ? Json(ms) : Json(nullptr); };
  return Json{{"enabled", config.enabled},
              {"days", config.days},
              {"interval_hours", config.interval_hours},
              {"last_run_ms", time_or_null(run.ran_at_ms)},
              {"rows_removed", run.rows_removed},
              {"next_run_ms", time_or_null(run.next_run_ms)}};
}

constexpr int64_t k_recent_ms = 3600 * 1000; // provider health looks at the last hour

// Requests, cost and the prompt-cache hit ratio of the current UTC day.
Result<Json> today_status(AdminContext& context)
{
  const int64_t now = context.clock.now_ms();
  const auto window = billing::window_of(now, now);
  TKR_TRY_ASSIGN(auto usage, billing::usage_report(context.db, window, "day"));
  TKR_TRY_ASSIGN(auto cache, billing::cache_report(context.db, window, "day"));
  billing::UsageRow total;
  for (const auto& row : usage) {
    total += row;
  }
  billing::CacheRow hits;
  for (const auto& row : cache) {
    hits += row;
  }
  const int64_t counted = hits.hits + hits.misses;
  return Json{{"day", window.first_day},
              {"requests", total.requests},
              {"cost_nanousd", total.cost_nanousd},
              {"cost_usd", billing::format_nanousd(total.cost_nanousd)},
              {"cache_hits", hits.hits},
              {"cache_misses", hits.misses},
              {"cache_hit_ratio", counted > 0 ? Json(static_cast<double>(hits.hits) / static_cast<double>(counted))
                                              : Json(nullptr)}};
}

// The configured providers, each with how its requests went in the last hour.
Result<Json> providers_status(AdminContext& context)
{
  TKR_TRY_ASSIGN(auto recent, billing::provider_health(context.db, context.clock.now_ms() - k_recent_ms));
  Json providers = Json::array();
  for (const auto& provider : context.config.providers) {
    billing::ProviderHealth health{provider.name};
    for (const auto& seen : recent) {
      if (seen.provider == provider.name) {
        health = seen;
      }
    }
    providers.push_back({{"name", provider.name},
                         {"kind", model::to_string(provider.kind)},
                         {"base_url", provider.base_url},
                         {"health", billing::health_word(health)},
                         {"requests_1h", health.requests},
                         {"errors_1h", health.errors},
                         {"last_error_ms", health.last_error_ms > 0 ? Json(health.last_error_ms) : Json(nullptr)},
                         {"last_error_type", health.last_error_type}});
  }
  return providers;
}

Result<Json> status(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(int version, store::schema_version(context.db));
  TKR_TRY_ASSIGN(Json providers, providers_status(context));
  TKR_TRY_ASSIGN(Json today, today_status(context));
  TKR_TRY_ASSIGN(Json retention, retention_status(context));
  Json out{{"database", context.db.path()},
              {"schema_version", version},
              {"config", context.config.source.empty() ? Json(nullptr) : Json(context.config.source)},
              {"listen", context.config.server.listen},
              {"auth_mode", context.config.auth.mode},
              {"providers", std::move(providers)},
              {"today", std::move(today)},
              {"retention", std::move(retention)}};
  out.update(live_status());
  return out;
}

} // namespace

void set_live_status(std::function<Json()> live)
{
  std::lock_guard lock(g_live_mutex);
  g_live = std::move(live);
}

std::vector<OpSpec> status_ops()
{
  return {{"status", status}};
}

} // namespace tokenrouter::admin
