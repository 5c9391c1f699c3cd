#pragma once
// Bounded label values. Only names the config knows (models, providers), HTTP status codes and
// error types become label values; anything else is "other", so a client cannot grow the
// series count by inventing model names.

#include <string>
#include <string_view>
#include <vector>

#include "core/config/config.hpp"

namespace tokenrouter::metrics {

inline constexpr std::string_view k_other = "other";

class LabelVocabulary {
public:
  LabelVocabulary() = default;
  explicit LabelVocabulary(const config::Config& config);

  // The config's model entry for a requested name: the exact name, else the first glob that
  // matches it ("claude-*"), else "other".
  std::string_view model(std::string_view requested) const;
  // A configured provider name, else "other".
  std::string_view provider(std::string_view name) const;

private:
  std::vector<std::string> m_models; // config order: globs are tried as the router does
  std::vector<std::string> m_providers;
};

// "200", "502" … for 100–599; "other" beyond.
std::string_view status_label(int status);
// An ErrorCode name or "client_closed"; "other" for anything else ("" stays "").
std::string_view error_type_label(std::string_view error_type);

} // namespace tokenrouter::metrics
