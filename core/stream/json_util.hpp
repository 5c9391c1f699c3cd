#pragma once
// Small JSON helpers for the stream translators: lenient accessors that never throw, and a
// scanner that locates one string member in JSON text so a pass-through can swap `model`
// without re-serialising the event.

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/util/result.hpp"

namespace tokenrouter::stream {

using Json = nlohmann::json;           // parsed upstream data (read only)
using OrderedJson = nlohmann::ordered_json; // built output, keys in the order written

// `object[key]`, or a null value when `object` is not an object or lacks `key`.
const Json& member(const Json& object, std::string_view key);
// The string at `object[key]`, or "" when absent or not a string.
std::string string_member(const Json& object, std::string_view key);
// The integer at `object[key]` (floats truncated), or 0 when absent or not a number.
int64_t int_member(const Json& object, std::string_view key);

// Parses `text` as a JSON object; anything else is an upstream_failed error naming `what`.
[[nodiscard]] Result<Json> parse_object(std::string_view text, std::string_view what);

// Compact serialisation; invalid UTF-8 is replaced rather than thrown.
std::string dump(const OrderedJson& value);
std::string dump(const Json& value);

struct TextSpan {
  size_t begin = 0;
  size_t size = 0;
};

// Locates the string value at `path` (object keys from the top level) in the valid JSON text
// `text`. The span includes the quotes. nullopt when absent, not a string, or when a key on the
// path is written with escapes (callers then fall back to re-serialising).
std::optional<TextSpan> find_string_member(std::string_view text,
                                           std::initializer_list<std::string_view> path);

// `text` with the string at `path` set to `value`; `text` itself when it already holds `value`
// or has no string there. `text` must be valid JSON.
std::string replace_string_member(std::string_view text,
                                  std::initializer_list<std::string_view> path,
                                  std::string_view value);

} // namespace tokenrouter::stream
