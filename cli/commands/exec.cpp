// tokenrouter exec [--key K] [--start] -- COMMAND …: run an agent against the local daemon.
// tokenrouter env [--key K]: the same variables as `export` lines (or --json) for a shell.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>

#include <unistd.h>

#include "cli/agent_env.hpp"
#include "cli/command.hpp"
#include "cli/daemon_start.hpp"
#include "core/upstream/probe.hpp"

namespace tokenrouter::cli {

namespace {

struct AgentArgs {
  std::string key;
  bool start = false;
  std::vector<std::string> command;
};

Result<EnvVars> resolve_env(Context& context, const AgentArgs& args)
{
  TKR_TRY_ASSIGN(const config::Config* config, context.config());
  TKR_TRY_ASSIGN(std::string base_url, client_base_url(config->server.listen));
  TKR_TRY_ASSIGN(std::string key, resolve_agent_key(args.key, std::getenv("TOKENROUTER_KEY"), *config));
  return agent_env(base_url, key, std::getenv("ANTHROPIC_AUTH_TOKEN") != nullptr);
}

std::string state_dir()
{
  const char* xdg = std::getenv("XDG_STATE_HOME");
  if (xdg != nullptr && xdg[0] == '/') {
    return std::string(xdg) + "/tokenrouter";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : "/tmp") + "/.local/state/tokenrouter";
}

// --start: the daemon this CLI would talk to, with the same --config and --db.
Status ensure_daemon(Context& context, const std::string& base_url)
{
  if (upstream::probe_health(base_url, 1000)) {
    return {};
  }
  DaemonStart start;
  if (!context.options.config.empty()) {
    start.args = {"--config", context.options.config};
  }
  if (!context.options.db.empty()) {
    start.args.insert(start.args.end(), {"--db", context.options.db});
  }
  start.base_url = base_url;
  start.log_path = state_dir() + "/tokenrouterd.log";
  TKR_TRY_ASSIGN(const int pid, start_daemon(start));
  std::cerr << "tokenrouter: started tokenrouterd (pid " << pid << ") at " << base_url << ", log "
            << start.log_path << '\n';
  return {};
}

// Replaces this process with the command, so its exit status (or signal) is the caller's.
Result<Json> run_exec(Registry& registry, const AgentArgs& args)
{
  TKR_TRY_ASSIGN(EnvVars vars, resolve_env(registry.context, args));
  if (args.start) {
    TKR_TRY(ensure_daemon(registry.context, vars.front().second));
  }
  for (const auto& [name, value] : vars) {
    setenv(name.c_str(), value.c_str(), 1);
  }
  std::vector<char*> argv;
  for (const auto& word : args.command) {
    argv.push_back(const_cast<char*>(word.c_str()));
  }
  argv.push_back(nullptr);
  std::cout.flush();
  execvp(argv[0], argv.data());
  const int error = errno;
  registry.gate_exit_code = error == ENOENT ? 127 : 126; // as a shell reports it
  return Json{{"error", {{"code", "exec_failed"},
                         {"message", "cannot run " + args.command.front() + ": " + std::strerror(error)}}}};
}

void render_exec_failure(const Json& r, std::ostream&)
{
  std::cerr << "tokenrouter: error: " << r["error"]["message"].get<std::string>() << '\n';
}

Result<Json> run_env(Context& context, const AgentArgs& args)
{
  TKR_TRY_ASSIGN(EnvVars vars, resolve_env(context, args));
  Json out = Json::object();
  for (const auto& [name, value] : vars) {
    out[name] = value;
  }
  return out;
}

void render_env(const Json& r, std::ostream& out)
{
  for (const auto& [name, value] : r.items()) {
    out << "export " << name << "=" << shell_quote(value.get<std::string>()) << '\n';
  }
}

} // namespace

void setup_exec(CLI::App& app, Registry& registry)
{
  auto args = std::make_shared<AgentArgs>();
  auto* exec = app.add_subcommand("exec", "Run a command (an agent) with its API base URLs and key set "
                                          "for tokenrouterd; exits with the command's status");
  exec->add_option("--key", args->key, "Virtual key (default: $TOKENROUTER_KEY)");
  exec->add_flag("--start", args->start, "Start tokenrouterd first if /health does not answer");
  exec->add_option("command", args->command, "The command and its arguments, after --")->required();
  exec->callback([&registry, args] {
    registry.chosen = Action{[&registry, args] { return run_exec(registry, *args); }, render_exec_failure};
  });

  auto* env = app.add_subcommand("env", "Print the variables `exec` sets, as export lines for a shell");
  env->add_option("--key", args->key, "Virtual key (default: $TOKENROUTER_KEY)");
  env->callback([&registry, args] {
    registry.chosen = Action{[&registry, args] { return run_env(registry.context, *args); }, render_env};
  });
}

} // namespace tokenrouter::cli
