#include <doctest/doctest.h>

#include "core/auth/key_store.hpp"
#include "core/auth/store_authenticator.hpp"
#include "core/store/migrate.hpp"
#include "core/util/crypto.hpp"

using namespace tokenrouter;

namespace {

store::Database fresh(const std::string& path)
{
  auto db = store::Database::open(path);
  REQUIRE(db);
  REQUIRE(store::migrate(*db));
  return std::move(*db);
}

} // namespace

TEST_SUITE("auth::key_store")
{
  TEST_CASE("a created key is found by its secret only; the store keeps its SHA-256")
  {
    auto db = fresh("keys.db");
    auto key = auth::create_key(db, {.name = "dev", .allowed_models = {"gpt-*"}}, 1000);
    REQUIRE(key);
    CHECK(key->secret.rfind("tr-", 0) == 0);
    CHECK(key->secret.size() == 3 + auth::k_key_random_chars);
    CHECK(key->prefix == key->secret.substr(0, 8));

    auto found = auth::find_key_by_secret(db, key->secret);
    REQUIRE(found);
    REQUIRE(found->has_value());
    CHECK((*found)->name == "dev");
    CHECK((*found)->allowed_models == std::vector<std::string>{"gpt-*"});
    auto wrong = auth::find_key_by_secret(db, key->secret + "x");
    REQUIRE(wrong);
    CHECK_FALSE(wrong->has_value());

    auto st = db.prepare("SELECT key_hash FROM api_keys");
    REQUIRE(st);
    REQUIRE(*st->step());
    CHECK(st->column_blob(0) == util::sha256_raw(key->secret));
  }

  TEST_CASE("expired and revoked keys are not usable")
  {
    auth::KeyRow key;
    CHECK(auth::key_usable(key, 100));
    key.expires_at = 100;
    CHECK_FALSE(auth::key_usable(key, 100));
    CHECK(auth::key_usable(key, 99));
    key.expires_at.reset();
    key.revoke_at = 50;
    CHECK_FALSE(auth::key_usable(key, 60));
    key.revoke_at.reset();
    key.revoked = true;
    CHECK_FALSE(auth::key_usable(key, 0));
  }
}

TEST_SUITE("auth::StoreAuthenticator")
{
  TEST_CASE("authenticates, caches at most a second, and never says whether a key exists")
  {
    auto db = fresh("authn.db");
    auto key = auth::create_key(db, {.name = "a"}, 1'700'000'000);
    REQUIRE(key);
    auto reader = store::Database::open("authn.db");
    REQUIRE(reader);
    util::ManualClock clock(1'700'000'000'000);
    auth::StoreAuthenticator authenticator(std::move(*reader), clock);

    auto ok = authenticator.authenticate({key->secret, "127.0.0.1"});
    REQUIRE(ok);
    CHECK(ok->key_id == key->id);
    auto bad = authenticator.authenticate({"tr-unknown", "127.0.0.1"});
    auto empty = authenticator.authenticate({"", "127.0.0.1"});
    REQUIRE_FALSE(bad);
    REQUIRE_FALSE(empty);
    CHECK(bad.error().code == ErrorCode::unauthorized);
    CHECK(bad.error().message == empty.error().message);

    // Revoked behind the authenticator's back (as the CLI would): effective within a second.
    REQUIRE(db.exec("UPDATE api_keys SET revoked = 1"));
    clock.advance_ms(500);
    CHECK(authenticator.authenticate({key->secret, ""}).has_value()); // still cached
    clock.advance_ms(600);
    CHECK_FALSE(authenticator.authenticate({key->secret, ""}).has_value());
  }
}
