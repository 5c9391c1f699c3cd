#pragma once
// Validating setters shared by the key table, [[providers]] and [[models]]. Each checks one
// Node and writes one field; an error carries the detail only ("expected a positive integer,
// got -3"): the caller prefixes file, line and key.

#include "core/config/node.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

[[nodiscard]] Status set_bool(bool& out, const Node& node);
// An integer in [min, max]; the message says "positive" for min 1, "non-negative" for min 0.
[[nodiscard]] Status set_int(int& out, const Node& node, int64_t min, int64_t max);
[[nodiscard]] Status set_int64(int64_t& out, const Node& node, int64_t min);
[[nodiscard]] Status set_string(std::string& out, const Node& node);
// A string equal to one of `allowed`.
[[nodiscard]] Status
set_enum(std::string& out, const Node& node, std::initializer_list<std::string_view> allowed);
// "HOST:PORT" with a port 1–65535; IPv6 hosts in brackets ("[::1]:8787").
[[nodiscard]] Status set_listen(std::string& out, const Node& node);

bool is_valid_listen(std::string_view text);
bool is_http_url(std::string_view text);
bool is_env_name(std::string_view text);

// " (did you mean listen?)" when a candidate is within 2 edits of `key`, else "".
std::string did_you_mean(std::string_view key, std::initializer_list<std::string_view> candidates);
std::string did_you_mean_in(std::string_view key, const std::vector<std::string_view>& candidates);

} // namespace tokenrouter::config
