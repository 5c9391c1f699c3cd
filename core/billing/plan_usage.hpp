#pragma once
// How full the quotas are, per plan: for metrics (tokenrouter_quota_usage_percent{plan}).

#include <string>
#include <vector>

#include "core/store/database.hpp"

namespace tokenrouter::billing {

struct PlanUsage {
  std::string plan;        // the plan of the quota's user (or the key's user); "none" without one
  double max_percent = 0;  // the fullest quota of the plan: used / limit × 100, over every limit
};

// Quotas whose period has passed count as empty. Plans without a limited quota are absent.
[[nodiscard]] Result<std::vector<PlanUsage>> quota_usage_by_plan(store::Database& db, int64_t now_ms);

} // namespace tokenrouter::billing
