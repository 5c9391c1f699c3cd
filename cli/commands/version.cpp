#include "cli/command.hpp"

namespace tokenrouter::cli {

void setup_version(CLI::App& app, Registry& registry)
{
  auto* sub = app.add_subcommand("version", "Print the version");
  sub->callback([&registry] {
    registry.chosen = Action{[] { return Result<Json>(Json{{"version", TKR_VERSION}}); },
                             [](const Json& r, std::ostream& out) {
                               out << "tokenrouter " << r["version"].get<std::string>() << '\n';
                             }};
  });
}

} // namespace tokenrouter::cli
