// The member scanner walks valid JSON text only along the requested path and skips every other
// value by bracket counting, so swapping `model` in an event costs one pass over its bytes.

#include "core/stream/json_util.hpp"

#include <algorithm>
#include <vector>

namespace tokenrouter::stream {

namespace {

const Json k_null;

class Scanner {
public:
  explicit Scanner(std::string_view text)
    : m_text(text)
  {
  }

  std::optional<TextSpan> find(const std::vector<std::string_view>& path, size_t depth)
  {
    skip_ws();
    if (!consume('{')) {
      return std::nullopt;
    }
    while (true) {
      skip_ws();
      if (at_end() || peek() != '"') {
        return std::nullopt; // '}' (not found) or malformed
      }
      const TextSpan key = skip_string();
      if (key.size < 2) {
        return std::nullopt;
      }
      skip_ws();
      if (!consume(':')) {
        return std::nullopt;
      }
      skip_ws();
      if (m_text.substr(key.begin + 1, key.size - 2) == path[depth]) {
        return found(path, depth);
      }
      skip_value();
      skip_ws();
      if (!consume(',')) {
        return std::nullopt;
      }
    }
  }

private:
  std::optional<TextSpan> found(const std::vector<std::string_view>& path, size_t depth)
  {
    if (depth + 1 < path.size()) {
      return find(path, depth + 1);
    }
    if (at_end() || peek() != '"') {
      return std::nullopt;
    }
    return skip_string();
  }

  bool at_end() const { return m_pos >= m_text.size(); }
  char peek() const { return m_text[m_pos]; }

  bool consume(char c)
  {
    if (at_end() || peek() != c) {
      return false;
    }
    ++m_pos;
    return true;
  }

  void skip_ws()
  {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) {
      ++m_pos;
    }
  }

  // At an opening quote: moves past the closing one and returns the string's span.
  TextSpan skip_string()
  {
    const size_t begin = m_pos++;
    while (!at_end() && peek() != '"') {
      m_pos += peek() == '\\' ? 2 : 1;
    }
    m_pos = std::min(m_pos + 1, m_text.size());
    return TextSpan{begin, m_pos - begin};
  }

  void skip_value()
  {
    int depth = 0;
    while (!at_end()) {
      const char c = peek();
      if (c == '"') {
        skip_string();
      } else if (c == '{' || c == '[') {
        ++depth;
        ++m_pos;
      } else if (c == '}' || c == ']') {
        if (depth == 0) {
          return;
        }
        --depth;
        ++m_pos;
      } else if (c == ',' && depth == 0) {
        return;
      } else {
        ++m_pos;
      }
      if (depth == 0 && (c == '"' || c == '}' || c == ']')) {
        return;
      }
    }
  }

  std::string_view m_text;
  size_t m_pos = 0;
};

std::string fallback_replace(std::string_view text,
                             std::initializer_list<std::string_view> path,
                             std::string_view value)
{
  OrderedJson root = OrderedJson::parse(text, nullptr, false);
  OrderedJson* node = &root;
  for (const std::string_view key : path) {
    if (!node->is_object() || !node->contains(key)) {
      return std::string(text);
    }
    node = &(*node)[std::string(key)];
  }
  if (!node->is_string()) {
    return std::string(text);
  }
  *node = std::string(value);
  return dump(root);
}

} // namespace

const Json& member(const Json& object, std::string_view key)
{
  if (!object.is_object()) {
    return k_null;
  }
  const auto it = object.find(key);
  return it == object.end() ? k_null : *it;
}

std::string string_member(const Json& object, std::string_view key)
{
  const Json& value = member(object, key);
  return value.is_string() ? value.get<std::string>() : std::string();
}

int64_t int_member(const Json& object, std::string_view key)
{
  const Json& value = member(object, key);
  if (value.is_number_integer()) {
    return value.get<int64_t>();
  }
  if (value.is_number_float()) {
    return static_cast<int64_t>(value.get<double>());
  }
  return 0;
}

Result<Json> parse_object(std::string_view text, std::string_view what)
{
  Json value = Json::parse(text, nullptr, false);
  if (!value.is_object()) {
    return fail(ErrorCode::upstream_failed,
                "upstream sent " + std::string(what) + " that is not a JSON object");
  }
  return value;
}

std::string dump(const OrderedJson& value)
{
  return value.dump(-1, ' ', false, OrderedJson::error_handler_t::replace);
}

std::string dump(const Json& value)
{
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::optional<TextSpan> find_string_member(std::string_view text,
                                           std::initializer_list<std::string_view> path)
{
  if (path.size() == 0) {
    return std::nullopt;
  }
  Scanner scanner(text);
  return scanner.find(std::vector<std::string_view>(path), 0);
}

std::string replace_string_member(std::string_view text,
                                  std::initializer_list<std::string_view> path,
                                  std::string_view value)
{
  const std::string encoded = dump(Json(value));
  const std::optional<TextSpan> span = find_string_member(text, path);
  if (!span) {
    return fallback_replace(text, path, value);
  }
  if (text.substr(span->begin, span->size) == encoded) {
    return std::string(text);
  }
  std::string out;
  out.reserve(text.size() + encoded.size());
  out.append(text.substr(0, span->begin))
      .append(encoded)
      .append(text.substr(span->begin + span->size));
  return out;
}

} // namespace tokenrouter::stream
