// The /admin API in front of the ops: the admin key and nothing else opens it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/admin/ops.hpp"
#include "core/auth/key_store.hpp"
#include "core/store/migrate.hpp"
#include "daemon/http/admin_api.hpp"

using namespace tokenrouter;

namespace {

store::Database migrated(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

gateway::HttpRequest
post(const std::string& path, const std::string& bearer, const std::string& body = "{}")
{
  gateway::HttpRequest request;
  request.method = "POST";
  request.path = path;
  request.body = body;
  if (!bearer.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + bearer);
  }
  return request;
}

} // namespace

TEST_SUITE("admin::AdminApi")
{
  TEST_CASE("no admin key configured: 403 saying how to enable it")
  {
    config::Config config;
    daemon::AdminApi api(migrated("admin_off.db"), config, "");
    auto reply = api.handle(post("/admin/keys/list", "anything"));
    CHECK(reply.status == 403);
    CHECK(reply.body.find("TOKENROUTER_ADMIN_KEY") != std::string::npos);
  }

  TEST_CASE("missing, wrong and data-plane keys are 401; the admin key runs the op")
  {
    auto db = migrated("admin_on.db");
    auto data_plane = auth::create_key(db, {.name = "dp"}, 1);
    REQUIRE(data_plane);
    config::Config config;
    daemon::AdminApi api(migrated("admin_on.db"), config, "admin-secret-123");
    for (const std::string& bearer :
         {std::string(), std::string("admin-secret-12"), data_plane->secret}) {
      auto reply = api.handle(post("/admin/keys/list", bearer));
      CHECK(reply.status == 401);
      CHECK(reply.body.find("keys") == std::string::npos);
    }
    auto reply = api.handle(post("/admin/keys.list", "admin-secret-123"));
    REQUIRE(reply.status == 200);
    CHECK(nlohmann::json::parse(reply.body)["keys"].size() == 1);
    auto created =
        api.handle(post("/admin/users/create", "admin-secret-123", R"({"email":"a@b.c"})"));
    CHECK(created.status == 200);
    auto unknown = api.handle(post("/admin/keys/explode", "admin-secret-123"));
    CHECK(unknown.status == 404);
  }

  TEST_CASE("every op is reachable by its dotted and its slashed path")
  {
    for (const auto& op : admin::all_ops()) {
      const std::string name(op.name);
      std::string slashed = name;
      std::replace(slashed.begin(), slashed.end(), '.', '/');
      CHECK(daemon::admin_op_for("POST", "/admin/" + name) == name);
      CHECK(daemon::admin_op_for("POST", "/admin/" + slashed) == name);
    }
    CHECK(daemon::admin_op_for("GET", "/admin/keys") == "keys.list");
    CHECK(daemon::admin_op_for("GET", "/admin/users") == "users.list");
    CHECK(daemon::admin_op_for("GET", "/admin/plans") == "plans.list");
  }
}
