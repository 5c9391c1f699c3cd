#include "tests/support/http_client.hpp"

#include <httplib.h>

#include <strings.h>

namespace tokenrouter::testing {

std::string HttpAnswer::header(const std::string& name) const
{
  for (const auto& [key, value] : headers) {
    if (strcasecmp(key.c_str(), name.c_str()) == 0) {
      return value;
    }
  }
  return {};
}

namespace {

HttpAnswer convert(const httplib::Result& result)
{
  HttpAnswer answer;
  if (!result) {
    return answer;
  }
  answer.status = result->status;
  for (const auto& [k, v] : result->headers) {
    answer.headers.emplace(k, v);
  }
  answer.body = result->body;
  return answer;
}

httplib::Headers to_headers(const std::map<std::string, std::string>& headers)
{
  httplib::Headers out;
  for (const auto& [k, v] : headers) {
    out.emplace(k, v);
  }
  return out;
}

} // namespace

HttpAnswer http_post(const std::string& base_url,
                     const std::string& path,
                     const std::string& body,
                     const std::map<std::string, std::string>& headers,
                     int timeout_s)
{
  httplib::Client client(base_url);
  client.set_read_timeout(timeout_s, 0);
  return convert(client.Post(path, to_headers(headers), body, "application/json"));
}

HttpAnswer http_get(const std::string& base_url,
                    const std::string& path,
                    const std::map<std::string, std::string>& headers)
{
  httplib::Client client(base_url);
  return convert(client.Get(path, to_headers(headers)));
}

std::vector<SseEvent> parse_sse(const std::string& body)
{
  std::vector<SseEvent> events;
  size_t start = 0;
  while (start < body.size()) {
    auto end = body.find("\n\n", start);
    if (end == std::string::npos) {
      end = body.size();
    }
    const std::string block = body.substr(start, end - start);
    start = end + 2;
    SseEvent event;
    size_t line_start = 0;
    while (line_start < block.size()) {
      auto line_end = block.find('\n', line_start);
      if (line_end == std::string::npos) {
        line_end = block.size();
      }
      const std::string line = block.substr(line_start, line_end - line_start);
      line_start = line_end + 1;
      if (line.rfind("event: ", 0) == 0) {
        event.event = line.substr(7);
      } else if (line.rfind("data: ", 0) == 0) {
        event.data += (event.data.empty() ? "" : "\n") + line.substr(6);
      }
    }
    if (!event.data.empty() || !event.event.empty()) {
      events.push_back(event);
    }
  }
  return events;
}

std::string fake_routes_config(const std::string& upstream_url, const std::string& extra)
{
  return R"(
[upstream]
first_byte_timeout_s = 3
idle_timeout_s = 3
connect_timeout_s = 2

[[providers]]
name = "oa"
kind = "openai"
base_url = ")" + upstream_url + R"(/v1"
api_key_env = "FAKE_OPENAI_KEY"

[[providers]]
name = "an"
kind = "anthropic"
base_url = ")" + upstream_url + R"("
api_key_env = "FAKE_ANTHROPIC_KEY"

[[models]]
name = "gpt-4o"
provider = "oa"
upstream = "gpt-4o-2024-08-06"

[[models]]
name = "claude-sonnet-4-5"
provider = "an"
upstream = "claude-sonnet-4-5-20250929"

[[models]]
name = "claude-via-openai"
provider = "oa"
upstream = "gpt-4o"

[[models]]
name = "gpt-via-anthropic"
provider = "an"
upstream = "claude-sonnet-4-5"
)" + extra;
}

std::map<std::string, std::string> fake_env()
{
  return {{"FAKE_OPENAI_KEY", "sk-fake-openai-upstream-secret"},
          {"FAKE_ANTHROPIC_KEY", "sk-ant-fake-upstream-secret"}};
}

} // namespace tokenrouter::testing
