// tokenrouter plans list | set: the defaults users inherit (admin ops plans.*).
#include "cli/command.hpp"
#include "cli/output/table.hpp"

namespace tokenrouter::cli {

namespace {

// Options are text so that "unlimited" can clear a limit; the admin op
// validates them.
struct SetOptions {
  std::string name;
  std::optional<std::string> quota_tokens;
  std::optional<std::string> rpm;
  std::optional<std::string> tpm;
  std::optional<std::string> price_multiplier;
};

std::string limit(const Json& value)
{
  return value.is_null() ? "unlimited" : value.dump();
}

std::string multiplier(const Json& plan)
{
  return "x" + plan["price_multiplier"].dump();
}

void render_list(const Json& r, std::ostream& out)
{
  Table table({"PLAN", "TOKENS/MONTH", "REQ/MIN", "TOKENS/MIN", "PRICE"});
  for (const auto& plan : r["plans"]) {
    table.add_row({plan["name"].get<std::string>(),
                   limit(plan["monthly_token_quota"]),
                   limit(plan["rpm"]),
                   limit(plan["tpm"]),
                   multiplier(plan)});
  }
  table.print(out, use_color());
}

void render_set(const Json& plan, std::ostream& out)
{
  out << "Plan " << plan["name"].get<std::string>() << ": " << limit(plan["monthly_token_quota"])
      << " tokens/month, " << limit(plan["rpm"]) << " requests/min, " << limit(plan["tpm"])
      << " tokens/min, price " << multiplier(plan) << ".\n";
}

Json set_args(const SetOptions& o)
{
  Json args{{"name", o.name}};
  const std::pair<const char*, const std::optional<std::string>*> fields[] = {
      {"quota_tokens", &o.quota_tokens},
      {"rpm", &o.rpm},
      {"tpm", &o.tpm},
      {"price_multiplier", &o.price_multiplier}};
  for (const auto& [field, value] : fields) {
    if (*value) {
      args[field] = **value;
    }
  }
  return args;
}

} // namespace

void setup_plans(CLI::App& app, Registry& registry)
{
  auto* plans = app.add_subcommand("plans", "List plans and change their defaults");
  plans->require_subcommand(1);
  auto* list = plans->add_subcommand(
      "list", "List plans: monthly token quota, rate limits, price multiplier");
  bind_op(
      list, registry, "plans.list", [] { return Json::object(); }, render_list);

  auto options = std::make_shared<SetOptions>();
  auto* set =
      plans->add_subcommand("set", "Change a plan's defaults (keys follow within a second)");
  set->add_option("plan", options->name, "Plan name")->required();
  set->add_option("--quota-tokens", options->quota_tokens, "Tokens per month, or 'unlimited'");
  set->add_option("--rpm", options->rpm, "Requests per minute per key, or 'unlimited'");
  set->add_option("--tpm", options->tpm, "Tokens per minute per key, or 'unlimited'");
  set->add_option(
      "--price-multiplier", options->price_multiplier, "Applied to list prices, e.g. 0.8");
  bind_op(
      set, registry, "plans.set", [options] { return set_args(*options); }, render_set);
}

} // namespace tokenrouter::cli
