#pragma once
// spdlog set-up, done once by run_daemon / run_cli. Core code only logs.

#include <string>

#include "core/util/result.hpp"

namespace tokenrouter::util {

// level: trace|debug|info|warn|error|off; format: text|json (one JSON object per line).
[[nodiscard]] Status setup_logging(const std::string& level, const std::string& format);

} // namespace tokenrouter::util
