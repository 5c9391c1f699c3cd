// tokenrouter strategy get | set best|largest   (admin op strategy)
// `set` is persisted in the database: a running daemon applies it at once (--server) or within
// a second (locally, through the store watch), and keeps it across restarts.
#include "cli/command.hpp"

namespace tokenrouter::cli {

namespace {

void render_get(const Json& r, std::ostream& out) {
  out << r["strategy"].get<std::string>() << " (" << r["source"].get<std::string>() << ")\n";
}

void render_set(const Json& r, std::ostream& out) {
  out << "Strategy set to " << r["strategy"].get<std::string>()
      << (r["applied"] == "live" ? " (applied by the daemon now)."
                                 : " (saved; a running daemon applies it within a second).")
      << "\n";
}

} // namespace

void setup_strategy(CLI::App& app, Registry& registry) {
  auto* strategy = app.add_subcommand("strategy", "Capacity allocation strategy: best or largest");
  strategy->require_subcommand(1);
  auto* get = strategy->add_subcommand("get", "The strategy in force and where it comes from");
  bind_op(
      get, registry, "strategy", [] { return Json::object(); }, render_get);
  auto value = std::make_shared<std::string>();
  auto* set = strategy->add_subcommand("set", "Switch strategy at run time (kept across restarts)");
  set->add_option(
         "strategy", *value, "best (least spare capacity that fits) or largest (most spare)")
      ->required()
      ->check(CLI::IsMember({"best", "largest"}));
  bind_op(
      set,
      registry,
      "strategy",
      [value] {
        return Json{{"strategy", *value}};
      },
      render_set);
}

} // namespace tokenrouter::cli
