#include "core/upstream/probe.hpp"

#include <httplib.h>

namespace tokenrouter::upstream {

bool probe_health(const std::string& base_url, int timeout_ms)
{
  httplib::Client client(base_url);
  const auto seconds = static_cast<time_t>(timeout_ms / 1000);
  const auto micros = static_cast<time_t>((timeout_ms % 1000) * 1000);
  client.set_connection_timeout(seconds, micros);
  client.set_read_timeout(seconds, micros);
  auto result = client.Get("/health");
  return result && result->status == 200;
}

} // namespace tokenrouter::upstream
