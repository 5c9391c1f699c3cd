#pragma once
// Virtual-key authentication over the store. The row is found by the SHA-256 of the secret (the
// index), then the stored hash is compared with the presented one in constant time; positive
// results are cached for at most one second, so a revoke, an expiry or a plan change made by
// the CLI on the database takes effect within a second. Failures never say whether a key exists.

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/auth/authenticator.hpp"
#include "core/auth/key_store.hpp"
#include "core/auth/last_used.hpp"
#include "core/store/database.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::auth {

// Decides whether two hashes are equal; util::constant_time_equal unless a test counts calls.
using HashComparator = bool (*)(std::string_view, std::string_view);

struct StoreAuthOptions {
  int64_t cache_ms = 1000;
  HashComparator compare = nullptr;        // nullptr = util::constant_time_equal
  LastUsedRecorder* last_used = nullptr;   // told about every successful lookup
};

class StoreAuthenticator final : public Authenticator {
public:
  StoreAuthenticator(store::Database db, const util::Clock& clock, StoreAuthOptions options = {});
  Result<Identity> authenticate(const Credentials& credentials) override;

  // The comparator authentication uses (for the test that it is the constant-time one).
  HashComparator comparator() const { return m_compare; }

private:
  struct Cached {
    Identity identity;
    int64_t checked_ms = 0;
  };

  Result<Identity> look_up(const std::string& secret, const std::string& digest, int64_t now_ms);
  std::optional<Identity> cached(const std::string& digest, int64_t now_ms);

  std::mutex m_db_mutex;    // the connection: one lookup at a time
  std::mutex m_cache_mutex; // the cache: held only for a map operation
  store::Database m_db;
  const util::Clock& m_clock;
  StoreAuthOptions m_options;
  HashComparator m_compare;
  std::unordered_map<std::string, Cached> m_cache; // by SHA-256 of the secret
};

// The identity a usable key gives: its limits (the key's own, else the owner's plan's) and the
// plan's price multiplier.
Identity identity_of(const KeyRow& key);

} // namespace tokenrouter::auth
