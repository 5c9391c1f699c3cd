#pragma once
// The admin API's key check. Both sides are hashed first so that the
// constant-time comparison also hides the configured key's length; an empty
// configured key matches nothing.

#include <string_view>

namespace tokenrouter::auth {

bool admin_key_matches(std::string_view presented, std::string_view configured);

} // namespace tokenrouter::auth
