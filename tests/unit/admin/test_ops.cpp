// The admin ops for keys, users and plans, called as the CLI and the admin API
// call them.
#include <doctest/doctest.h>

#include "core/admin/ops.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;
using admin::Json;

namespace {

struct Fixture {
  store::Database db = [] {
    auto opened = store::Database::open(":memory:");
    REQUIRE(opened);
    REQUIRE(store::migrate(*opened));
    return std::move(*opened);
  }();
  config::Config config;
  util::ManualClock clock{1'700'000'000'000};
  admin::AdminContext context{db, config, clock, "cli"};

  Json call(std::string_view op, const Json& args = Json::object())
  {
    auto result = admin::execute(context, op, args);
    INFO(op << ": " << (result ? std::string() : result.error().message));
    REQUIRE(result);
    return *result;
  }

  Error failure(std::string_view op, const Json& args)
  {
    auto result = admin::execute(context, op, args);
    REQUIRE_FALSE(result);
    return result.error();
  }
};

} // namespace

TEST_SUITE("admin::ops")
{
  TEST_CASE("every op of this area is registered")
  {
    std::vector<std::string> names;
    for (const auto& op : admin::all_ops()) {
      names.emplace_back(op.name);
    }
    for (const char* name : {"keys.create",
                             "keys.list",
                             "keys.show",
                             "keys.revoke",
                             "keys.rotate",
                             "users.create",
                             "users.list",
                             "users.show",
                             "users.set-plan",
                             "plans.list",
                             "plans.set"}) {
      CHECK_MESSAGE(std::find(names.begin(), names.end(), name) != names.end(), name);
    }
  }

  TEST_CASE("users: create, list, show with keys, set-plan")
  {
    Fixture f;
    Json user = f.call("users.create", {{"email", "ada@example.com"}, {"name", "Ada"}});
    CHECK(user["plan"] == "free");
    CHECK(user["created_at"] == 1'700'000'000);
    const std::string id = user["id"];
    f.call("keys.create", {{"name", "laptop"}, {"user", "ada@example.com"}});
    CHECK(f.call("users.list")["users"].size() == 1);
    Json shown = f.call("users.show", {{"id", id}});
    REQUIRE(shown["keys"].size() == 1);
    CHECK(shown["keys"][0]["name"] == "laptop");
    CHECK(shown["keys"][0]["effective_rpm"] == 20);
    CHECK(f.call("users.set-plan", {{"id", id}, {"plan", "pro"}})["plan"] == "pro");
    CHECK(f.call("users.show", {{"id", id}})["keys"][0]["effective_rpm"] == 120);
    CHECK(f.failure("users.set-plan", {{"id", id}, {"plan", "gold"}}).code == ErrorCode::not_found);
    CHECK(f.failure("keys.create", {{"name", "x"}, {"user", "nobody"}}).code
          == ErrorCode::not_found);
  }

  TEST_CASE("plans: defaults as seeded; set takes integers, text, 'unlimited' "
            "and decimals")
  {
    Fixture f;
    Json plans = f.call("plans.list")["plans"];
    REQUIRE(plans.size() == 3);
    CHECK(plans[0]
          == Json{{"name", "free"},
                  {"monthly_token_quota", 1000000},
                  {"rpm", 20},
                  {"tpm", nullptr},
                  {"price_multiplier", 1.0},
                  {"price_multiplier_ppm", 1000000}});
    CHECK(plans[1]["price_multiplier_ppm"] == 800000);
    CHECK(plans[1]["price_multiplier"] == 0.8);
    CHECK(plans[2]["monthly_token_quota"].is_null());

    Json set = f.call("plans.set",
                      {{"name", "pro"},
                       {"rpm", "300"},
                       {"tpm", 90000},
                       {"quota_tokens", "unlimited"},
                       {"price_multiplier", "0.75"}});
    CHECK(set["rpm"] == 300);
    CHECK(set["tpm"] == 90000);
    CHECK(set["monthly_token_quota"].is_null());
    CHECK(set["price_multiplier_ppm"] == 750000);
    CHECK(f.call("plans.list")["plans"][1] == set);
    CHECK(f.failure("plans.set", {{"name", "pro"}, {"rpm", "fast"}}).code
          == ErrorCode::invalid_request);
    CHECK(f.failure("plans.set", {{"name", "pro"}, {"price_multiplier", "0.1234567"}}).code
          == ErrorCode::invalid_request);
    CHECK(f.failure("plans.set", {{"name", "gold"}}).code == ErrorCode::not_found);
  }

  TEST_CASE("keys: show, rotate with a grace period, revoke; never a secret "
            "except at creation")
  {
    Fixture f;
    Json created = f.call("keys.create", {{"name", "ci"}, {"rpm", 5}});
    const std::string id = created["id"];
    const std::string secret = created["key"];
    Json shown = f.call("keys.show", {{"id", id}});
    CHECK(shown["name"] == "ci");
    CHECK(shown["rpm"] == 5);
    CHECK(shown["active"] == true);
    CHECK(shown["last_used_at"].is_null());
    CHECK(shown.dump().find(secret) == std::string::npos);
    CHECK(f.call("keys.show", {{"id", created["prefix"]}})["id"] == id);

    Json rotated = f.call("keys.rotate", {{"id", id}, {"grace_s", 2}});
    CHECK(rotated["replaces"] == id);
    CHECK(rotated["grace_s"] == 2);
    CHECK(rotated["old_key_valid_until"] == 1'700'000'002);
    CHECK(rotated["key"].get<std::string>().rfind("tr-", 0) == 0);
    Json old = f.call("keys.show", {{"id", id}});
    CHECK(old["replaced_by"] == rotated["id"]);
    CHECK(old["active"] == true);
    f.clock.advance_ms(2000);
    CHECK(f.call("keys.show", {{"id", id}})["active"] == false);
    CHECK(f.call("keys.rotate", {{"id", rotated["id"]}})["grace_s"] == 86400); // the default

    Json revoked = f.call("keys.revoke", {{"id", rotated["id"]}});
    CHECK(revoked["revoked"] == true);
    CHECK(revoked["active"] == false);
    CHECK(f.failure("keys.show", {{"id", "key_nope"}}).code == ErrorCode::not_found);
    CHECK(f.failure("keys.revoke", Json::object()).code == ErrorCode::invalid_request);
  }
}

// A plan's monthly_token_quota becomes each member's monthly user quota (origin "plan"), kept in
// step by users.create / users.set-plan / plans.set; an admin's own monthly quota wins.
namespace {

// The user's quotas as quota.show lists them.
Json quotas_of(Fixture& f, const std::string& user)
{
  return f.call("quota.show", {{"id", user}, {"scope", "user"}})["quotas"];
}

} // namespace

TEST_SUITE("billing::plan_quotas")
{
  TEST_CASE_FIXTURE(Fixture, "a member of a plan gets the plan's monthly token quota, in step with it")
  {
    const auto user = call("users.create", {{"email", "a@example.com"}, {"plan", "pro"}})["id"].get<std::string>();
    auto rows = quotas_of(*this, user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["period"] == "month");
    CHECK(rows[0]["limits"]["tokens"] == 50000000);
    CHECK(rows[0]["origin"] == "plan");

    call("plans.set", {{"name", "pro"}, {"quota_tokens", 7000}});
    rows = quotas_of(*this, user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 7000);

    call("users.set-plan", {{"id", user}, {"plan", "enterprise"}}); // unlimited: no plan quota
    CHECK(quotas_of(*this, user).empty());

    call("users.set-plan", {{"id", user}, {"plan", "free"}});
    rows = quotas_of(*this, user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 1000000);
    const auto logs = call("quota.logs", {{"id", std::to_string(rows[0]["id"].get<int64_t>())}})["entries"];
    CHECK(!logs.empty());
  }

  TEST_CASE_FIXTURE(Fixture, "an admin's own monthly user quota is never changed by the plan")
  {
    const auto user = call("users.create", {{"email", "b@example.com"}, {"plan", "free"}})["id"].get<std::string>();
    call("quota.set", {{"id", user}, {"scope", "user"}, {"period", "month"}, {"tokens", 123}});
    auto rows = quotas_of(*this, user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["origin"] == "admin");

    call("plans.set", {{"name", "free"}, {"quota_tokens", 999}});
    call("users.set-plan", {{"id", user}, {"plan", "enterprise"}});
    rows = quotas_of(*this, user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 123);
  }

  TEST_CASE_FIXTURE(Fixture, "a plan without a token quota gives its members none")
  {
    const auto user = call("users.create", {{"email", "c@example.com"}, {"plan", "enterprise"}})["id"].get<std::string>();
    CHECK(quotas_of(*this, user).empty());
  }
}
