#pragma once
// Small string helpers shared by every area.

#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::util {

std::string_view trim(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
std::string to_lower(std::string_view text);
bool starts_with_ci(std::string_view text, std::string_view prefix);

// Shell-style glob: `*` any run, `?` one character; everything else literal.
bool glob_match(std::string_view pattern, std::string_view text);

// A secret for logs: the first 6 characters, then "…". Short secrets are fully hidden.
std::string redact(std::string_view secret);

// True for an id safe to echo and log: 1–128 characters of [A-Za-z0-9._:-].
bool is_safe_id(std::string_view id);

// True for a name safe as one path component: 1–100 characters of [A-Za-z0-9._-], no leading
// dot (so never "..", ".hidden" or "a/b").
bool is_safe_file_name(std::string_view name);

} // namespace tokenrouter::util
