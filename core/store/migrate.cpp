// Migrations: schema_migrations(version, name, applied_at) records what has been applied.

#include "core/store/migrate.hpp"

#include <string>

namespace tokenrouter::store {

namespace {

constexpr std::string_view k_create_migrations_table = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT)sql";

Result<bool> has_migrations_table(Database& db)
{
  TKR_TRY_ASSIGN(Statement st,
                 db.prepare("SELECT 1 FROM sqlite_master "
                            "WHERE type = 'table' AND name = 'schema_migrations'"));
  return st.step();
}

Status check_order(const std::vector<Migration>& migrations)
{
  int previous = 0;
  for (const Migration& m : migrations) {
    if (m.version <= previous) {
      return fail(ErrorCode::internal, "schema migrations out of order at " + std::string(m.name));
    }
    previous = m.version;
  }
  return {};
}

Status refuse_if_newer(const Database& db, int version, int newest)
{
  if (version > newest) {
    return fail(ErrorCode::storage,
                db.path() + ": database schema version " + std::to_string(version)
                    + " is newer than this tokenrouter (supports up to " + std::to_string(newest)
                    + "); upgrade tokenrouter");
  }
  return {};
}

// Applies `m` unless another connection already did; both steps under one write lock.
Status apply_one(Database& db, const Migration& m)
{
  TKR_TRY_ASSIGN(Transaction tx, Transaction::begin(db));
  TKR_TRY(db.exec(k_create_migrations_table));
  TKR_TRY_ASSIGN(const int current, schema_version(db));
  if (current >= m.version) {
    return tx.commit();
  }
  auto applied = db.exec(m.sql);
  if (!applied) {
    return fail(ErrorCode::storage,
                "migration " + std::string(m.name) + " failed: " + applied.error().message);
  }
  TKR_TRY_ASSIGN(Statement record,
                 db.prepare("INSERT INTO schema_migrations (version, name, applied_at) "
                            "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"));
  record.bind(1, m.version).bind(2, m.name);
  TKR_TRY(record.run());
  return tx.commit();
}

} // namespace

Result<int> schema_version(Database& db)
{
  TKR_TRY_ASSIGN(const bool exists, has_migrations_table(db));
  if (!exists) {
    return 0;
  }
  TKR_TRY_ASSIGN(Statement st,
                 db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  TKR_TRY(st.step());
  return static_cast<int>(st.column_int64(0));
}

Result<int> migrate(Database& db, const std::vector<Migration>& migrations)
{
  TKR_TRY(check_order(migrations));
  const int newest = migrations.empty() ? 0 : migrations.back().version;
  TKR_TRY_ASSIGN(const int initial, schema_version(db));
  TKR_TRY(refuse_if_newer(db, initial, newest));
  for (const Migration& m : migrations) {
    if (m.version > initial) {
      TKR_TRY(apply_one(db, m));
    }
  }
  TKR_TRY_ASSIGN(const int final_version, schema_version(db));
  TKR_TRY(refuse_if_newer(db, final_version, newest)); // a newer binary migrated meanwhile
  return final_version;
}

Result<int> migrate(Database& db)
{
  return migrate(db, embedded_migrations());
}

} // namespace tokenrouter::store
