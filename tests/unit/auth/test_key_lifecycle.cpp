#include <doctest/doctest.h>

#include "core/auth/key_lifecycle.hpp"
#include "core/auth/last_used.hpp"
#include "core/auth/user_store.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;

namespace {

store::Database migrated(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

} // namespace

TEST_SUITE("auth::key_lifecycle")
{
  TEST_CASE("revoke is immediate and idempotent; unknown keys are not_found")
  {
    auto db = migrated("revoke.db");
    auto key = auth::create_key(db, {.name = "a"}, 1000);
    REQUIRE(key);
    auto revoked = auth::revoke_key(db, key->id);
    REQUIRE(revoked);
    CHECK(revoked->revoked);
    CHECK(auth::revoke_key(db, key->id).has_value());
    auto found = auth::find_key_by_secret(db, key->secret);
    REQUIRE(found);
    CHECK_FALSE(auth::key_usable(**found, 1000));
    auto missing = auth::revoke_key(db, "key_nope");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
  }

  TEST_CASE("keys are found by id or by an unambiguous display prefix")
  {
    auto db = migrated("find.db");
    auto key = auth::create_key(db, {.name = "a"}, 1000);
    REQUIRE(key);
    auto by_prefix = auth::find_key(db, key->prefix);
    REQUIRE(by_prefix);
    REQUIRE(by_prefix->has_value());
    CHECK((*by_prefix)->id == key->id);
    auto none = auth::find_key(db, "tr-zzzzz");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
  }

  TEST_CASE("rotation: same settings, new secret, the old one valid for the "
            "grace period only")
  {
    auto db = migrated("rotate.db");
    auto owner =
        auth::create_user(db, {.email = "a@example.com", .name = "A", .plan = "pro"}, 1000);
    REQUIRE(owner);
    auto key = auth::create_key(db, {"ci", owner->id, {"gpt-*"}, 99'999, 7, 700}, 1000);
    REQUIRE(key);
    auto rotation = auth::rotate_key(db, key->id, 60, 2000);
    REQUIRE(rotation);
    CHECK(rotation->key.secret != key->secret);
    CHECK(rotation->old.replaced_by == rotation->key.id);
    CHECK(rotation->old.revoke_at == 2060);

    auto successor = auth::find_key_by_secret(db, rotation->key.secret);
    REQUIRE(successor);
    REQUIRE(successor->has_value());
    const auth::KeyRow& fresh = **successor;
    CHECK(fresh.name == "ci");
    CHECK(fresh.user_id == owner->id);
    CHECK(fresh.allowed_models == std::vector<std::string>{"gpt-*"});
    CHECK(fresh.expires_at == 99'999);
    CHECK(fresh.rpm == 7);
    CHECK(fresh.tpm == 700);

    auto old = auth::find_key_by_secret(db, key->secret);
    REQUIRE(old);
    CHECK(auth::key_usable(**old, 2059));
    CHECK_FALSE(auth::key_usable(**old, 2060));

    auto again = auth::rotate_key(db, key->id, 60, 2001);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == ErrorCode::invalid_request);
    CHECK(again.error().message.find(rotation->key.id) != std::string::npos);
  }

  TEST_CASE("a revoked key cannot be rotated; a zero grace stops the old key "
            "at once")
  {
    auto db = migrated("rotate2.db");
    auto revoked = auth::create_key(db, {.name = "r"}, 1000);
    REQUIRE(revoked);
    REQUIRE(auth::revoke_key(db, revoked->id));
    CHECK_FALSE(auth::rotate_key(db, revoked->id, 60, 1000).has_value());
    CHECK_FALSE(auth::rotate_key(db, "key_missing", 60, 1000).has_value());

    auto key = auth::create_key(db, {.name = "z"}, 1000);
    REQUIRE(key);
    REQUIRE(auth::rotate_key(db, key->id, 0, 1500));
    auto old = auth::find_key_by_secret(db, key->secret);
    REQUIRE(old);
    CHECK_FALSE(auth::key_usable(**old, 1500));
  }

  TEST_CASE("effective limits: the key's own, else its owner's plan, else "
            "unlimited")
  {
    auto db = migrated("limits.db");
    auto pro = auth::create_user(db, {.email = "p@example.com", .plan = "pro"}, 1000);
    REQUIRE(pro);
    auto inherited = auth::create_key(db, {.name = "i", .user_id = pro->id}, 1000);
    auto own = auth::create_key(db, {.name = "o", .user_id = pro->id, .rpm = 3}, 1000);
    auto ownerless = auth::create_key(db, {.name = "n"}, 1000);
    REQUIRE((inherited && own && ownerless));
    auto row = [&](const std::string& secret) { return **auth::find_key_by_secret(db, secret); };
    CHECK(auth::effective_rpm(row(inherited->secret)) == 120);
    CHECK(row(inherited->secret).price_multiplier_ppm == 800'000);
    CHECK(auth::effective_rpm(row(own->secret)) == 3);
    CHECK(auth::effective_rpm(row(ownerless->secret)) == 0);
    CHECK(auth::effective_tpm(row(ownerless->secret)) == 0);
    CHECK(row(ownerless->secret).price_multiplier_ppm == 1'000'000);
  }
}

TEST_SUITE("auth::LastUsedRecorder")
{
  TEST_CASE("writes at most once a minute per key, in batches, never backwards")
  {
    auto db = migrated("used.db");
    auto key = auth::create_key(db, {.name = "u"}, 1000);
    REQUIRE(key);
    auto writer = store::Database::open("used.db");
    REQUIRE(writer);
    auth::LastUsedRecorder recorder(std::move(*writer), 0);
    auto last_used = [&] { return (**auth::find_key(db, key->id)).last_used_at; };

    recorder.note(key->id, 5000);
    recorder.note(key->id, 5001); // within the minute: not queued again
    CHECK(recorder.pending() == 1);
    CHECK_FALSE(last_used().has_value()); // nothing written before a flush
    REQUIRE(recorder.flush());
    CHECK(last_used() == 5000);
    recorder.note(key->id, 5030);
    CHECK(recorder.pending() == 0);
    recorder.note(key->id, 5060);
    REQUIRE(recorder.flush());
    CHECK(last_used() == 5060);
  }
}
