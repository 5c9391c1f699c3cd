#pragma once
// What happens to a virtual key after it is created: revocation and rotation.
// Both are plain database writes; the daemon's authenticator sees them within
// its one-second cache.

#include <cstdint>
#include <string_view>

#include "core/auth/key_store.hpp"

namespace tokenrouter::auth {

// How long a rotated key keeps working unless told otherwise: a day, so every
// client of the old secret can be updated before it stops.
constexpr int64_t k_default_rotation_grace_s = 24 * 60 * 60;

// Revokes the key now (idempotent). not_found when no key has that id (or
// unique prefix).
[[nodiscard]] Result<KeyRow> revoke_key(store::Database& db, std::string_view id_or_prefix);

struct Rotation {
  NewKey key; // the successor; its secret is shown once
  KeyRow old; // the rotated key as it is now (revoke_at, replaced_by set)
};

// Issues a new secret as a new key with the same settings (name, owner, models,
// expiry, limits); the old key stays valid for `grace_s` seconds (0 = stops
// now) and names its successor. A revoked, expired or already rotated key
// cannot be rotated (invalid_request).
[[nodiscard]] Result<Rotation>
rotate_key(store::Database& db, std::string_view id_or_prefix, int64_t grace_s, int64_t now_s);

} // namespace tokenrouter::auth
