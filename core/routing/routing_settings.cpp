#include "core/routing/routing_settings.hpp"

namespace tokenrouter::routing {

Result<std::optional<Strategy>> load_strategy(store::Database& db) {
  TKR_TRY_ASSIGN(auto select,
                 db.prepare("SELECT value FROM routing_settings WHERE name = 'strategy'"));
  TKR_TRY_ASSIGN(const bool row, select.step());
  if (!row) {
    return std::optional<Strategy>{};
  }
  return strategy_from_string(select.column_text(0));
}

Status save_strategy(store::Database& db, Strategy strategy, int64_t now_ms) {
  TKR_TRY_ASSIGN(
      auto upsert,
      db.prepare(
          "INSERT INTO routing_settings (name, value, updated_at) VALUES ('strategy', ?1, ?2) "
          "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = "
          "excluded.updated_at"));
  return upsert.bind_all(to_string(strategy), now_ms).run();
}

} // namespace tokenrouter::routing
