#pragma once
// Is a tokenrouterd answering at this address? (for `tokenrouter status`, `exec`, tests)

#include <optional>
#include <string>

namespace tokenrouter::upstream {

// GET {base_url}/health within `timeout_ms`; true on HTTP 200.
bool probe_health(const std::string& base_url, int timeout_ms);

// GET {base_url}{path} within `timeout_ms`: the body on HTTP 200, else nullopt (e.g. /metrics).
std::optional<std::string> fetch_text(const std::string& base_url, const std::string& path, int timeout_ms);

} // namespace tokenrouter::upstream
