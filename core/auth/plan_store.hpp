#pragma once
// Plans: named defaults a user inherits (monthly token quota, requests and
// tokens per minute, price multiplier). `free`, `pro` and `enterprise` are
// seeded by schema/0001_initial.sql.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::auth {

struct PlanRow {
  std::string name;
  std::optional<int64_t> monthly_token_quota; // nullopt = unlimited
  std::optional<int64_t> rpm;
  std::optional<int64_t> tpm;
  int64_t price_multiplier_ppm = 1'000'000; // ×1.0
};

// A change to a plan: an absent field stays; a present nullopt sets
// "unlimited".
struct PlanChange {
  std::optional<std::optional<int64_t>> monthly_token_quota;
  std::optional<std::optional<int64_t>> rpm;
  std::optional<std::optional<int64_t>> tpm;
  std::optional<int64_t> price_multiplier_ppm;
};

[[nodiscard]] Result<std::vector<PlanRow>> list_plans(store::Database& db);
[[nodiscard]] Result<std::optional<PlanRow>> find_plan(store::Database& db, std::string_view name);
// not_found for an unknown plan (naming the known ones); invalid_request for
// negative values.
[[nodiscard]] Result<PlanRow>
update_plan(store::Database& db, std::string_view name, const PlanChange& change);
// not_found naming the known plans unless `name` is one.
[[nodiscard]] Status require_plan(store::Database& db, std::string_view name);

} // namespace tokenrouter::auth
