// Upstream faults: the client always gets a well-formed answer in its dialect within the
// configured timeouts, never a hang or a crash, and the daemon stays healthy.
#include <doctest/doctest.h>

#include <chrono>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

struct Rig {
  FakeUpstream upstream;
  DaemonProcess daemon{{fake_routes_config(upstream.url()), fake_env()}};
  std::string key = daemon.dev_key();

  HttpAnswer openai(bool stream)
  {
    json body = {{"model", "gpt-4o"}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    return http_post(daemon.url(), "/v1/chat/completions", body.dump(), {{"Authorization", "Bearer " + key}});
  }

  HttpAnswer anthropic(bool stream, const std::string& model = "claude-sonnet-4-5")
  {
    json body = {{"model", model}, {"max_tokens", 64}, {"stream", stream},
                 {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    return http_post(daemon.url(), "/v1/messages", body.dump(), {{"x-api-key", key}});
  }
};

double seconds_since(std::chrono::steady_clock::time_point start)
{
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

TEST_SUITE("integration::faults")
{
  TEST_CASE("429 keeps retry-after, in both dialects, streaming or not")
  {
    Rig rig;
    const std::string body = R"({"error":{"message":"Rate limit reached","type":"rate_limit_exceeded"}})";
    for (bool stream : {false, true}) {
      rig.upstream.push_fault({Fault::status, 429, body, 7});
      auto openai = rig.openai(stream);
      CHECK(openai.status == 429);
      CHECK(openai.header("retry-after") == "7");
      CHECK(openai.json()["error"]["message"].is_string());
      rig.upstream.push_fault({Fault::status, 429,
                               R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})", 3});
      auto anthropic = rig.anthropic(stream);
      CHECK(anthropic.status == 429);
      CHECK(anthropic.header("retry-after") == "3");
      CHECK(anthropic.json()["error"]["type"] == "rate_limit_error");
    }
  }

  TEST_CASE("5xx becomes 502, upstream 401 stays an auth error, malformed JSON is 502")
  {
    Rig rig;
    // Each 5xx is retried ([routing] retries = 2): three in a row reach the client.
    for (int i = 0; i < 3; ++i) {
      rig.upstream.push_fault({Fault::status, 500, R"({"error":{"message":"boom"}})"});
    }
    CHECK(rig.openai(false).status == 502);
    for (int i = 0; i < 3; ++i) {
      rig.upstream.push_fault({Fault::status, 503, "overloaded"});
    }
    CHECK(rig.anthropic(true).status == 502);
    rig.upstream.push_fault({Fault::status, 401, R"({"error":{"message":"bad upstream key"}})"});
    CHECK(rig.openai(false).status == 401);
    rig.upstream.push_fault({Fault::malformed_json});
    auto malformed = rig.openai(false);
    CHECK(malformed.status == 502);
    CHECK(malformed.json()["error"].is_object());
    rig.upstream.push_fault({Fault::wrong_content_type});
    CHECK(rig.anthropic(false).status == 502);
    CHECK(http_get(rig.daemon.url(), "/health").status == 200);
  }

  TEST_CASE("a reset mid-stream ends the client's stream with an error event, recorded as 502")
  {
    Rig rig;
    rig.upstream.push_fault({Fault::reset_mid_stream});
    auto anthropic = rig.anthropic(true);
    CHECK(anthropic.status == 200);
    auto events = parse_sse(anthropic.body);
    REQUIRE(!events.empty());
    CHECK(events.back().event == "error");
    CHECK(events.back().json()["type"] == "error");

    rig.upstream.push_fault({Fault::reset_mid_stream});
    auto openai = rig.openai(true);
    auto chunks = parse_sse(openai.body);
    REQUIRE(chunks.size() >= 2);
    CHECK(chunks[chunks.size() - 2].json().contains("error"));
    CHECK(chunks.back().data == "[DONE]");
  }

  TEST_CASE("stalls are cut at the configured timeouts")
  {
    Rig rig;
    rig.upstream.push_fault({Fault::stall_mid_stream, 0, "", -1, 6000});
    auto start = std::chrono::steady_clock::now();
    auto stream = rig.anthropic(true);
    CHECK(seconds_since(start) < 5.5);
    CHECK(parse_sse(stream.body).back().event == "error");

    rig.upstream.push_fault({Fault::stall_headers, 0, "", -1, 6000});
    start = std::chrono::steady_clock::now();
    auto whole = rig.openai(false);
    CHECK(seconds_since(start) < 5.5);
    CHECK(whole.status == 504);
  }

  TEST_CASE("malformed SSE becomes a well-formed error at the end of the stream")
  {
    Rig rig;
    rig.upstream.push_fault({Fault::malformed_sse});
    auto answer = rig.openai(true);
    auto chunks = parse_sse(answer.body);
    REQUIRE(!chunks.empty());
    CHECK(chunks.back().data == "[DONE]");
    bool saw_error = false;
    for (const auto& chunk : chunks) {
      saw_error = saw_error || chunk.json().contains("error");
    }
    CHECK(saw_error);
  }

  TEST_CASE("an unreachable upstream is 502 at once")
  {
    FakeUpstream upstream;
    const std::string dead = "http://127.0.0.1:1"; // nothing listens on port 1
    DaemonProcess daemon({fake_routes_config(dead), fake_env()});
    json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto answer = http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                            {{"Authorization", "Bearer " + daemon.dev_key()}});
    CHECK(answer.status == 502);
    CHECK(answer.json()["error"]["type"] == "server_error");
  }
}
