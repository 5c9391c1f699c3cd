#pragma once
// A plan's monthly_token_quota is every member's own monthly token quota: a user-scope `month`
// quota row with origin 'plan', kept in step when a user joins a plan (users create / set-plan)
// and when the plan changes (plans set). A monthly user quota set by an admin (`quota set`,
// origin 'admin') wins: a plan never changes or removes it. Once a row exists, the daemon
// enforces it like any other quota (it notices the change within a second).

#include <string>

#include "core/store/database.hpp"

namespace tokenrouter::billing {

// Brings user `user_id`'s plan quota in step with its plan.
[[nodiscard]] Status sync_user_plan_quota(store::Database& db, const std::string& user_id,
                                          int64_t now_ms);
// The same for every member of `plan`.
[[nodiscard]] Status sync_plan_quotas(store::Database& db, const std::string& plan, int64_t now_ms);

} // namespace tokenrouter::billing
