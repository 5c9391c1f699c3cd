// tokenrouter completions bash|zsh|fish: print a completion script for the shell.
#include "cli/command.hpp"
#include "cli/completions.hpp"

namespace tokenrouter::cli {

void setup_completions(CLI::App& app, Registry& registry)
{
  auto shell = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("completions", "Print a shell completion script");
  sub->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  sub->callback([&app, &registry, shell] {
    registry.chosen = Action{[&app, shell]() -> Result<Json> {
                               return Json{{"shell", *shell}, {"script", completion_script(app, *shell)}};
                             },
                             [](const Json& r, std::ostream& out) {
                               out << r["script"].get<std::string>();
                             }};
  });
}

} // namespace tokenrouter::cli
