// What real agents do (../shared/agents.md): large bodies, compression headers, both auth
// headers, leaving mid-stream, their own upstream credential (passthrough), JSON logs.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include <httplib.h>

#include "core/store/database.hpp"
#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

// A Claude-Code-shaped turn of about `kb` KiB: 25 tools with long descriptions, a system prompt.
json agent_turn(int kb)
{
  json tools = json::array();
  for (int i = 0; i < 25; ++i) {
    tools.push_back({{"name", "tool_" + std::to_string(i)},
                     {"description", std::string(static_cast<size_t>(kb) * 1024 / 24, 'd')},
                     {"input_schema", {{"type", "object"}, {"properties", {{"path", {{"type", "string"}}}}}}}});
  }
  return {{"model", "claude-sonnet-4-5"}, {"max_tokens", 4096}, {"stream", true},
          {"system", {{{"type", "text"}, {"text", "x-anthropic-billing-header: cc_version=2.1"}},
                      {{"type", "text"}, {"text", "You are Claude Code."}, {"cache_control", {{"type", "ephemeral"}}}}}},
          {"tools", tools},
          {"thinking", {{"type", "adaptive"}}},
          {"output_config", {{"effort", "medium"}}},
          {"context_management", {{"edits", json::array()}}},
          {"metadata", {{"user_id", "{\"device\":\"abc\"}"}}},
          {"messages", {{{"role", "user"}, {"content", "Fix the bug"}},
                        {{"role", "system"}, {"content", "mid-conversation reminder"}}}}};
}

} // namespace

TEST_SUITE("integration::agents")
{
  TEST_CASE("a 125 KB Claude Code turn with Bearer auth and Accept-Encoding passes through, uncompressed")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    const json body = agent_turn(125);
    CHECK(body.dump().size() > 120 * 1024);
    auto answer = http_post(daemon.url(), "/v1/messages?beta=true", body.dump(),
                            {{"Authorization", "Bearer " + daemon.dev_key()},
                             {"anthropic-version", "2026-10-21"},
                             {"Accept-Encoding", "gzip, deflate, br, zstd"}});
    REQUIRE(answer.status == 200);
    CHECK(answer.header("Content-Encoding").empty());
    CHECK(parse_sse(answer.body).back().event == "message_stop");
    const auto sent = upstream.received().at(0);
    CHECK(sent.header("anthropic-version") == "2026-10-21");
    auto forwarded = sent.json();
    CHECK(forwarded["tools"].size() == 25);
    CHECK(forwarded["thinking"] == json{{"type", "adaptive"}});
    CHECK(forwarded["context_management"] == json{{"edits", json::array()}});
    CHECK(forwarded["metadata"]["user_id"] == "{\"device\":\"abc\"}");
    CHECK(forwarded["messages"][1]["role"] == "system");
  }

  TEST_CASE("a client that leaves mid-stream cancels the upstream at once and is recorded as 499")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    upstream.push_fault({Fault::endless_stream});
    httplib::Client client(daemon.url());
    httplib::Headers headers{{"x-api-key", daemon.dev_key()}};
    json body = {{"model", "claude-sonnet-4-5"}, {"max_tokens", 64}, {"stream", true},
                 {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    httplib::Request req;
    req.method = "POST";
    req.path = "/v1/messages";
    req.headers = headers;
    req.body = body.dump();
    req.headers.emplace("Content-Type", "application/json");
    size_t received = 0;
    req.content_receiver = [&](const char*, size_t n, uint64_t, uint64_t) {
      received += n;
      return received < 2000; // read a little, then hang up
    };
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    client.send(req, res, error);
    CHECK(received >= 2000);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (upstream.streams_cut_by_client() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(upstream.streams_cut_by_client() == 1);
    // The row is written when the gateway notices; give it the same bound.
    int64_t status = 0;
    while (status == 0 && std::chrono::steady_clock::now() < deadline + std::chrono::seconds(2)) {
      auto db = tokenrouter::store::Database::open(daemon.db_path());
      auto st = db->prepare("SELECT status FROM requests");
      if (st && *st->step()) {
        status = st->column_int64(0);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    CHECK(status == 499);
    CHECK(http_get(daemon.url(), "/health").status == 200);
  }

  TEST_CASE("credential = passthrough forwards the client's own upstream key; the virtual key rides in x-tokenrouter-key")
  {
    FakeUpstream upstream;
    const std::string config = R"(
[[providers]]
name = "sub"
kind = "anthropic"
base_url = ")" + upstream.url() + R"("
credential = "passthrough"
[[models]]
name = "claude-*"
provider = "sub"
)";
    DaemonProcess daemon({config, {}});
    json body = {{"model", "claude-opus-5"}, {"max_tokens", 64}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto answer = http_post(daemon.url(), "/v1/messages", body.dump(),
                            {{"x-tokenrouter-key", daemon.dev_key()}, {"Authorization", "Bearer my-oauth-token"}});
    REQUIRE(answer.status == 200);
    CHECK(upstream.received().at(0).header("Authorization") == "Bearer my-oauth-token");
    CHECK(upstream.received().at(0).header("x-api-key").empty());
    auto without_key = http_post(daemon.url(), "/v1/messages", body.dump(), {{"Authorization", "Bearer my-oauth-token"}});
    CHECK(without_key.status == 401);
  }

  TEST_CASE("--log-format json: one JSON object per line, no secret in any line")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({"[log]\nformat = \"json\"\n" + fake_routes_config(upstream.url()), fake_env()});
    json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto answer = http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                            {{"Authorization", "Bearer " + daemon.dev_key()}});
    CHECK(answer.status == 200);
    daemon.stop();
    const std::string log = daemon.log();
    int lines = 0;
    size_t start = 0;
    while (start < log.size()) {
      size_t end = log.find('\n', start);
      const std::string line = log.substr(start, end - start);
      start = end == std::string::npos ? log.size() : end + 1;
      if (line.empty() || line.rfind("---", 0) == 0) {
        continue;
      }
      auto parsed = json::parse(line, nullptr, false);
      CHECK_MESSAGE(parsed.is_object(), line);
      ++lines;
    }
    CHECK(lines >= 3);
    CHECK(log.find("/v1/chat/completions 200") != std::string::npos);
    CHECK(log.find(daemon.dev_key()) == std::string::npos);
    CHECK(log.find("sk-fake-openai-upstream-secret") == std::string::npos);
  }
}
