#include "core/admin/key_json.hpp"

namespace tokenrouter::admin {

namespace {

Json nullable(const std::optional<int64_t>& value)
{
  return value ? Json(*value) : Json(nullptr);
}

Json nullable(const std::string& text)
{
  return text.empty() ? Json(nullptr) : Json(text);
}

} // namespace

Json key_json(const auth::KeyRow& key, int64_t now_s)
{
  return {{"id", key.id},
          {"prefix", key.prefix},
          {"name", key.name},
          {"user", nullable(key.user_id)},
          {"plan", nullable(key.plan)},
          {"models", key.allowed_models},
          {"expires_at", nullable(key.expires_at)},
          {"rpm", nullable(key.rpm)},
          {"tpm", nullable(key.tpm)},
          {"effective_rpm", auth::effective_rpm(key)},
          {"effective_tpm", auth::effective_tpm(key)},
          {"revoked", key.revoked},
          {"revoke_at", nullable(key.revoke_at)},
          {"replaced_by", nullable(key.replaced_by)},
          {"active", auth::key_usable(key, now_s)},
          {"created_at", key.created_at},
          {"last_used_at", nullable(key.last_used_at)}};
}

} // namespace tokenrouter::admin
