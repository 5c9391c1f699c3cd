#pragma once
// Reading a config file: TOML → Config, every problem reported with file, line and key.
// This is the only place that includes toml++.

#include "core/config/config.hpp"
#include "core/util/result.hpp"

#include <string>
#include <string_view>

namespace tokenrouter::config {

// Reads and parses the file at `path`; a missing or unreadable file is an error.
[[nodiscard]] Result<Config> load_config_file(const std::string& path);

// Parses `toml`; `source_name` names it in messages ("FILE:LINE: …") and in Config::source.
[[nodiscard]] Result<Config> load_config_text(std::string_view toml,
                                              const std::string& source_name);

} // namespace tokenrouter::config
