#pragma once
// Helpers shared by the inbound parsers: a guarded JSON parse, field paths for error messages,
// and "take" accessors that move a field out of a parsed object. What is left in the object
// afterwards is what the Envelope keeps verbatim in `extra`.
//
// Round-trip rule: an optional field is taken only when its value carries information; a null,
// an empty string, an empty array or a `false` that merely repeats the default stays in the
// object (and hence in `extra`), so the same-dialect builder reproduces it exactly.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound::detail {

using model::Json;

inline constexpr int k_max_depth = 128;

// True when no array/object in `text` nests deeper than `max_depth` (strings are skipped).
bool nesting_within(std::string_view text, int max_depth);

// Parses a request body. Malformed JSON, invalid UTF-8, nesting deeper than k_max_depth and a
// top level that is not an object are invalid_request errors.
[[nodiscard]] Result<Json> parse_document(std::string_view body);

// Parses tool-call arguments; a discarded value when they are not valid (or too deep) JSON.
Json parse_lenient(std::string_view text);

// "messages[2]" + "content" → "messages[2].content"; "" + "model" → "model".
std::string at(std::string_view path, std::string_view key);
// "messages" + 2 → "messages[2]".
std::string at(std::string_view path, size_t index);

// invalid_request "`path`: `what`".
tl::unexpected<Error> invalid(std::string_view path, std::string_view what);

// A required string field, moved out. Absent or not a string is an error.
[[nodiscard]] Result<std::string> take_required_string(Json& object, std::string_view key,
                                                       std::string_view path);
// An optional string; "" when absent, null or empty (which stay in `object`).
[[nodiscard]] Result<std::string> take_string(Json& object, std::string_view key,
                                              std::string_view path);
// An optional bool; only `true` is taken (false and null stay in `object`).
[[nodiscard]] Result<bool> take_true(Json& object, std::string_view key, std::string_view path);
// An optional bool, taken whatever its value; nullopt when absent or null.
[[nodiscard]] Result<std::optional<bool>> take_bool(Json& object, std::string_view key,
                                                    std::string_view path);
// An optional integer; nullopt when absent or null.
[[nodiscard]] Result<std::optional<int64_t>> take_integer(Json& object, std::string_view key,
                                                          std::string_view path);
// An optional number; nullopt when absent or null.
[[nodiscard]] Result<std::optional<double>> take_number(Json& object, std::string_view key,
                                                        std::string_view path);
// An optional object, moved out; null when absent or null.
[[nodiscard]] Result<Json> take_object(Json& object, std::string_view key, std::string_view path);
// Any non-null value, moved out; null when absent or null.
Json take_value(Json& object, std::string_view key);

// The object itself when it still has fields, else null (the `extra` of a level).
Json leftover(Json& object);

} // namespace tokenrouter::inbound::detail
