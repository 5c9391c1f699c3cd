#pragma once
// Routing settings changed at run time and kept in the database (`routing_settings`), so that
// `tokenrouter strategy set` works with or without a running daemon: the daemon reads them at
// start and whenever another process commits.

#include <cstdint>
#include <optional>

#include "core/routing/allocator.hpp"
#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {

// The strategy last set with `strategy set`; nullopt = never set (the config's applies).
[[nodiscard]] Result<std::optional<Strategy>> load_strategy(store::Database& db);
[[nodiscard]] Status save_strategy(store::Database& db, Strategy strategy, int64_t now_ms);

} // namespace tokenrouter::routing
