#pragma once
// Parsing a TOML table into a struct with a small table of field rules, and config errors
// that name the place: "FILE:LINE: KEY: DETAIL".

#include "core/config/node.hpp"
#include "core/config/values.hpp"
#include "core/util/result.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

// "source:line: what" (no line part when `line` is 0).
inline tl::unexpected<Error>
config_error(const std::string& source, int line, std::string_view what)
{
  std::string message = source.empty() ? std::string("<config>") : source;
  if (line > 0) {
    message += ":" + std::to_string(line);
  }
  message += ": ";
  message += what;
  return fail(ErrorCode::config, std::move(message));
}

// Rewrites a detail-only error ("expected …") to name where and which key.
inline tl::unexpected<Error>
locate(const Error& detail, const std::string& source, int line, std::string_view key)
{
  return config_error(source, line, std::string(key) + ": " + detail.message);
}

template <class T>
struct FieldRule {
  std::string_view key;
  Status (*set)(T& out, const Node& value);
};

// Applies `rules` to every field of `table` (a table of `where`, e.g. "[[providers]]"):
// unknown keys and failed rules are errors naming the line of the field.
template <class T>
Status apply_fields(T& out,
                    const Node& table,
                    std::span<const FieldRule<T>> rules,
                    std::string_view where,
                    const std::string& source)
{
  for (const Field& field : table.fields) {
    const FieldRule<T>* rule = nullptr;
    for (const FieldRule<T>& candidate : rules) {
      if (candidate.key == field.key) {
        rule = &candidate;
      }
    }
    if (rule == nullptr) {
      std::vector<std::string_view> keys;
      for (const FieldRule<T>& candidate : rules) {
        keys.push_back(candidate.key);
      }
      return config_error(source,
                          field.value.line,
                          "unknown key " + std::string(where) + "." + field.key
                              + did_you_mean_in(field.key, keys));
    }
    if (auto status = rule->set(out, field.value); !status) {
      return locate(status.error(), source, field.value.line, std::string(where) + "." + field.key);
    }
  }
  return {};
}

// `node` must be a table (else an error naming `what`).
inline Status expect_table(const Node& node, std::string_view what, const std::string& source)
{
  if (node.type != Node::Type::table) {
    return config_error(
        source, node.line, std::string(what) + ": expected a table, got " + describe(node));
  }
  return {};
}

} // namespace tokenrouter::config
