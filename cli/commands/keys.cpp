// tokenrouter keys create | list | show | revoke | rotate: virtual keys (admin
// ops keys.*).
#include "cli/command.hpp"
#include "cli/commands/quota_flags.hpp"
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
    const std::string expires = key["expires_at"].is_null()
                                    ? "never"
                                    : util::format_iso8601(key["expires_at"].get<int64_t>());
    table.add_row({text_or_dash(key["id"]),
                   text_or_dash(key["prefix"]),
                   text_or_dash(key["name"]),
                   text_or_dash(key["user"]),
                   models.empty() ? "all" : models,
                   expires,
                   key["active"].get<bool>()    ? "active"
                   : key["revoked"].get<bool>() ? "revoked"
                                                : "expired"});
  }
  table.print(out, use_color());
}

std::string time_or(const Json& value, const std::string& fallback)
{
  return value.is_number_integer() ? util::format_iso8601(value.get<int64_t>()) : fallback;
}

std::string limit_text(const Json& own, const Json& effective)
{
  const std::string value = effective.get<int64_t>() > 0 ? effective.dump() : "unlimited";
  return own.is_null() ? value + " (plan)" : value;
}

void render_show(const Json& key, std::ostream& out)
{
  std::string models;
  for (const auto& m : key["models"]) {
    models += (models.empty() ? "" : ",") + m.get<std::string>();
  }
  Table table({"", ""});
  table.add_row({"id", text_or_dash(key["id"])});
  table.add_row({"prefix", text_or_dash(key["prefix"])});
  table.add_row({"name", text_or_dash(key["name"])});
  table.add_row({"user",
                 text_or_dash(key["user"])
                     + (key["plan"].is_null() ? "" : " (plan " + text_or_dash(key["plan"]) + ")")});
  table.add_row({"models", models.empty() ? "all" : models});
  table.add_row({"requests/min", limit_text(key["rpm"], key["effective_rpm"])});
  table.add_row({"tokens/min", limit_text(key["tpm"], key["effective_tpm"])});
  table.add_row({"expires", time_or(key["expires_at"], "never")});
  table.add_row({"state",
                 key["active"].get<bool>()    ? "active"
                 : key["revoked"].get<bool>() ? "revoked"
                                              : "expired"});
  if (!key["replaced_by"].is_null()) {
    table.add_row(
        {"replaced by",
         text_or_dash(key["replaced_by"]) + ", valid until " + time_or(key["revoke_at"], "-")});
  }
  table.add_row({"created", time_or(key["created_at"], "-")});
  table.add_row({"last used", time_or(key["last_used_at"], "never")});
  table.print(out, false);
}

void render_revoked(const Json& key, std::ostream& out)
{
  out << "Revoked key " << key["id"].get<std::string>() << " (" << key["name"].get<std::string>()
      << "): the daemon refuses it within a second.\n";
}

void render_rotated(const Json& r, std::ostream& out)
{
  out << "Rotated key " << r["replaces"].get<std::string>() << " (" << r["name"].get<std::string>()
      << ") to " << r["id"].get<std::string>() << ". The old secret keeps working until "
      << util::format_iso8601(r["old_key_valid_until"].get<int64_t>())
      << ".\nThe new secret is shown only this once:\n\n    " << r["key"].get<std::string>()
      << "\n\n";
}

void setup_rotate(CLI::App* keys, Registry& registry)
{
  struct RotateOptions {
    std::string id;
    std::string grace = "24h";
  };

  auto options = std::make_shared<RotateOptions>();
  auto* rotate = keys->add_subcommand(
      "rotate", "Issue a new secret; the old one keeps working for a grace period");
  rotate->add_option("id", options->id, "Key id (or its display prefix)")->required();
  rotate
      ->add_option("--grace",
                   options->grace,
                   "How long the old secret keeps working: a duration such as "
                   "90s, 12h, 7d; 0s stops it now")
      ->capture_default_str();
  rotate->callback([&registry, options] {
    registry.chosen = Action{
        [&registry, options]() -> Result<Json> {
          TKR_TRY_ASSIGN(int64_t grace_s, util::parse_duration_s(options->grace));
          return registry.context.call("keys.rotate", {{"id", options->id}, {"grace_s", grace_s}});
        },
        render_rotated};
  });
}

// `keys show ID` and `keys revoke ID`: one positional id.
void setup_by_id(
    CLI::App* keys, Registry& registry, const char* verb, const char* help, HumanRenderer human)
{
  auto id = std::make_shared<std::string>();
  auto* sub = keys->add_subcommand(verb, help);
  sub->add_option("id", *id, "Key id (or its display prefix)")->required();
  bind_op(
      sub,
      registry,
      std::string("keys.") + verb,
      [id] {
        return Json{{"id", *id}};
      },
      std::move(human));
}

} // namespace

void setup_keys(CLI::App& app, Registry& registry)
{
  auto* keys = app.add_subcommand("keys", "Create, list, show, revoke and rotate virtual keys");
  keys->require_subcommand(1);

  auto options = std::make_shared<CreateOptions>();
  auto* create =
      keys->add_subcommand("create", "Create a virtual key (the secret is printed once)");
  create->add_option("--name", options->name, "A name to recognise the key by")->required();
  create->add_option("--user", options->user, "Owner user id");
  create->add_option(
      "--models", options->models, "Allowed models, comma-separated globs (default: all)");
  create->add_option(
      "--expires", options->expires, "Expiry: a duration (90s, 12h, 30d) or a date (ISO-8601)");
  create->add_option("--rpm", options->rpm, "Requests per minute");
  create->add_option("--tpm", options->tpm, "Tokens per minute");
  auto quota = std::make_shared<KeyQuotaFlags>();
  add_key_quota_flags(create, quota);
  create->callback([&registry, options, quota] {
    registry.chosen =
        Action{[&registry, options, quota]() -> Result<Json> {
                 TKR_TRY_ASSIGN(Json args, create_args(*options));
                 TKR_TRY_ASSIGN(Json created, registry.context.call("keys.create", args));
                 return apply_key_quota(registry.context, std::move(created), *quota);
               },
               render_created};
  });

  auto* list = keys->add_subcommand("list", "List virtual keys (never their secrets)");
  bind_op(
      list, registry, "keys.list", [] { return Json::object(); }, render_list);
  setup_by_id(
      keys, registry, "show", "Show one key: owner, models, limits, state, last use", render_show);
  setup_by_id(keys,
              registry,
              "revoke",
              "Revoke a key now (the daemon refuses it within a second)",
              render_revoked);
  setup_rotate(keys, registry);
}

} // namespace tokenrouter::cli
