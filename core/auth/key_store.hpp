#pragma once
// Virtual keys in the store. A key is `tr-` + 40 base62 characters from OpenSSL's CSPRNG; only
// its SHA-256 and an 8-character display prefix are stored, the secret is shown once.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::auth {

struct KeySpec {
  std::string name;
  std::string user_id;                     // "" = no owner
  std::vector<std::string> allowed_models; // globs; empty = all
  std::optional<int64_t> expires_at;       // unix s
  std::optional<int64_t> rpm;
  std::optional<int64_t> tpm;
};

struct KeyRow {
  std::string id;
  std::string prefix;
  std::string name;
  std::string user_id;
  std::string plan;                        // the owner's plan, "" without owner
  std::vector<std::string> allowed_models;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> rpm;              // the key's own limits (NULL = the plan's)
  std::optional<int64_t> tpm;
  bool revoked = false;
  std::optional<int64_t> revoke_at;        // rotation grace end
  int64_t created_at = 0;
  std::optional<int64_t> last_used_at;
  std::string replaced_by;                 // "" unless rotated
  std::string key_hash;                    // SHA-256 of the secret, raw 32 bytes
  // The owner's plan (none without an owner: a key without a user has only its own limits).
  std::optional<int64_t> plan_rpm;
  std::optional<int64_t> plan_tpm;
  int64_t price_multiplier_ppm = 1'000'000;
};

struct NewKey {
  std::string id;
  std::string secret;                      // shown once, never stored
  std::string prefix;
};

constexpr size_t k_key_random_chars = 40;

// A fresh secret: "tr-" + k_key_random_chars base62 characters.
std::string generate_key_secret();

[[nodiscard]] Result<NewKey> create_key(store::Database& db, const KeySpec& spec, int64_t now_s);
[[nodiscard]] Result<std::optional<KeyRow>> find_key_by_secret(store::Database& db,
                                                               std::string_view secret);
[[nodiscard]] Result<std::vector<KeyRow>> list_keys(store::Database& db);
[[nodiscard]] Result<int64_t> count_keys(store::Database& db);

// A key by its id, or by its display prefix when exactly one key has it; nullopt = none.
[[nodiscard]] Result<std::optional<KeyRow>> find_key(store::Database& db,
                                                     std::string_view id_or_prefix);
// The keys owned by `user_id`.
[[nodiscard]] Result<std::vector<KeyRow>> list_user_keys(store::Database& db,
                                                         std::string_view user_id);

// True when the key may be used at `now_s` (not revoked, not expired, rotation grace running).
bool key_usable(const KeyRow& key, int64_t now_s);

// True when `secret` hashes to `key_hash`, compared in constant time. This comparison decides
// authentication; the hash index only finds the candidate row.
bool secret_matches(std::string_view key_hash, std::string_view secret);

// The effective limits: the key's own, else its owner's plan's, else 0 (unlimited).
int64_t effective_rpm(const KeyRow& key);
int64_t effective_tpm(const KeyRow& key);

} // namespace tokenrouter::auth
