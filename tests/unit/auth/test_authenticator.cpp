#include <doctest/doctest.h>

#include "core/auth/admin_key.hpp"
#include "core/auth/key_lifecycle.hpp"
#include "core/auth/plan_store.hpp"
#include "core/auth/store_authenticator.hpp"
#include "core/auth/user_store.hpp"
#include "core/store/migrate.hpp"
#include "core/util/crypto.hpp"

using namespace tokenrouter;

namespace {

store::Database migrated(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

store::Database reader(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  return std::move(*db);
}

int g_comparisons = 0;

bool counting_equal(std::string_view a, std::string_view b)
{
  ++g_comparisons;
  return util::constant_time_equal(a, b);
}

} // namespace

TEST_SUITE("auth::StoreAuthenticator")
{
  TEST_CASE("the hash comparison that decides is the constant-time one")
  {
    auto db = migrated("ct.db");
    util::ManualClock clock;
    auth::StoreAuthenticator plain(reader("ct.db"), clock);
    const bool is_constant_time = plain.comparator() == &util::constant_time_equal;
    CHECK(is_constant_time);

    auto key = auth::create_key(db, {.name = "ct"}, clock.now_ms() / 1000);
    REQUIRE(key);
    g_comparisons = 0;
    auth::StoreAuthenticator counted(reader("ct.db"), clock, {.compare = &counting_equal});
    REQUIRE(counted.authenticate({key->secret, ""}));
    CHECK(g_comparisons == 1);
    CHECK(auth::secret_matches(util::sha256_raw(key->secret), key->secret));
    CHECK_FALSE(auth::secret_matches(util::sha256_raw(key->secret), key->secret + "x"));
  }

  TEST_CASE("the identity carries the plan's limits and price multiplier; plan "
            "changes apply within a second")
  {
    auto db = migrated("plan.db");
    util::ManualClock clock;
    auto user = auth::create_user(db, {.email = "u@example.com", .plan = "pro"}, 1);
    REQUIRE(user);
    auto key = auth::create_key(db, {.name = "k", .user_id = user->id}, 1);
    REQUIRE(key);
    auth::StoreAuthenticator authenticator(reader("plan.db"), clock);
    auto identity = authenticator.authenticate({key->secret, ""});
    REQUIRE(identity);
    CHECK(identity->plan == "pro");
    CHECK(identity->user_id == user->id);
    CHECK(identity->rpm == 120);
    CHECK(identity->tpm == 0);
    CHECK(identity->price_multiplier_ppm == 800'000);

    REQUIRE(auth::update_plan(
        db, "pro", {.rpm = std::optional<int64_t>{30}, .tpm = std::optional<int64_t>{9000}}));
    clock.advance_ms(1000);
    identity = authenticator.authenticate({key->secret, ""});
    REQUIRE(identity);
    CHECK(identity->rpm == 30);
    CHECK(identity->tpm == 9000);
  }

  TEST_CASE("expiry and rotation grace are enforced by the authenticator")
  {
    auto db = migrated("grace.db");
    util::ManualClock clock(1'700'000'000'000);
    const int64_t now_s = clock.now_ms() / 1000;
    auto expiring = auth::create_key(db, {.name = "e", .expires_at = now_s + 5}, now_s);
    auto rotated = auth::create_key(db, {.name = "r"}, now_s);
    REQUIRE((expiring && rotated));
    auto rotation = auth::rotate_key(db, rotated->id, 2, now_s);
    REQUIRE(rotation);
    auth::StoreAuthenticator authenticator(reader("grace.db"), clock);
    CHECK(authenticator.authenticate({expiring->secret, ""}));
    CHECK(authenticator.authenticate({rotated->secret, ""}));
    CHECK(authenticator.authenticate({rotation->key.secret, ""}));
    clock.advance_ms(2000);
    CHECK_FALSE(authenticator.authenticate({rotated->secret, ""}));
    CHECK(authenticator.authenticate({rotation->key.secret, ""}));
    clock.advance_ms(3000);
    CHECK_FALSE(authenticator.authenticate({expiring->secret, ""}));
  }

  TEST_CASE("successful lookups are reported to the last-used recorder")
  {
    auto db = migrated("noted.db");
    util::ManualClock clock;
    auto key = auth::create_key(db, {.name = "n"}, 1);
    REQUIRE(key);
    auth::LastUsedRecorder recorder(reader("noted.db"), 0);
    auth::StoreAuthenticator authenticator(reader("noted.db"), clock, {.last_used = &recorder});
    REQUIRE(authenticator.authenticate({key->secret, ""}));
    CHECK_FALSE(authenticator.authenticate({"tr-wrong", ""}));
    CHECK(recorder.pending() == 1);
    REQUIRE(recorder.flush());
    CHECK((**auth::find_key(db, key->id)).last_used_at == clock.now_ms() / 1000);
  }
}

TEST_SUITE("auth::admin_key")
{
  TEST_CASE("matches only the configured key; an unset key matches nothing")
  {
    CHECK(auth::admin_key_matches("s3cret-admin", "s3cret-admin"));
    CHECK_FALSE(auth::admin_key_matches("s3cret-admiN", "s3cret-admin"));
    CHECK_FALSE(auth::admin_key_matches("s3cret", "s3cret-admin"));
    CHECK_FALSE(auth::admin_key_matches("", ""));
  }
}
