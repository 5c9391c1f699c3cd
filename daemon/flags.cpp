#include "daemon/flags.hpp"

#include <array>
#include <string_view>

namespace tokenrouter::daemon {

namespace {

struct FlagSpec {
  std::string_view name;
  std::optional<std::string> Flags::*field;
};

constexpr std::array<FlagSpec, 5> k_flags = {{
    {"--config", &Flags::config},
    {"--listen", &Flags::listen},
    {"--db", &Flags::db},
    {"--log-level", &Flags::log_level},
    {"--log-format", &Flags::log_format},
}};

} // namespace

const char* usage_text()
{
  return "usage: tokenrouterd [--config FILE] [--listen HOST:PORT] [--db FILE]\n"
         "                    [--log-level trace|debug|info|warn|error|off] [--log-format text|json]\n"
         "                    [--version] [--help]\n";
}

Result<Flags> parse_flags(int argc, char** argv)
{
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      flags.help = true;
      continue;
    }
    if (arg == "--version") {
      flags.version = true;
      continue;
    }
    std::string_view value;
    const auto eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    bool matched = false;
    for (const auto& spec : k_flags) {
      if (spec.name != name) {
        continue;
      }
      if (eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return fail(ErrorCode::invalid_request, std::string(name) + " needs a value");
      }
      flags.*spec.field = std::string(value);
      matched = true;
    }
    if (!matched) {
      return fail(ErrorCode::invalid_request, "unknown option " + std::string(arg));
    }
  }
  return flags;
}

} // namespace tokenrouter::daemon
