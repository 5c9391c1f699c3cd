#pragma once
// The one table of scalar config keys: TOML section and key → validating setter, getter,
// optional environment variable, one line of documentation. The loader, the environment
// overrides, `config show` and `config init` are all driven by it, so they cannot drift apart
// (as ccache's k_config_key_table). [[providers]] and [[models]] are arrays of tables, parsed
// in providers.cpp and models.cpp.

#include "core/config/config.hpp"
#include "core/config/node.hpp"
#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <span>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

enum class ValueKind { boolean, integer, string };

struct KeyInfo {
  std::string_view section; // "server"
  std::string_view key;     // "listen"
  ValueKind kind;
  std::string_view env;                 // overriding environment variable, "" = none
  std::string_view doc;                 // one line for `config init`
  Status (*set)(Config&, const Node&);  // validates and assigns; error = detail only
  nlohmann::json (*get)(const Config&); // the current value
};

// Every scalar key, grouped by section in the order `config init` prints them.
const std::vector<KeyInfo>& key_table();

// The entry for `[section].key`, or nullptr.
const KeyInfo* find_key(std::string_view section, std::string_view key);

// The sections of key_table() in order, without duplicates.
std::vector<std::string_view> key_sections();

// The keys of one section, for "did you mean".
std::vector<std::string_view> keys_of(std::string_view section);

// The [routing] entries (core/config/routing_keys.cpp), part of key_table().
std::span<const KeyInfo> routing_keys();

// The [replay] entries (core/config/replay_keys.cpp), part of key_table().
std::span<const KeyInfo> replay_keys();

} // namespace tokenrouter::config
