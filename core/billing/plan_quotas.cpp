#include "core/billing/plan_quotas.hpp"

#include <optional>
#include <vector>

#include "core/billing/quota_store.hpp"

namespace tokenrouter::billing {

namespace {

struct Membership {
  std::string plan;
  std::optional<int64_t> plan_tokens; // the plan's monthly_token_quota
  std::optional<int64_t> quota_id;    // the user's monthly quota, if any
  std::string origin;                 // ... and who set it
  std::optional<int64_t> limit_tokens;
};

Result<std::optional<Membership>> membership(store::Database& db, const std::string& user_id)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "SELECT u.plan, p.monthly_token_quota, q.id, q.origin, q.limit_tokens "
      "FROM users u LEFT JOIN plans p ON p.name = u.plan "
      "LEFT JOIN quotas q ON q.scope = 'user' AND q.subject_id = u.id AND q.period = 'month' "
      "WHERE u.id = ?1"));
  st.bind(1, user_id);
  TKR_TRY_ASSIGN(const bool row, st.step());
  if (!row) {
    return std::optional<Membership>{};
  }
  return Membership{st.column_text(0), st.column_optional_int64(1), st.column_optional_int64(2),
                    st.column_text(3), st.column_optional_int64(4)};
}

} // namespace

Status sync_user_plan_quota(store::Database& db, const std::string& user_id, int64_t now_ms)
{
  TKR_TRY_ASSIGN(const auto found, membership(db, user_id));
  if (!found || (found->quota_id && found->origin != "plan")) {
    return {}; // no such user, or an admin's own monthly quota: the plan stays out of it
  }
  const auto& m = *found;
  if (!m.plan_tokens) {
    return m.quota_id ? delete_quota(db, *m.quota_id) : Status{};
  }
  if (m.quota_id && m.limit_tokens == m.plan_tokens) {
    return {};
  }
  QuotaSpec spec;
  spec.scope = "user";
  spec.subject_id = user_id;
  spec.period = QuotaPeriod::month;
  spec.limits.tokens = m.plan_tokens;
  spec.origin = "plan";
  TKR_TRY(set_quota(db, spec, "plan:" + m.plan, now_ms));
  return {};
}

Status sync_plan_quotas(store::Database& db, const std::string& plan, int64_t now_ms)
{
  std::vector<std::string> members;
  {
    TKR_TRY_ASSIGN(auto st, db.prepare("SELECT id FROM users WHERE plan = ?1 ORDER BY id"));
    st.bind(1, plan);
    while (true) {
      TKR_TRY_ASSIGN(const bool row, st.step());
      if (!row) {
        break;
      }
      members.push_back(st.column_text(0));
    }
  }
  for (const auto& user_id : members) {
    TKR_TRY(sync_user_plan_quota(db, user_id, now_ms));
  }
  return {};
}

} // namespace tokenrouter::billing
