#include "core/replay/request_diff.hpp"

#include <algorithm>

namespace tokenrouter::replay {

namespace {

constexpr size_t k_shown_chars = 60;

std::string shorten(const Json* value)
{
  if (value == nullptr) {
    return "(absent)";
  }
  std::string text = value->dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() > k_shown_chars) {
    text = text.substr(0, k_shown_chars) + "…";
  }
  return text;
}

std::string joined(const std::string& path, const std::string& key)
{
  return path.empty() ? key : path + "." + key;
}

std::optional<Difference> differ(const std::string& path, const Json* recorded, const Json* now);

std::optional<Difference>
differ_objects(const std::string& path, const Json& recorded, const Json& now)
{
  for (const auto& [key, value] : recorded.items()) {
    const auto it = now.find(key);
    if (auto d = differ(joined(path, key), &value, it == now.end() ? nullptr : &*it)) {
      return d;
    }
  }
  for (const auto& [key, value] : now.items()) {
    if (!recorded.contains(key)) {
      return Difference{joined(path, key), "", shorten(nullptr), shorten(&value)};
    }
  }
  return std::nullopt;
}

std::optional<Difference>
differ_arrays(const std::string& path, const Json& recorded, const Json& now)
{
  const size_t common = std::min(recorded.size(), now.size());
  for (size_t i = 0; i < common; ++i) {
    if (auto d = differ(path + "[" + std::to_string(i) + "]", &recorded[i], &now[i])) {
      return d;
    }
  }
  if (recorded.size() == now.size()) {
    return std::nullopt;
  }
  const std::string at = path + "[" + std::to_string(common) + "]";
  return Difference{at,
                    "",
                    shorten(common < recorded.size() ? &recorded[common] : nullptr),
                    shorten(common < now.size() ? &now[common] : nullptr)};
}

std::optional<Difference> differ(const std::string& path, const Json* recorded, const Json* now)
{
  if (recorded != nullptr && now != nullptr && recorded->is_number() && now->is_number()) {
    // 0 read back from a cassette is unsigned, 0 parsed now may be signed: compare values.
    return *recorded == *now
               ? std::nullopt
               : std::optional<Difference>(Difference{path, "", shorten(recorded), shorten(now)});
  }
  if (recorded == nullptr || now == nullptr || recorded->type() != now->type()) {
    return Difference{path, "", shorten(recorded), shorten(now)};
  }
  if (recorded->is_object()) {
    return differ_objects(path, *recorded, *now);
  }
  if (recorded->is_array()) {
    return differ_arrays(path, *recorded, *now);
  }
  if (*recorded != *now) {
    return Difference{path, "", shorten(recorded), shorten(now)};
  }
  return std::nullopt;
}

// The role of messages[i] named by `path`, from whichever side has that message.
std::string role_at(const std::string& path, const Json& recorded, const Json& now)
{
  if (!path.starts_with("messages[")) {
    return "";
  }
  const size_t index = std::stoul(path.substr(9));
  for (const Json* side : {&now, &recorded}) {
    const auto& messages = side->value("messages", Json::array());
    if (index < messages.size() && messages[index].contains("role")) {
      return messages[index]["role"].get<std::string>();
    }
  }
  return "";
}

} // namespace

std::optional<Difference> first_difference(const Json& recorded, const Json& now)
{
  auto d = differ("", &recorded, &now);
  if (d) {
    d->role = role_at(d->path, recorded, now);
  }
  return d;
}

int likeness(const Json& recorded, const Json& now)
{
  const auto& a = recorded.value("messages", Json::array());
  const auto& b = now.value("messages", Json::array());
  size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) {
    ++common;
  }
  int score = static_cast<int>(common) * 8;
  score += recorded.value("tools", Json()) == now.value("tools", Json()) ? 4 : 0;
  score += recorded.value("system", Json()) == now.value("system", Json()) ? 2 : 0;
  score += recorded.value("parameters", Json()) == now.value("parameters", Json()) ? 1 : 0;
  return score;
}

std::string describe(const Difference& d)
{
  std::string where = d.path.empty() ? "the request" : d.path;
  if (!d.role.empty()) { // "messages[3] (user): content[0].text"
    const auto close = where.find(']') + 1;
    const std::string rest = where.substr(close);
    where =
        where.substr(0, close) + " (" + d.role + ")" + (rest.empty() ? "" : ": " + rest.substr(1));
  }
  return where + " is " + d.recorded + " in the cassette, " + d.now + " now";
}

} // namespace tokenrouter::replay
