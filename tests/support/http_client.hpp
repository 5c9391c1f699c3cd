#pragma once
// Test-side HTTP calls against a daemon: whole answers, and SSE bodies split into events.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tokenrouter::testing {

struct HttpAnswer {
  int status = 0;       // 0: transport failure
  std::multimap<std::string, std::string> headers;
  std::string body;
  std::string header(const std::string& name) const;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

HttpAnswer http_post(const std::string& base_url,
                     const std::string& path,
                     const std::string& body,
                     const std::map<std::string, std::string>& headers = {},
                     int timeout_s = 30);
HttpAnswer http_get(const std::string& base_url,
                    const std::string& path,
                    const std::map<std::string, std::string>& headers = {});

struct SseEvent {
  std::string event; // "" when the stream has no event: lines (OpenAI)
  std::string data;
  nlohmann::json json() const { return nlohmann::json::parse(data, nullptr, false); }
};

std::vector<SseEvent> parse_sse(const std::string& body);

// A minimal config routing the test models to a fake upstream at `upstream_url`.
std::string fake_routes_config(const std::string& upstream_url, const std::string& extra = "");

// Environment with the fake upstream credentials the config above names.
std::map<std::string, std::string> fake_env();

} // namespace tokenrouter::testing
