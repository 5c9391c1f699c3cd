#pragma once
// tokenrouterd's command line (design.md: --config --listen --db --log-level --log-format).

#include <optional>
#include <string>

#include "core/util/result.hpp"

namespace tokenrouter::daemon {

struct Flags {
  std::optional<std::string> config;
  std::optional<std::string> listen;
  std::optional<std::string> db;
  std::optional<std::string> log_level;
  std::optional<std::string> log_format;
  bool help = false;
  bool version = false;
};

[[nodiscard]] Result<Flags> parse_flags(int argc, char** argv);
const char* usage_text();

} // namespace tokenrouter::daemon
