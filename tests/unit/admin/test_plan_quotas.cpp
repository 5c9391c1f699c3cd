// A plan's monthly_token_quota becomes each member's monthly user quota (origin "plan"), kept in
// step by users.create / users.set-plan / plans.set; an admin's own monthly quota wins.
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

  // The user's quotas as quota.show lists them.
  Json quotas(const std::string& user) { return call("quota.show", {{"id", user}, {"scope", "user"}})["quotas"]; }
};

} // namespace

TEST_SUITE("billing::plan_quotas")
{
  TEST_CASE_FIXTURE(Fixture, "a member of a plan gets the plan's monthly token quota, in step with it")
  {
    const auto user = call("users.create", {{"email", "a@example.com"}, {"plan", "pro"}})["id"].get<std::string>();
    auto rows = quotas(user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["period"] == "month");
    CHECK(rows[0]["limits"]["tokens"] == 50000000);
    CHECK(rows[0]["origin"] == "plan");

    call("plans.set", {{"name", "pro"}, {"quota_tokens", 7000}});
    rows = quotas(user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 7000);

    call("users.set-plan", {{"id", user}, {"plan", "enterprise"}}); // unlimited: no plan quota
    CHECK(quotas(user).empty());

    call("users.set-plan", {{"id", user}, {"plan", "free"}});
    rows = quotas(user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 1000000);
    const auto logs = call("quota.logs", {{"id", std::to_string(rows[0]["id"].get<int64_t>())}})["entries"];
    CHECK(!logs.empty());
  }

  TEST_CASE_FIXTURE(Fixture, "an admin's own monthly user quota is never changed by the plan")
  {
    const auto user = call("users.create", {{"email", "b@example.com"}, {"plan", "free"}})["id"].get<std::string>();
    call("quota.set", {{"id", user}, {"scope", "user"}, {"period", "month"}, {"tokens", 123}});
    auto rows = quotas(user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["origin"] == "admin");

    call("plans.set", {{"name", "free"}, {"quota_tokens", 999}});
    call("users.set-plan", {{"id", user}, {"plan", "enterprise"}});
    rows = quotas(user);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["limits"]["tokens"] == 123);
  }

  TEST_CASE_FIXTURE(Fixture, "a plan without a token quota gives its members none")
  {
    const auto user = call("users.create", {{"email", "c@example.com"}, {"plan", "enterprise"}})["id"].get<std::string>();
    CHECK(quotas(user).empty());
  }
}
