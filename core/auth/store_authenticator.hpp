#pragma once
// Virtual-key authentication over the store. Lookup by SHA-256 (the index), so the secret is
// never compared byte by byte; positive results are cached for at most one second, so a revoke
// or an expiry made by the CLI on the database takes effect within a second.

#include <mutex>
#include <string>
#include <unordered_map>

#include "core/auth/authenticator.hpp"
#include "core/store/database.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::auth {

class StoreAuthenticator final : public Authenticator {
public:
  StoreAuthenticator(store::Database db, const util::Clock& clock);
  Result<Identity> authenticate(const Credentials& credentials) override;

private:
  struct Cached {
    Identity identity;
    int64_t checked_ms = 0;
  };

  std::mutex m_mutex;
  store::Database m_db;
  const util::Clock& m_clock;
  std::unordered_map<std::string, Cached> m_cache; // by SHA-256 of the secret
};

} // namespace tokenrouter::auth
