#include "core/auth/key_lifecycle.hpp"

namespace tokenrouter::auth {

namespace {

Result<KeyRow> existing_key(store::Database& db, std::string_view id_or_prefix)
{
  TKR_TRY_ASSIGN(auto key, find_key(db, id_or_prefix));
  if (!key) {
    return fail(ErrorCode::not_found, "no key " + std::string(id_or_prefix));
  }
  return std::move(*key);
}

Status check_rotatable(const KeyRow& key, int64_t now_s)
{
  if (!key.replaced_by.empty()) {
    return fail(ErrorCode::invalid_request,
                "key " + key.id + " was already rotated; rotate its successor " + key.replaced_by);
  }
  if (!key_usable(key, now_s)) {
    return fail(ErrorCode::invalid_request,
                "key " + key.id + " is revoked or expired; create a new key instead");
  }
  return {};
}

KeySpec spec_of(const KeyRow& key)
{
  return {key.name, key.user_id, key.allowed_models, key.expires_at, key.rpm, key.tpm};
}

} // namespace

Result<KeyRow> revoke_key(store::Database& db, std::string_view id_or_prefix)
{
  TKR_TRY_ASSIGN(KeyRow key, existing_key(db, id_or_prefix));
  TKR_TRY_ASSIGN(auto st, db.prepare("UPDATE api_keys SET revoked = 1 WHERE id = ?1"));
  st.bind(1, key.id);
  TKR_TRY(st.run());
  key.revoked = true;
  return key;
}

Result<Rotation>
rotate_key(store::Database& db, std::string_view id_or_prefix, int64_t grace_s, int64_t now_s)
{
  if (grace_s < 0) {
    return fail(ErrorCode::invalid_request, "the grace period cannot be negative");
  }
  TKR_TRY_ASSIGN(auto transaction, store::Transaction::begin(db));
  TKR_TRY_ASSIGN(KeyRow old, existing_key(db, id_or_prefix));
  TKR_TRY(check_rotatable(old, now_s));
  TKR_TRY_ASSIGN(NewKey key, create_key(db, spec_of(old), now_s));
  TKR_TRY_ASSIGN(auto st,
                 db.prepare("UPDATE api_keys SET revoke_at = ?2, "
                            "replaced_by = ?3 WHERE id = ?1"));
  st.bind_all(old.id, now_s + grace_s, key.id);
  TKR_TRY(st.run());
  TKR_TRY(transaction.commit());
  old.revoke_at = now_s + grace_s;
  old.replaced_by = key.id;
  return Rotation{std::move(key), std::move(old)};
}

} // namespace tokenrouter::auth
