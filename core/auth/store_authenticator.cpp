#include "core/auth/store_authenticator.hpp"

#include "core/auth/key_store.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::auth {

namespace {

constexpr size_t k_cache_max = 10000;
constexpr size_t k_secret_max = 256;

Error denied()
{
  return {ErrorCode::unauthorized, "invalid or missing API key"};
}

} // namespace

Identity identity_of(const KeyRow& key)
{
  Identity identity;
  identity.key_id = key.id;
  identity.key_prefix = key.prefix;
  identity.user_id = key.user_id;
  identity.plan = key.plan;
  identity.allowed_models = key.allowed_models;
  identity.rpm = effective_rpm(key);
  identity.tpm = effective_tpm(key);
  identity.price_multiplier_ppm = key.price_multiplier_ppm;
  return identity;
}

StoreAuthenticator::StoreAuthenticator(store::Database db,
                                       const util::Clock& clock,
                                       StoreAuthOptions options)
    : m_db(std::move(db))
    , m_clock(clock)
    , m_options(options)
    , m_compare(options.compare != nullptr ? options.compare : &util::constant_time_equal)
{
}

std::optional<Identity> StoreAuthenticator::cached(const std::string& digest, int64_t now_ms)
{
  std::lock_guard lock(m_cache_mutex);
  auto it = m_cache.find(digest);
  if (it == m_cache.end() || now_ms - it->second.checked_ms >= m_options.cache_ms) {
    return std::nullopt;
  }
  return it->second.identity;
}

Result<Identity> StoreAuthenticator::authenticate(const Credentials& credentials)
{
  const std::string& secret = credentials.virtual_key;
  if (secret.empty() || secret.size() > k_secret_max) {
    return fail(denied());
  }
  const std::string digest = util::sha256_raw(secret);
  const int64_t now = m_clock.now_ms();
  if (auto identity = cached(digest, now)) {
    return std::move(*identity);
  }
  return look_up(secret, digest, now);
}

Result<Identity> StoreAuthenticator::look_up(const std::string& secret,
                                             const std::string& digest,
                                             int64_t now_ms)
{
  std::optional<KeyRow> key;
  {
    std::lock_guard lock(m_db_mutex);
    TKR_TRY_ASSIGN(key, find_key_by_secret(m_db, secret));
  }
  const bool valid = key && m_compare(key->key_hash, digest) && key_usable(*key, now_ms / 1000);
  std::lock_guard lock(m_cache_mutex);
  if (!valid) {
    m_cache.erase(digest);
    return fail(denied());
  }
  if (m_cache.size() >= k_cache_max) {
    m_cache.clear(); // entries live one second: dropping them all costs one lookup each
  }
  Identity identity = identity_of(*key);
  m_cache[digest] = Cached{identity, now_ms};
  if (m_options.last_used != nullptr) {
    m_options.last_used->note(identity.key_id, now_ms / 1000);
  }
  return identity;
}

} // namespace tokenrouter::auth
