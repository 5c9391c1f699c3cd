#include "core/auth/key_store.hpp"

#include <nlohmann/json.hpp>

#include "core/util/crypto.hpp"

namespace tokenrouter::auth {

namespace {

constexpr std::string_view k_select_key = R"sql(
SELECT k.id, k.prefix, k.name, COALESCE(k.user_id, ''), COALESCE(u.plan, ''), k.allowed_models,
       k.expires_at, k.rpm, k.tpm, k.revoked, k.revoke_at, k.created_at, k.last_used_at,
       COALESCE(k.replaced_by, ''), k.key_hash, p.rpm, p.tpm,
       COALESCE(p.price_multiplier_ppm, 1000000)
FROM api_keys k LEFT JOIN users u ON u.id = k.user_id LEFT JOIN plans p ON p.name = u.plan)sql";

std::vector<std::string> models_from_json(const std::optional<std::string>& text)
{
  std::vector<std::string> out;
  if (!text) {
    return out;
  }
  auto parsed = nlohmann::json::parse(*text, nullptr, false);
  if (parsed.is_array()) {
    for (const auto& item : parsed) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      }
    }
  }
  return out;
}

KeyRow read_key(const store::Statement& st)
{
  KeyRow row;
  row.id = st.column_text(0);
  row.prefix = st.column_text(1);
  row.name = st.column_text(2);
  row.user_id = st.column_text(3);
  row.plan = st.column_text(4);
  row.allowed_models = models_from_json(st.column_optional_text(5));
  row.expires_at = st.column_optional_int64(6);
  row.rpm = st.column_optional_int64(7);
  row.tpm = st.column_optional_int64(8);
  row.revoked = st.column_int64(9) != 0;
  row.revoke_at = st.column_optional_int64(10);
  row.created_at = st.column_int64(11);
  row.last_used_at = st.column_optional_int64(12);
  row.replaced_by = st.column_text(13);
  row.key_hash = st.column_blob(14);
  row.plan_rpm = st.column_optional_int64(15);
  row.plan_tpm = st.column_optional_int64(16);
  row.price_multiplier_ppm = st.column_int64(17);
  return row;
}

Result<std::vector<KeyRow>> read_all(store::Statement& st)
{
  std::vector<KeyRow> rows;
  while (true) {
    TKR_TRY_ASSIGN(bool found, st.step());
    if (!found) {
      return rows;
    }
    rows.push_back(read_key(st));
  }
}

} // namespace

std::string generate_key_secret()
{
  return "tr-" + util::random_base62(k_key_random_chars);
}

Result<NewKey> create_key(store::Database& db, const KeySpec& spec, int64_t now_s)
{
  NewKey key;
  key.secret = generate_key_secret();
  key.prefix = key.secret.substr(0, 8);
  key.id = "key_" + util::random_hex(8);
  std::optional<std::string> models;
  if (!spec.allowed_models.empty()) {
    models = nlohmann::json(spec.allowed_models).dump();
  }
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "INSERT INTO api_keys (id, key_hash, prefix, name, user_id, allowed_models, expires_at, "
      "rpm, tpm, created_at) VALUES (?1, ?2, ?3, ?4, NULLIF(?5, ''), ?6, ?7, ?8, ?9, ?10)"));
  st.bind(1, key.id).bind_blob(2, util::sha256_raw(key.secret)).bind(3, key.prefix);
  st.bind(4, spec.name).bind(5, spec.user_id);
  if (models) {
    st.bind(6, *models);
  } else {
    st.bind(6, nullptr);
  }
  st.bind(7, spec.expires_at).bind(8, spec.rpm).bind(9, spec.tpm).bind(10, now_s);
  TKR_TRY(st.run());
  return key;
}

Result<std::optional<KeyRow>> find_key_by_secret(store::Database& db, std::string_view secret)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_key) + " WHERE k.key_hash = ?1"));
  st.bind_blob(1, util::sha256_raw(secret));
  TKR_TRY_ASSIGN(bool found, st.step());
  if (!found) {
    return std::optional<KeyRow>{};
  }
  return std::optional<KeyRow>{read_key(st)};
}

Result<std::vector<KeyRow>> list_keys(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_key) + " ORDER BY k.created_at, k.id"));
  return read_all(st);
}

Result<std::vector<KeyRow>> list_user_keys(store::Database& db, std::string_view user_id)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_key)
                                     + " WHERE k.user_id = ?1 ORDER BY k.created_at, k.id"));
  st.bind(1, user_id);
  return read_all(st);
}

Result<std::optional<KeyRow>> find_key(store::Database& db, std::string_view id_or_prefix)
{
  TKR_TRY_ASSIGN(auto st,
                 db.prepare(std::string(k_select_key)
                            + " WHERE k.id = ?1 OR k.prefix = ?1 ORDER BY k.id = ?1 DESC"));
  st.bind(1, id_or_prefix);
  TKR_TRY_ASSIGN(auto rows, read_all(st));
  // An id always wins; a prefix must be unambiguous.
  if (rows.empty() || (rows.size() > 1 && rows.front().id != id_or_prefix)) {
    return std::optional<KeyRow>{};
  }
  return std::optional<KeyRow>{std::move(rows.front())};
}

Result<int64_t> count_keys(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("SELECT count(*) FROM api_keys"));
  TKR_TRY(st.step());
  return st.column_int64(0);
}

bool key_usable(const KeyRow& key, int64_t now_s)
{
  if (key.revoked) {
    return false;
  }
  if (key.revoke_at && now_s >= *key.revoke_at) {
    return false;
  }
  return !(key.expires_at && now_s >= *key.expires_at);
}

bool secret_matches(std::string_view key_hash, std::string_view secret)
{
  return util::constant_time_equal(key_hash, util::sha256_raw(secret));
}

int64_t effective_rpm(const KeyRow& key)
{
  return key.rpm.value_or(key.plan_rpm.value_or(0));
}

int64_t effective_tpm(const KeyRow& key)
{
  return key.tpm.value_or(key.plan_tpm.value_or(0));
}

} // namespace tokenrouter::auth
