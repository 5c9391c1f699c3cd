#include "core/auth/plan_store.hpp"

namespace tokenrouter::auth {

namespace {

constexpr std::string_view k_select_plan =
    "SELECT name, monthly_token_quota, rpm, tpm, price_multiplier_ppm FROM "
    "plans";

PlanRow read_plan(const store::Statement& st)
{
  return {st.column_text(0),
          st.column_optional_int64(1),
          st.column_optional_int64(2),
          st.column_optional_int64(3),
          st.column_int64(4)};
}

Status check_not_negative(const std::optional<std::optional<int64_t>>& value,
                          std::string_view field)
{
  if (value && *value && **value < 0) {
    return fail(ErrorCode::invalid_request, std::string(field) + " cannot be negative");
  }
  return {};
}

Status validate(const PlanChange& change)
{
  TKR_TRY(check_not_negative(change.monthly_token_quota, "quota_tokens"));
  TKR_TRY(check_not_negative(change.rpm, "rpm"));
  TKR_TRY(check_not_negative(change.tpm, "tpm"));
  if (change.price_multiplier_ppm && *change.price_multiplier_ppm < 0) {
    return fail(ErrorCode::invalid_request, "price_multiplier cannot be negative");
  }
  return {};
}

// Applies one nullable column when the change has it.
template <class T>
void apply(std::optional<T>& column, const std::optional<std::optional<T>>& value)
{
  if (value) {
    column = *value;
  }
}

} // namespace

Result<std::vector<PlanRow>> list_plans(store::Database& db)
{
  // The seeded plans in their natural order (free < pro < enterprise), then
  // custom ones.
  TKR_TRY_ASSIGN(auto st,
                 db.prepare(std::string(k_select_plan)
                            + " ORDER BY CASE name "
                              "WHEN 'free' THEN 0 WHEN 'pro' THEN 1 WHEN 'enterprise' THEN 2 "
                              "ELSE 3 END, name"));
  std::vector<PlanRow> plans;
  while (true) {
    TKR_TRY_ASSIGN(bool found, st.step());
    if (!found) {
      return plans;
    }
    plans.push_back(read_plan(st));
  }
}

Result<std::optional<PlanRow>> find_plan(store::Database& db, std::string_view name)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_plan) + " WHERE name = ?1"));
  st.bind(1, name);
  TKR_TRY_ASSIGN(bool found, st.step());
  return found ? std::optional<PlanRow>(read_plan(st)) : std::nullopt;
}

Status require_plan(store::Database& db, std::string_view name)
{
  TKR_TRY_ASSIGN(auto plan, find_plan(db, name));
  if (plan) {
    return {};
  }
  TKR_TRY_ASSIGN(auto plans, list_plans(db));
  std::string known;
  for (const auto& row : plans) {
    known += (known.empty() ? "" : ", ") + row.name;
  }
  return fail(ErrorCode::not_found, "no plan " + std::string(name) + " (plans: " + known + ")");
}

Result<PlanRow> update_plan(store::Database& db, std::string_view name, const PlanChange& change)
{
  TKR_TRY(validate(change));
  TKR_TRY(require_plan(db, name));
  TKR_TRY_ASSIGN(auto found, find_plan(db, name));
  PlanRow plan = std::move(*found);
  apply(plan.monthly_token_quota, change.monthly_token_quota);
  apply(plan.rpm, change.rpm);
  apply(plan.tpm, change.tpm);
  plan.price_multiplier_ppm = change.price_multiplier_ppm.value_or(plan.price_multiplier_ppm);
  TKR_TRY_ASSIGN(auto st,
                 db.prepare("UPDATE plans SET monthly_token_quota = ?2, rpm = ?3, tpm = ?4, "
                            "price_multiplier_ppm = ?5 WHERE name = ?1"));
  st.bind_all(plan.name, plan.monthly_token_quota, plan.rpm, plan.tpm, plan.price_multiplier_ppm);
  TKR_TRY(st.run());
  return plan;
}

} // namespace tokenrouter::auth
