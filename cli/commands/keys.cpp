// tokenrouter keys create | list: virtual keys (admin ops keys.*).
#include "cli/command.hpp"
#include "cli/output/table.hpp"
#include "core/util/strings.hpp"
#include "core/util/time_text.hpp"

#include <ctime>

namespace tokenrouter::cli {

namespace {

struct CreateOptions {
  std::string name;
  std::string user;
  std::string models;
  std::string expires;
  std::optional<int64_t> rpm;
  std::optional<int64_t> tpm;
};

Result<Json> create_args(const CreateOptions& o)
{
  Json args{{"name", o.name}};
  if (!o.user.empty()) {
    args["user"] = o.user;
  }
  if (!o.models.empty()) {
    args["models"] = util::split(o.models, ',');
  }
  if (!o.expires.empty()) {
    TKR_TRY_ASSIGN(int64_t at, util::parse_time_or_duration(o.expires, std::time(nullptr)));
    args["expires_at"] = at;
  }
  if (o.rpm) {
    args["rpm"] = *o.rpm;
  }
  if (o.tpm) {
    args["tpm"] = *o.tpm;
  }
  return args;
}

void render_created(const Json& r, std::ostream& out)
{
  out << "Created key " << r["id"].get<std::string>() << " (" << r["name"].get<std::string>()
      << "). The secret is shown only this once:\n\n    " << r["key"].get<std::string>() << "\n\n";
}

std::string text_or_dash(const Json& value)
{
  return value.is_null() ? "-" : value.is_string() ? value.get<std::string>() : value.dump();
}

void render_list(const Json& r, std::ostream& out)
{
  Table table({"ID", "PREFIX", "NAME", "USER", "MODELS", "EXPIRES", "STATE"});
  for (const auto& key : r["keys"]) {
    std::string models;
    for (const auto& m : key["models"]) {
      models += (models.empty() ? "" : ",") + m.get<std::string>();
    }
    const std::string expires =
        key["expires_at"].is_null() ? "never" : util::format_iso8601(key["expires_at"].get<int64_t>());
    table.add_row({text_or_dash(key["id"]), text_or_dash(key["prefix"]), text_or_dash(key["name"]),
                   text_or_dash(key["user"]), models.empty() ? "all" : models, expires,
                   key["active"].get<bool>() ? "active" : key["revoked"].get<bool>() ? "revoked" : "expired"});
  }
  table.print(out, use_color());
}

} // namespace

void setup_keys(CLI::App& app, Registry& registry)
{
  auto* keys = app.add_subcommand("keys", "Create, list, show, revoke and rotate virtual keys");
  keys->require_subcommand(1);

  auto options = std::make_shared<CreateOptions>();
  auto* create = keys->add_subcommand("create", "Create a virtual key (the secret is printed once)");
  create->add_option("--name", options->name, "A name to recognise the key by")->required();
  create->add_option("--user", options->user, "Owner user id");
  create->add_option("--models", options->models, "Allowed models, comma-separated globs (default: all)");
  create->add_option("--expires", options->expires, "Expiry: a duration (90s, 12h, 30d) or a date (ISO-8601)");
  create->add_option("--rpm", options->rpm, "Requests per minute");
  create->add_option("--tpm", options->tpm, "Tokens per minute");
  create->callback([&registry, options] {
    registry.chosen = Action{[&registry, options]() -> Result<Json> {
                               TKR_TRY_ASSIGN(Json args, create_args(*options));
                               return registry.context.call("keys.create", args);
                             },
                             render_created};
  });

  auto* list = keys->add_subcommand("list", "List virtual keys (never their secrets)");
  bind_op(list, registry, "keys.list", [] { return Json::object(); }, render_list);
}

} // namespace tokenrouter::cli
