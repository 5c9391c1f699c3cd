#pragma once
// Applies the schema migrations (schema/NNNN_name.sql) to a database, in order, once each.

#include "core/store/database.hpp"
#include "core/store/migrations.hpp"
#include "core/util/result.hpp"

#include <vector>

namespace tokenrouter::store {

// The highest applied migration version; 0 for a database never migrated.
[[nodiscard]] Result<int> schema_version(Database& db);

// Applies every migration of `migrations` (ascending versions) newer than the database's
// version, each in its own transaction together with its `schema_migrations` row, and returns
// the resulting version. Safe against a concurrent migrate from another process (the version
// is re-read under the write lock). A database newer than the newest migration is refused.
[[nodiscard]] Result<int> migrate(Database& db, const std::vector<Migration>& migrations);

// migrate() with the migrations embedded in this binary.
[[nodiscard]] Result<int> migrate(Database& db);

} // namespace tokenrouter::store
