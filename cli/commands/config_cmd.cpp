// tokenrouter config init | show | check.
#include <filesystem>
#include <fstream>

#include "cli/command.hpp"
#include "core/config/loader.hpp"
#include "core/config/paths.hpp"
#include "core/config/show.hpp"

namespace tokenrouter::cli {

namespace {

std::optional<std::string> flag_of(const Context& context)
{
  return context.options.config.empty() ? std::nullopt : std::optional(context.options.config);
}

Result<std::string> target_path(Context& context)
{
  auto location = config::resolve_config_path(flag_of(context), config::process_env());
  if (location.path.empty()) {
    return fail(ErrorCode::config, "no place for a config file: set HOME or pass --config FILE");
  }
  return location.path;
}

Result<Json> init(Context& context, bool force)
{
  TKR_TRY_ASSIGN(std::string path, target_path(context));
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec) && !force) {
    return fail(ErrorCode::invalid_request, path + " already exists (use --force to overwrite)");
  }
  fs::create_directories(fs::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::trunc);
  out << config::default_config_text();
  if (!out.flush()) {
    return fail(ErrorCode::config, "cannot write " + path);
  }
  return Json{{"path", path}, {"written", true}};
}

Result<Json> check(Context& context, const std::string& file)
{
  std::string path = file;
  if (path.empty()) {
    auto location = config::resolve_config_path(flag_of(context), config::process_env());
    namespace fs = std::filesystem;
    std::error_code ec;
    if (location.path.empty() || (!location.given && !fs::exists(location.path, ec))) {
      return Json{{"path", nullptr}, {"valid", true}, {"note", "no config file: built-in defaults"}};
    }
    path = location.path;
  }
  TKR_TRY(config::load_config_file(path));
  return Json{{"path", path}, {"valid", true}};
}

} // namespace

void setup_config(CLI::App& app, Registry& registry)
{
  auto* cfg = app.add_subcommand("config", "Write, show or check the configuration");
  cfg->require_subcommand(1);

  auto force = std::make_shared<bool>(false);
  auto* init_cmd = cfg->add_subcommand("init", "Write a commented default config file");
  init_cmd->add_flag("--force", *force, "Overwrite an existing file");
  init_cmd->callback([&registry, force] {
    registry.chosen = Action{[&registry, force] { return init(registry.context, *force); },
                             [](const Json& r, std::ostream& out) {
                               out << "wrote " << r["path"].get<std::string>() << '\n';
                             }};
  });

  auto* show = cfg->add_subcommand("show", "Print the effective configuration (secrets masked)");
  show->callback([&registry] {
    registry.chosen = Action{[&registry]() -> Result<Json> {
                               TKR_TRY_ASSIGN(const config::Config* c, registry.context.config());
                               return config::config_to_json(*c);
                             },
                             nullptr};
  });

  auto file = std::make_shared<std::string>();
  auto* check_cmd = cfg->add_subcommand("check", "Validate a config file (default: the one in use)");
  check_cmd->add_option("file", *file, "The file to check");
  check_cmd->callback([&registry, file] {
    registry.chosen = Action{[&registry, file] { return check(registry.context, *file); },
                             [](const Json& r, std::ostream& out) {
                               out << (r["path"].is_null() ? std::string("built-in defaults")
                                                           : r["path"].get<std::string>())
                                   << ": ok\n";
                             }};
  });
}

} // namespace tokenrouter::cli
