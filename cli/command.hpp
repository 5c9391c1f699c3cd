#pragma once
// How a command plugs in: its setup function adds a CLI11 subcommand whose callback chooses an
// Action; run_cli runs the chosen action once parsing succeeded and prints its result.

#include <functional>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "cli/output/printer.hpp"

namespace tokenrouter::cli {

struct Action {
  std::function<Result<Json>()> run;
  HumanRenderer human;
};

struct Registry {
  Context& context;
  std::optional<Action> chosen;
  int gate_exit_code = 0; // set to 3 by an action whose CI gate failed
};

// One per file in cli/commands/.
void setup_status(CLI::App& app, Registry& registry);
void setup_config(CLI::App& app, Registry& registry);
void setup_keys(CLI::App& app, Registry& registry);
void setup_users(CLI::App& app, Registry& registry);
void setup_plans(CLI::App& app, Registry& registry);
void setup_quota(CLI::App& app, Registry& registry);
void setup_pricing(CLI::App& app, Registry& registry);
void setup_usage(CLI::App& app, Registry& registry);
void setup_cache(CLI::App& app, Registry& registry);
void setup_completions(CLI::App& app, Registry& registry);
void setup_version(CLI::App& app, Registry& registry);
void setup_upstreams(CLI::App& app, Registry& registry);
void setup_strategy(CLI::App& app, Registry& registry);
void setup_replay(CLI::App& app, Registry& registry);
void setup_cassette(CLI::App& app, Registry& registry);
void setup_exec(CLI::App& app, Registry& registry); // exec and env

// Helper for the common case: `sub` runs admin op `op` with the arguments `args()` builds.
void bind_op(CLI::App* sub,
             Registry& registry,
             std::string op,
             std::function<Json()> args,
             HumanRenderer human);

} // namespace tokenrouter::cli
