#pragma once
// Is a tokenrouterd answering at this address? (for `tokenrouter status`, `exec`, tests)

#include <string>

namespace tokenrouter::upstream {

// GET {base_url}/health within `timeout_ms`; true on HTTP 200.
bool probe_health(const std::string& base_url, int timeout_ms);

} // namespace tokenrouter::upstream
