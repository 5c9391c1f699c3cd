#include "core/inbound/fields.hpp"

#include <limits>

namespace tokenrouter::inbound::detail {

bool nesting_within(std::string_view text, int max_depth)
{
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return false;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Result<Json> parse_document(std::string_view body)
{
  // nlohmann's dump/copy/compare recurse: refuse deep documents before building one.
  if (!nesting_within(body, k_max_depth)) {
    return fail(ErrorCode::invalid_request,
                "request body nests deeper than " + std::to_string(k_max_depth) + " levels");
  }
  Json document;
  try {
    document = Json::parse(body.begin(), body.end());
  } catch (const Json::parse_error& error) {
    // The library's message quotes input bytes (maybe not UTF-8): report the offset only.
    return fail(ErrorCode::invalid_request, "request body is not valid JSON (error at byte " +
                                                std::to_string(error.byte) + ")");
  } catch (const Json::exception&) {
    // out_of_range: a number such as 1e999 that no double holds.
    return fail(ErrorCode::invalid_request, "request body is not valid JSON (number out of range)");
  }
  if (!document.is_object()) {
    return fail(ErrorCode::invalid_request, "request body must be a JSON object");
  }
  return document;
}

Json parse_lenient(std::string_view text)
{
  if (!nesting_within(text, k_max_depth)) {
    return Json(Json::value_t::discarded);
  }
  return Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
}

std::string at(std::string_view path, std::string_view key)
{
  std::string out;
  out.reserve(path.size() + key.size() + 1);
  out.append(path);
  if (!path.empty()) {
    out += '.';
  }
  out.append(key);
  return out;
}

std::string at(std::string_view path, size_t index)
{
  std::string out(path);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

tl::unexpected<Error> invalid(std::string_view path, std::string_view what)
{
  std::string message(path);
  message += ": ";
  message.append(what);
  return fail(ErrorCode::invalid_request, std::move(message));
}

Result<std::string> take_required_string(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end()) {
    return invalid(at(path, key), "required");
  }
  if (!it->is_string()) {
    return invalid(at(path, key), "expected string");
  }
  std::string value = std::move(it->get_ref<std::string&>());
  object.erase(it);
  return value;
}

Result<std::string> take_string(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::string();
  }
  if (!it->is_string()) {
    return invalid(at(path, key), "expected string");
  }
  if (it->get_ref<const std::string&>().empty()) {
    return std::string();
  }
  std::string value = std::move(it->get_ref<std::string&>());
  object.erase(it);
  return value;
}

Result<bool> take_true(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return false;
  }
  if (!it->is_boolean()) {
    return invalid(at(path, key), "expected boolean");
  }
  if (!it->get<bool>()) {
    return false;
  }
  object.erase(it);
  return true;
}

Result<std::optional<bool>> take_bool(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::optional<bool>();
  }
  if (!it->is_boolean()) {
    return invalid(at(path, key), "expected boolean");
  }
  const bool value = it->get<bool>();
  object.erase(it);
  return std::optional<bool>(value);
}

Result<std::optional<int64_t>> take_integer(Json& object, std::string_view key,
                                            std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::optional<int64_t>();
  }
  const bool too_big = it->is_number_unsigned() &&
                       it->get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max());
  if (!it->is_number_integer() || too_big) {
    return invalid(at(path, key), "expected integer");
  }
  const auto value = it->get<int64_t>();
  object.erase(it);
  return std::optional<int64_t>(value);
}

Result<std::optional<double>> take_number(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::optional<double>();
  }
  if (!it->is_number()) {
    return invalid(at(path, key), "expected number");
  }
  const auto value = it->get<double>();
  object.erase(it);
  return std::optional<double>(value);
}

Result<Json> take_object(Json& object, std::string_view key, std::string_view path)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return Json();
  }
  if (!it->is_object()) {
    return invalid(at(path, key), "expected object");
  }
  Json value = std::move(*it);
  object.erase(it);
  return value;
}

Json take_value(Json& object, std::string_view key)
{
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return Json();
  }
  Json value = std::move(*it);
  object.erase(it);
  return value;
}

Json leftover(Json& object)
{
  if (object.is_object() && !object.empty()) {
    return std::move(object);
  }
  return Json();
}

} // namespace tokenrouter::inbound::detail
