// tokenrouter users create | list | show | set-plan: who owns keys (admin ops
// users.*).
#include "cli/command.hpp"
#include "cli/output/table.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::cli {

namespace {

struct CreateOptions {
  std::string email;
  std::string name;
  std::string plan = "free";
};

std::string text(const Json& value)
{
  return value.is_string() ? value.get<std::string>() : value.is_null() ? "-" : value.dump();
}

void render_user(const Json& user, std::ostream& out)
{
  Table table({"", ""});
  table.add_row({"id", text(user["id"])});
  table.add_row({"email", text(user["email"])});
  table.add_row({"name", text(user["name"])});
  table.add_row({"plan", text(user["plan"])});
  table.add_row({"created", util::format_iso8601(user["created_at"].get<int64_t>())});
  if (user.contains("keys")) {
    std::string keys;
    for (const auto& key : user["keys"]) {
      keys += (keys.empty() ? "" : ", ") + text(key["id"]) + " (" + text(key["name"])
              + (key["active"].get<bool>() ? "" : ", inactive") + ")";
    }
    table.add_row({"keys", keys.empty() ? "none" : keys});
  }
  table.print(out, false);
}

void render_list(const Json& r, std::ostream& out)
{
  Table table({"ID", "EMAIL", "NAME", "PLAN", "CREATED"});
  for (const auto& user : r["users"]) {
    table.add_row({text(user["id"]),
                   text(user["email"]),
                   text(user["name"]),
                   text(user["plan"]),
                   util::format_iso8601(user["created_at"].get<int64_t>())});
  }
  table.print(out, use_color());
}

void setup_create(CLI::App* users, Registry& registry)
{
  auto options = std::make_shared<CreateOptions>();
  auto* create =
      users->add_subcommand("create", "Create a user (keys created with --user belong to it)");
  create->add_option("--email", options->email, "Email address (unique)")->required();
  create->add_option("--name", options->name, "Display name");
  create->add_option("--plan", options->plan, "Plan: free, pro, enterprise or a custom one")
      ->capture_default_str();
  bind_op(
      create,
      registry,
      "users.create",
      [options] {
        return Json{{"email", options->email}, {"name", options->name}, {"plan", options->plan}};
      },
      render_user);
}

void setup_show(CLI::App* users, Registry& registry)
{
  auto id = std::make_shared<std::string>();
  auto* show = users->add_subcommand("show", "Show a user, its plan and its keys");
  show->add_option("user", *id, "User id or email")->required();
  bind_op(
      show,
      registry,
      "users.show",
      [id] {
        return Json{{"id", *id}};
      },
      render_user);
}

void setup_set_plan(CLI::App* users, Registry& registry)
{
  auto id = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  auto* set_plan = users->add_subcommand(
      "set-plan", "Move a user to another plan (its keys follow within a second)");
  set_plan->add_option("user", *id, "User id or email")->required();
  set_plan->add_option("plan", *plan, "Plan name")->required();
  bind_op(
      set_plan,
      registry,
      "users.set-plan",
      [id, plan] {
        return Json{{"id", *id}, {"plan", *plan}};
      },
      render_user);
}

} // namespace

void setup_users(CLI::App& app, Registry& registry)
{
  auto* users = app.add_subcommand("users", "Create, list and show users; change their plan");
  users->require_subcommand(1);
  setup_create(users, registry);
  auto* list = users->add_subcommand("list", "List users");
  bind_op(
      list, registry, "users.list", [] { return Json::object(); }, render_list);
  setup_show(users, registry);
  setup_set_plan(users, registry);
}

} // namespace tokenrouter::cli
