#include <doctest/doctest.h>

#include "core/auth/plan_store.hpp"
#include "core/auth/user_store.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

store::Database migrated()
{
  auto db = store::Database::open(":memory:");
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

} // namespace

TEST_SUITE("auth::plans")
{
  TEST_CASE("seeded with the documented defaults, in their natural order")
  {
    auto db = migrated();
    auto plans = auth::list_plans(db);
    REQUIRE(plans);
    REQUIRE(plans->size() == 3);
    const auto& free = (*plans)[0];
    const auto& pro = (*plans)[1];
    const auto& enterprise = (*plans)[2];
    CHECK(free.name == "free");
    CHECK(free.monthly_token_quota == 1'000'000);
    CHECK(free.rpm == 20);
    CHECK(free.price_multiplier_ppm == 1'000'000);
    CHECK(pro.name == "pro");
    CHECK(pro.monthly_token_quota == 50'000'000);
    CHECK(pro.rpm == 120);
    CHECK(pro.price_multiplier_ppm == 800'000);
    CHECK(enterprise.name == "enterprise");
    CHECK_FALSE(enterprise.monthly_token_quota.has_value());
    CHECK(enterprise.price_multiplier_ppm == 1'000'000);
  }

  TEST_CASE("update changes only what is given; nullopt means unlimited")
  {
    auto db = migrated();
    auto updated = auth::update_plan(
        db, "free", {.rpm = std::optional<int64_t>{}, .price_multiplier_ppm = 900'000});
    REQUIRE(updated);
    CHECK_FALSE(updated->rpm.has_value());
    CHECK(updated->monthly_token_quota == 1'000'000);
    CHECK(updated->price_multiplier_ppm == 900'000);
    auto unknown = auth::update_plan(db, "gold", {});
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == ErrorCode::not_found);
    CHECK(unknown.error().message.find("free, pro, enterprise") != std::string::npos);
    auto negative = auth::update_plan(db, "free", {.tpm = std::optional<int64_t>{-1}});
    REQUIRE_FALSE(negative);
    CHECK(negative.error().code == ErrorCode::invalid_request);
  }
}

TEST_SUITE("auth::users")
{
  TEST_CASE("create, find by id or email, change plan")
  {
    auto db = migrated();
    auto user = auth::create_user(db, {.email = "ada@example.com", .name = "Ada"}, 42);
    REQUIRE(user);
    CHECK(user->id.rfind("usr_", 0) == 0);
    CHECK(user->plan == "free");
    CHECK(user->created_at == 42);
    auto by_email = auth::find_user(db, "ada@example.com");
    REQUIRE(by_email);
    REQUIRE(by_email->has_value());
    CHECK((*by_email)->id == user->id);
    auto moved = auth::set_user_plan(db, user->id, "pro");
    REQUIRE(moved);
    CHECK(moved->plan == "pro");
    CHECK((**auth::find_user(db, user->id)).plan == "pro");
    auto users = auth::list_users(db);
    REQUIRE(users);
    CHECK(users->size() == 1);
  }

  TEST_CASE("refuses a duplicate or malformed email, an unknown plan, an "
            "unknown user")
  {
    auto db = migrated();
    REQUIRE(auth::create_user(db, {.email = "a@example.com"}, 1));
    CHECK(auth::create_user(db, {.email = "a@example.com"}, 1).error().code
          == ErrorCode::invalid_request);
    CHECK(auth::create_user(db, {.email = "not-an-email"}, 1).error().code
          == ErrorCode::invalid_request);
    CHECK(auth::create_user(db, {.email = "b@example.com", .plan = "gold"}, 1).error().code
          == ErrorCode::not_found);
    CHECK(auth::set_user_plan(db, "usr_missing", "pro").error().code == ErrorCode::not_found);
  }
}
