#include "cli/run_cli.hpp"

#include "cli/command.hpp"
#include "cli/exit_code.hpp"

namespace tokenrouter::cli {

void bind_op(CLI::App* sub,
             Registry& registry,
             std::string op,
             std::function<Json()> args,
             HumanRenderer human)
{
  sub->callback([&registry, op = std::move(op), args = std::move(args), human = std::move(human)] {
    registry.chosen = Action{[&registry, op, args] { return registry.context.call(op, args()); },
                             human};
  });
}

namespace {

void add_global_options(CLI::App& app, GlobalOptions& options)
{
  app.add_option("--config", options.config, "Config file (default: $TOKENROUTER_CONFIG, "
                                             "then $XDG_CONFIG_HOME/tokenrouter/config.toml)");
  app.add_option("--db", options.db, "Database file (default: $TOKENROUTER_DB, [store].path, "
                                     "then $XDG_DATA_HOME/tokenrouter/tokenrouter.db)");
  app.add_option("--server", options.server, "Use the daemon's admin API at URL instead of the local database");
  app.add_option("--admin-key", options.admin_key, "Admin key for --server (default: $TOKENROUTER_ADMIN_KEY)");
  app.add_flag("--json", options.json, "Print the result as JSON");
}

} // namespace

int run_cli(int argc, char** argv)
{
  Context context;
  Registry registry{context, std::nullopt, 0};
  CLI::App app{"tokenrouter: the CLI of the tokenrouter LLM gateway", "tokenrouter"};
  app.require_subcommand(1);
  app.fallthrough();
  add_global_options(app, context.options);
  setup_status(app, registry);
  setup_config(app, registry);
  setup_keys(app, registry);
  setup_users(app, registry);
  setup_plans(app, registry);
  setup_quota(app, registry);
  setup_pricing(app, registry);
  setup_usage(app, registry);
  setup_cache(app, registry);
  setup_upstreams(app, registry);
  setup_strategy(app, registry);
  setup_completions(app, registry);
  setup_exec(app, registry);
  setup_version(app, registry);
  setup_replay(app, registry);
  setup_cassette(app, registry);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : k_exit_usage;
  }
  if (!registry.chosen) {
    return k_exit_ok; // e.g. `completions` printed directly
  }
  auto result = registry.chosen->run();
  if (!result) {
    print_error(std::string(to_string(result.error().code)), result.error().message,
                context.options.json);
    return exit_code_for(result.error().code);
  }
  print_result(*result, context.options.json, registry.chosen->human);
  return registry.gate_exit_code;
}

} // namespace tokenrouter::cli
