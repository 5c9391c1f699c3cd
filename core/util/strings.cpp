#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>

namespace tokenrouter::util {

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split(std::string_view text, char separator)
{
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find(separator, start);
    const auto piece = text.substr(start, end == std::string_view::npos ? end : end - start);
    parts.emplace_back(trim(piece));
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return parts;
}

std::string to_lower(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(std::tolower(c));
  });
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix)
{
  return text.size() >= prefix.size() && to_lower(text.substr(0, prefix.size())) == to_lower(prefix);
}

bool glob_match(std::string_view pattern, std::string_view text)
{
  // Iterative matcher with one backtrack point: linear in practice, no recursion.
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

std::string redact(std::string_view secret)
{
  if (secret.size() < 12) {
    return "***";
  }
  return std::string(secret.substr(0, 6)) + "…";
}

bool is_safe_id(std::string_view id)
{
  if (id.empty() || id.size() > 128) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

bool is_safe_file_name(std::string_view name)
{
  if (name.empty() || name.size() > 100 || name.front() == '.') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-';
  });
}

} // namespace tokenrouter::util
