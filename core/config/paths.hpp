#pragma once
// Where the config file and the database are (design.md Part 2, "Binaries, files, environment").

#include "core/config/config.hpp"
#include "core/config/env.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>

namespace tokenrouter::config {

struct ConfigLocation {
  std::string path;   // "" = none could be derived (no HOME): use the built-in defaults
  bool given = false; // named by --config or $TOKENROUTER_CONFIG: it must exist
};

// --config `flag`, else $TOKENROUTER_CONFIG, else $XDG_CONFIG_HOME/tokenrouter/config.toml,
// else $HOME/.config/tokenrouter/config.toml. (Relative XDG values are ignored, as the XDG
// spec says; empty variables count as unset.)
ConfigLocation resolve_config_path(const std::optional<std::string>& flag, const EnvLookup& env);

// --db `flag`, else $TOKENROUTER_DB, else [store].path, else
// $XDG_DATA_HOME/tokenrouter/tokenrouter.db, else $HOME/.local/share/tokenrouter/tokenrouter.db.
// An error only when none of these exists (no HOME).
[[nodiscard]] Result<std::string>
resolve_db_path(const std::optional<std::string>& flag, const EnvLookup& env, const Config& config);

// Loads the config at `location`: a file that is not there is the built-in defaults unless it
// was given explicitly (then an error: "FILE: config file not found").
[[nodiscard]] Result<Config> load_config_at(const ConfigLocation& location);

// The whole startup sequence of both binaries, in priority order: built-in defaults < config
// file < TOKENROUTER_* environment < (flags, applied by the caller); then, if the config names
// no providers, those of the well-known API key variables.
[[nodiscard]] Result<Config> load_effective_config(const std::optional<std::string>& config_flag,
                                                   const EnvLookup& env);

} // namespace tokenrouter::config
