// store::migrate: embedded schema, upgrades from every earlier version, newer databases refused.

#include "core/store/database.hpp"
#include "core/store/migrate.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using tokenrouter::ErrorCode;
using tokenrouter::store::Database;
using tokenrouter::store::embedded_migrations;
using tokenrouter::store::Migration;

namespace {

Database open_memory()
{
  auto db = Database::open(":memory:");
  REQUIRE(db.has_value());
  return std::move(*db);
}

int64_t query_int(Database& db, const std::string& sql)
{
  auto st = db.prepare(sql);
  REQUIRE_MESSAGE(st.has_value(), (st ? "" : st.error().message));
  REQUIRE(st->step().value_or(false));
  return st->column_int64(0);
}

bool has_object(Database& db, const std::string& type, const std::string& name)
{
  auto st = db.prepare("SELECT 1 FROM sqlite_master WHERE type = ?1 AND name = ?2");
  REQUIRE(st.has_value());
  st->bind(1, type).bind(2, name);
  return st->step().value_or(false);
}

const std::vector<Migration> k_synthetic = {
    {1, "0001_one", "CREATE TABLE one (x INTEGER) STRICT; INSERT INTO one VALUES (1);"},
    {2, "0002_two", "ALTER TABLE one ADD COLUMN y INTEGER NOT NULL DEFAULT 5;"},
};

} // namespace

TEST_SUITE("store::migrate")
{
  TEST_CASE("the embedded migrations are numbered from 1 without gaps")
  {
    const auto& all = embedded_migrations();
    REQUIRE_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CHECK(all[i].version == static_cast<int>(i) + 1);
      CHECK_FALSE(all[i].sql.empty());
    }
    CHECK(all.front().name == "0001_initial");
  }

  TEST_CASE("an empty database gets every table and index")
  {
    Database db = open_memory();
    CHECK(tokenrouter::store::schema_version(db).value() == 0);
    const auto version = tokenrouter::store::migrate(db);
    REQUIRE_MESSAGE(version.has_value(), (version ? "" : version.error().message));
    CHECK(*version == embedded_migrations().back().version);
    CHECK(tokenrouter::store::schema_version(db).value() == *version);
    for (const char* table : {"schema_migrations",
                              "users",
                              "plans",
                              "api_keys",
                              "quotas",
                              "quota_ledger",
                              "requests",
                              "daily_usage",
                              "cache_stats",
                              "model_pricing",
                              "allocations",
                              "responses_store",
                              "settings"}) {
      CHECK_MESSAGE(has_object(db, "table", table), table);
    }
    for (const char* index : {"requests_key_time",
                              "requests_time",
                              "requests_model_time",
                              "requests_user_time",
                              "requests_idempotency",
                              "quota_ledger_quota_time",
                              "quotas_subject",
                              "api_keys_user",
                              "allocations_deployment"}) {
      CHECK_MESSAGE(has_object(db, "index", index), index);
    }
    CHECK(query_int(db,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%STRICT'")
          == 0);
  }

  TEST_CASE("migrating twice is a no-op")
  {
    Database db = open_memory();
    REQUIRE(tokenrouter::store::migrate(db).has_value());
    const int64_t rows = query_int(db, "SELECT count(*) FROM schema_migrations");
    REQUIRE(tokenrouter::store::migrate(db).has_value());
    CHECK(query_int(db, "SELECT count(*) FROM schema_migrations") == rows);
    CHECK(query_int(db, "SELECT count(*) FROM plans") == 3);
  }

  TEST_CASE("upgrade from every earlier version")
  {
    SUBCASE("synthetic two-step list")
    {
      Database db = open_memory();
      const std::vector<Migration> first(k_synthetic.begin(), k_synthetic.begin() + 1);
      CHECK(tokenrouter::store::migrate(db, first).value() == 1);
      CHECK(query_int(db, "SELECT x FROM one") == 1);
      CHECK(tokenrouter::store::migrate(db, k_synthetic).value() == 2);
      CHECK(query_int(db, "SELECT y FROM one") == 5);
      CHECK(query_int(db, "SELECT count(*) FROM schema_migrations") == 2);
    }
    SUBCASE("each prefix of the embedded list")
    {
      const auto& all = embedded_migrations();
      for (std::size_t k = 0; k <= all.size(); ++k) {
        Database db = open_memory();
        const std::vector<Migration> prefix(all.begin(), all.begin() + static_cast<long>(k));
        REQUIRE(tokenrouter::store::migrate(db, prefix).value() == static_cast<int>(k));
        CHECK(tokenrouter::store::migrate(db).value() == all.back().version);
      }
    }
  }

  TEST_CASE("a failing migration leaves the database at the previous version")
  {
    Database db = open_memory();
    const std::vector<Migration> broken = {
        k_synthetic[0], {2, "0002_broken", "CREATE TABLE two (x INTEGER); SELECT * FROM nope;"}};
    const auto result = tokenrouter::store::migrate(db, broken);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == ErrorCode::storage);
    CHECK(result.error().message.find("0002_broken") != std::string::npos);
    CHECK(tokenrouter::store::schema_version(db).value() == 1);
    CHECK_FALSE(has_object(db, "table", "two"));
  }

  TEST_CASE("a database newer than this binary is refused")
  {
    Database db = open_memory();
    REQUIRE(tokenrouter::store::migrate(db, k_synthetic).has_value());
    const std::vector<Migration> older(k_synthetic.begin(), k_synthetic.begin() + 1);
    const auto result = tokenrouter::store::migrate(db, older);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code == ErrorCode::storage);
    CHECK(result.error().message
          == ":memory:: database schema version 2 is newer than this tokenrouter "
             "(supports up to 1); upgrade tokenrouter");
  }

  TEST_CASE("migrations out of order are a bug")
  {
    Database db = open_memory();
    const std::vector<Migration> reversed = {k_synthetic[1], k_synthetic[0]};
    CHECK_FALSE(tokenrouter::store::migrate(db, reversed).has_value());
  }

  TEST_CASE("two connections migrating the same file apply each migration once")
  {
    const std::string path = (fs::current_path() / "store-migrate" / "shared.db").string();
    auto a = Database::open(path);
    auto b = Database::open(path);
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    REQUIRE(tokenrouter::store::migrate(*a).has_value());
    REQUIRE(tokenrouter::store::migrate(*b).has_value());
    CHECK(query_int(*b, "SELECT count(*) FROM schema_migrations")
          == static_cast<int64_t>(embedded_migrations().size()));
  }
}
