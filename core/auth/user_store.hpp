#pragma once
// Users: who owns keys, and which plan's defaults their keys get.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::auth {

struct UserRow {
  std::string id; // "usr_" + 12 hex characters
  std::string email;
  std::string name;
  std::string plan;
  int64_t created_at = 0;
};

struct UserSpec {
  std::string email;
  std::string name;
  std::string plan = "free";
};

// invalid_request for a malformed or already used email; not_found for an
// unknown plan.
[[nodiscard]] Result<UserRow> create_user(store::Database& db, const UserSpec& spec, int64_t now_s);
[[nodiscard]] Result<std::vector<UserRow>> list_users(store::Database& db);
// A user by id or by email; nullopt = none.
[[nodiscard]] Result<std::optional<UserRow>> find_user(store::Database& db,
                                                       std::string_view id_or_email);
// The user, or not_found naming what was asked.
[[nodiscard]] Result<UserRow> require_user(store::Database& db, std::string_view id_or_email);
[[nodiscard]] Result<UserRow>
set_user_plan(store::Database& db, std::string_view id_or_email, std::string_view plan);

} // namespace tokenrouter::auth
