#include "core/upstream/probe.hpp"

#include <httplib.h>

namespace tokenrouter::upstream {

std::optional<std::string> fetch_text(const std::string& base_url, const std::string& path, int timeout_ms)
{
  httplib::Client client(base_url);
  const auto seconds = static_cast<time_t>(timeout_ms / 1000);
  const auto micros = static_cast<time_t>((timeout_ms % 1000) * 1000);
  client.set_connection_timeout(seconds, micros);
  client.set_read_timeout(seconds, micros);
  auto result = client.Get(path.c_str());
  if (!result || result->status != 200) {
    return std::nullopt;
  }
  return std::move(result->body);
}

bool probe_health(const std::string& base_url, int timeout_ms)
{
  return fetch_text(base_url, "/health", timeout_ms).has_value();
}

} // namespace tokenrouter::upstream
