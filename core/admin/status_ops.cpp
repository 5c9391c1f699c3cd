// status: what `tokenrouter status` shows about the store and the config.
#include "core/admin/ops.hpp"
#include "core/store/migrate.hpp"

namespace tokenrouter::admin {

namespace {

Result<Json> status(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(int version, store::schema_version(context.db));
  Json providers = Json::array();
  for (const auto& provider : context.config.providers) {
    providers.push_back({{"name", provider.name},
                         {"kind", model::to_string(provider.kind)},
                         {"base_url", provider.base_url}});
  }
  return Json{{"database", context.db.path()},
              {"schema_version", version},
              {"config", context.config.source.empty() ? Json(nullptr) : Json(context.config.source)},
              {"listen", context.config.server.listen},
              {"auth_mode", context.config.auth.mode},
              {"providers", std::move(providers)}};
}

} // namespace

std::vector<OpSpec> status_ops()
{
  return {{"status", status}};
}

} // namespace tokenrouter::admin
