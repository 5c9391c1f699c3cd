// optional_limit: the argument shape of limits that can be set, changed or made
// unlimited.
#include <charconv>

#include "core/admin/ops.hpp"

namespace tokenrouter::admin {

namespace {

Error bad_limit(std::string_view field)
{
  return {ErrorCode::invalid_request,
          std::string(field) + ": a non-negative integer or \"unlimited\" is required"};
}

} // namespace

Result<std::optional<std::optional<int64_t>>> optional_limit(const Json& args,
                                                             std::string_view field)
{
  using Limit = std::optional<std::optional<int64_t>>;
  const auto it = args.find(field);
  if (it == args.end()) {
    return Limit{};
  }
  if (it->is_null() || (it->is_string() && it->get_ref<const std::string&>() == "unlimited")) {
    return Limit{std::optional<int64_t>{}};
  }
  int64_t value = -1;
  if (it->is_number_integer()) {
    value = it->get<int64_t>();
  } else if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
      return fail(bad_limit(field));
    }
  }
  if (value < 0) {
    return fail(bad_limit(field));
  }
  return Limit{std::optional<int64_t>{value}};
}

} // namespace tokenrouter::admin
