#include "core/config/values.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

namespace tokenrouter::config {

namespace {

std::string range_text(int64_t min, int64_t max)
{
  if (min == 1 && max == INT32_MAX) {
    return "a positive integer";
  }
  if (min == 0 && max == INT32_MAX) {
    return "a non-negative integer";
  }
  return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
}

std::size_t edit_distance(std::string_view a, std::string_view b)
{
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace

Status set_bool(bool& out, const Node& node)
{
  TKR_TRY_ASSIGN(out, as_boolean(node));
  return {};
}

Status set_int(int& out, const Node& node, int64_t min, int64_t max)
{
  TKR_TRY_ASSIGN(const int64_t value, as_integer(node));
  if (value < min || value > max) {
    return fail(ErrorCode::config,
                "expected " + range_text(min, max) + ", got " + std::to_string(value));
  }
  out = static_cast<int>(value);
  return {};
}

Status set_int64(int64_t& out, const Node& node, int64_t min)
{
  TKR_TRY_ASSIGN(const int64_t value, as_integer(node));
  if (value < min) {
    return fail(ErrorCode::config,
                "expected " + std::string(min > 0 ? "a positive" : "a non-negative")
                    + " integer, got " + std::to_string(value));
  }
  out = value;
  return {};
}

Status set_string(std::string& out, const Node& node)
{
  TKR_TRY_ASSIGN(out, as_string(node));
  return {};
}

Status set_enum(std::string& out, const Node& node, std::initializer_list<std::string_view> allowed)
{
  TKR_TRY_ASSIGN(std::string value, as_string(node));
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string expected;
    for (std::string_view option : allowed) {
      expected += (expected.empty() ? "\"" : ", \"") + std::string(option) + "\"";
    }
    return fail(ErrorCode::config, "expected one of " + expected + ", got \"" + value + "\"");
  }
  out = std::move(value);
  return {};
}

bool is_valid_listen(std::string_view text)
{
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  const std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  if (host.find(':') != std::string_view::npos
      && (host.front() != '[' || host.back() != ']' || host.size() < 3)) {
    return false; // a bare IPv6 address is ambiguous
  }
  int number = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  return ec == std::errc() && end == port.data() + port.size() && number >= 0 && number <= 65535; // 0 = any free port
}

Status set_listen(std::string& out, const Node& node)
{
  TKR_TRY_ASSIGN(std::string value, as_string(node));
  if (!is_valid_listen(value)) {
    return fail(ErrorCode::config, "expected HOST:PORT, got \"" + value + "\"");
  }
  out = std::move(value);
  return {};
}

bool is_http_url(std::string_view text)
{
  for (std::string_view scheme : {"http://", "https://"}) {
    if (text.substr(0, scheme.size()) == scheme && text.size() > scheme.size()
        && text[scheme.size()] != '/') {
      return text.find_first_of(" \t\r\n") == std::string_view::npos;
    }
  }
  return false;
}

bool is_env_name(std::string_view text)
{
  if (text.empty() || (text[0] >= '0' && text[0] <= '9')) {
    return false;
  }
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string did_you_mean_in(std::string_view key, const std::vector<std::string_view>& candidates)
{
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(key, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best.empty() ? std::string() : " (did you mean " + std::string(best) + "?)";
}

std::string did_you_mean(std::string_view key, std::initializer_list<std::string_view> candidates)
{
  return did_you_mean_in(key, std::vector<std::string_view>(candidates));
}

} // namespace tokenrouter::config
