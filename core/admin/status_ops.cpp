// status: what `tokenrouter status` shows about the store and the config.
#include "core/admin/ops.hpp"
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

Result<Json> status(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(int version, store::schema_version(context.db));
  Json providers = Json::array();
  for (const auto& provider : context.config.providers) {
    providers.push_back({{"name", provider.name},
                         {"kind", model::to_string(provider.kind)},
                         {"base_url", provider.base_url}});
  }
  TKR_TRY_ASSIGN(Json retention, retention_status(context));
  Json out{{"database", context.db.path()},
              {"schema_version", version},
              {"config", context.config.source.empty() ? Json(nullptr) : Json(context.config.source)},
              {"listen", context.config.server.listen},
              {"auth_mode", context.config.auth.mode},
              {"providers", std::move(providers)},
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
