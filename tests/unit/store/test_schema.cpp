// schema/0001_initial.sql: seeds, constraints and the queries its indexes exist for.

#include "core/store/database.hpp"
#include "core/store/migrate.hpp"

#include <doctest/doctest.h>

#include <string>

using tokenrouter::store::Database;

namespace {

Database migrated()
{
  auto db = Database::open(":memory:");
  REQUIRE(db.has_value());
  auto version = tokenrouter::store::migrate(*db);
  REQUIRE_MESSAGE(version.has_value(), (version ? "" : version.error().message));
  return std::move(*db);
}

struct Price {
  int64_t prompt, completion, cache_read, write_5m, write_1h;
};

Price price(Database& db, const std::string& model)
{
  auto st = db.prepare(
      "SELECT prompt_nanousd_per_mtok, completion_nanousd_per_mtok, cache_read_nanousd_per_mtok, "
      "cache_write_5m_nanousd_per_mtok, cache_write_1h_nanousd_per_mtok FROM model_pricing "
      "WHERE model = ?1 AND effective_from = 0");
  REQUIRE(st.has_value());
  st->bind(1, model);
  REQUIRE_MESSAGE(st->step().value_or(false), model);
  return {st->column_int64(0),
          st->column_int64(1),
          st->column_int64(2),
          st->column_int64(3),
          st->column_int64(4)};
}

} // namespace

TEST_SUITE("store::schema")
{
  TEST_CASE("plans are seeded")
  {
    Database db = migrated();
    auto st = db.prepare("SELECT name, monthly_token_quota, rpm, price_multiplier_ppm "
                         "FROM plans ORDER BY name");
    REQUIRE(st.has_value());
    REQUIRE(st->step().value());
    CHECK(st->column_text(0) == "enterprise");
    CHECK(st->column_is_null(1));
    CHECK(st->column_int64(2) == 600);
    CHECK(st->column_int64(3) == 1000000);
    REQUIRE(st->step().value());
    CHECK(st->column_text(0) == "free");
    CHECK(st->column_int64(1) == 1000000);
    CHECK(st->column_int64(2) == 20);
    CHECK(st->column_int64(3) == 1000000);
    REQUIRE(st->step().value());
    CHECK(st->column_text(0) == "pro");
    CHECK(st->column_int64(1) == 50000000);
    CHECK(st->column_int64(2) == 120);
    CHECK(st->column_int64(3) == 800000);
    CHECK_FALSE(st->step().value());
  }

  TEST_CASE("list prices are seeded in nano-USD per million tokens")
  {
    Database db = migrated();
    const Price gpt4o = price(db, "gpt-4o");
    CHECK(gpt4o.prompt == 2'500'000'000);
    CHECK(gpt4o.cache_read == 1'250'000'000);
    CHECK(gpt4o.completion == 10'000'000'000);
    CHECK(price(db, "gpt-4o-mini").cache_read == 75'000'000);
    CHECK(price(db, "o4-mini").cache_read == 275'000'000);
    CHECK(price(db, "gpt-5.6-sol").write_5m == 5'000'000'000);
    const Price sonnet = price(db, "claude-sonnet-4-5");
    CHECK(sonnet.prompt == 3'000'000'000);
    CHECK(sonnet.write_5m == 3'750'000'000);
    CHECK(sonnet.write_1h == 6'000'000'000);
    CHECK(sonnet.cache_read == 300'000'000);
    CHECK(sonnet.completion == 15'000'000'000);
    CHECK(price(db, "claude-sonnet-4-6").prompt == 3'000'000'000);
    CHECK(price(db, "claude-haiku-4-5").write_5m == 1'250'000'000);
    CHECK(price(db, "claude-opus-4-1").completion == 75'000'000'000);
    for (const char* opus : {"claude-opus-4-5",
                             "claude-opus-4-6",
                             "claude-opus-4-7",
                             "claude-opus-4-8",
                             "claude-opus-5"}) {
      CHECK_MESSAGE(price(db, opus).prompt == 5'000'000'000, opus);
    }
    CHECK(price(db, "claude-sonnet-5").write_1h == 4'000'000'000);
    CHECK(price(db, "deepseek-chat").cache_read == 28'000'000);
    CHECK(price(db, "deepseek-reasoner").completion == 420'000'000);
  }

  TEST_CASE("constraints: foreign keys, enums, idempotency")
  {
    Database db = migrated();
    SUBCASE("a user on an unknown plan is refused")
    {
      CHECK_FALSE(db.exec("INSERT INTO users (id, email, plan, created_at) "
                          "VALUES ('u1', 'a@b', 'platinum', 0)"));
      CHECK(db.exec(
          "INSERT INTO users (id, email, plan, created_at) VALUES ('u1', 'a@b', 'pro', 0)"));
    }
    SUBCASE("a quota with an unknown period is refused")
    {
      CHECK_FALSE(db.exec("INSERT INTO quotas (scope, subject_id, kind, period) "
                          "VALUES ('key', 'k', 'tokens', 'week')"));
    }
    SUBCASE("one Idempotency-Key per key")
    {
      const char* insert = "INSERT INTO requests (request_id, idempotency_key, created_at, "
                           "key_id, model) VALUES (?1, ?2, 0, ?3, 'm')";
      auto st = db.prepare(insert);
      REQUIRE(st.has_value());
      st->bind_all("r1", "idem", "k1");
      REQUIRE(st->run());
      st->reset();
      st->bind_all("r2", "idem", "k2");
      CHECK(st->run().has_value());
      st->reset();
      st->bind_all("r3", "idem", "k1");
      CHECK_FALSE(st->run().has_value());
      st->reset();
      st->bind_all("r4", nullptr, "k1");
      CHECK(st->run().has_value());
    }
  }
}
