#include "core/auth/store_authenticator.hpp"

#include "core/auth/key_store.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::auth {

namespace {

constexpr int64_t k_cache_ms = 1000;
constexpr size_t k_cache_max = 10000;

Error denied()
{
  return {ErrorCode::unauthorized, "invalid or missing API key"};
}

Identity identity_of(const KeyRow& key)
{
  Identity identity;
  identity.key_id = key.id;
  identity.key_prefix = key.prefix;
  identity.user_id = key.user_id;
  identity.plan = key.plan.empty() ? "free" : key.plan;
  identity.allowed_models = key.allowed_models;
  identity.rpm = key.rpm.value_or(0);
  identity.tpm = key.tpm.value_or(0);
  return identity;
}

} // namespace

StoreAuthenticator::StoreAuthenticator(store::Database db, const util::Clock& clock)
    : m_db(std::move(db))
    , m_clock(clock)
{
}

Result<Identity> StoreAuthenticator::authenticate(const Credentials& credentials)
{
  if (credentials.virtual_key.empty() || credentials.virtual_key.size() > 256) {
    return fail(denied());
  }
  const std::string digest = util::sha256_raw(credentials.virtual_key);
  const int64_t now = m_clock.now_ms();
  std::lock_guard lock(m_mutex);
  if (auto it = m_cache.find(digest); it != m_cache.end() && now - it->second.checked_ms < k_cache_ms) {
    return it->second.identity;
  }
  TKR_TRY_ASSIGN(auto key, find_key_by_secret(m_db, credentials.virtual_key));
  if (!key || !key_usable(*key, now / 1000)) {
    m_cache.erase(digest);
    return fail(denied());
  }
  if (m_cache.size() >= k_cache_max) {
    m_cache.clear();
  }
  Identity identity = identity_of(*key);
  m_cache[digest] = Cached{identity, now};
  return identity;
}

} // namespace tokenrouter::auth
