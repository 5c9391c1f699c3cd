#include "core/auth/user_store.hpp"

#include "core/auth/plan_store.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::auth {

namespace {

constexpr std::string_view k_select_user =
    "SELECT id, COALESCE(email, ''), name, plan, created_at FROM users";

UserRow read_user(const store::Statement& st)
{
  return {st.column_text(0),
          st.column_text(1),
          st.column_text(2),
          st.column_text(3),
          st.column_int64(4)};
}

Status check_email(store::Database& db, std::string_view email)
{
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) {
    return fail(ErrorCode::invalid_request,
                "email: '" + std::string(email) + "' is not an email address");
  }
  TKR_TRY_ASSIGN(auto existing, find_user(db, email));
  if (existing) {
    return fail(ErrorCode::invalid_request,
                "a user with email " + std::string(email) + " already exists (" + existing->id
                    + ")");
  }
  return {};
}

} // namespace

Result<UserRow> create_user(store::Database& db, const UserSpec& spec, int64_t now_s)
{
  TKR_TRY(check_email(db, spec.email));
  TKR_TRY(require_plan(db, spec.plan));
  UserRow user{"usr_" + util::random_hex(6), spec.email, spec.name, spec.plan, now_s};
  TKR_TRY_ASSIGN(auto st,
                 db.prepare("INSERT INTO users (id, email, name, plan, "
                            "created_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  st.bind_all(user.id, user.email, user.name, user.plan, user.created_at);
  TKR_TRY(st.run());
  return user;
}

Result<std::vector<UserRow>> list_users(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_user) + " ORDER BY created_at, id"));
  std::vector<UserRow> users;
  while (true) {
    TKR_TRY_ASSIGN(bool found, st.step());
    if (!found) {
      return users;
    }
    users.push_back(read_user(st));
  }
}

Result<std::optional<UserRow>> find_user(store::Database& db, std::string_view id_or_email)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select_user) + " WHERE id = ?1 OR email = ?1"));
  st.bind(1, id_or_email);
  TKR_TRY_ASSIGN(bool found, st.step());
  return found ? std::optional<UserRow>(read_user(st)) : std::nullopt;
}

Result<UserRow> require_user(store::Database& db, std::string_view id_or_email)
{
  TKR_TRY_ASSIGN(auto user, find_user(db, id_or_email));
  if (!user) {
    return fail(ErrorCode::not_found, "no user " + std::string(id_or_email));
  }
  return std::move(*user);
}

Result<UserRow>
set_user_plan(store::Database& db, std::string_view id_or_email, std::string_view plan)
{
  TKR_TRY_ASSIGN(UserRow user, require_user(db, id_or_email));
  TKR_TRY(require_plan(db, plan));
  TKR_TRY_ASSIGN(auto st, db.prepare("UPDATE users SET plan = ?2 WHERE id = ?1"));
  st.bind_all(user.id, plan);
  TKR_TRY(st.run());
  user.plan = std::string(plan);
  return user;
}

} // namespace tokenrouter::auth
