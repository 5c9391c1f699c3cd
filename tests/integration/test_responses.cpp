// The Responses API end to end: a real daemon, the fake upstream as a Responses provider
// (pass-through), a Chat Completions provider and an Anthropic provider (translation).
#include <chrono>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/support/daemon_process.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

std::string responses_config(const std::string& url)
{
  return fake_routes_config(url, R"(
[[providers]]
name = "ds"
kind = "deepseek"
base_url = ")" + url + R"(/v1"
api_key_env = "FAKE_OPENAI_KEY"

[[models]]
name = "deepseek-chat"
provider = "ds"
upstream = "deepseek-chat"
)");
}

struct Rig {
  FakeUpstream upstream;
  DaemonProcess daemon{{responses_config(upstream.url()), fake_env()}};
  std::string key = daemon.dev_key();

  HttpAnswer post(const json& body)
  {
    return http_post(daemon.url(), "/v1/responses", body.dump(), {{"Authorization", "Bearer " + key}});
  }
};

// A Codex-shaped turn: developer items, client ids, store false, custom + hosted tools.
json codex_turn(const std::string& model, const json& input)
{
  return {{"model", model},
          {"stream", false},
          {"store", false},
          {"prompt_cache_key", "conv-1"},
          {"include", {"reasoning.encrypted_content"}},
          {"reasoning", {{"effort", "medium"}}},
          {"tools",
           {{{"type", "function"}, {"name", "shell"}, {"description", "run"},
             {"parameters", {{"type", "object"}, {"properties", {{"cmd", {{"type", "string"}}}}}}}},
            {{"type", "custom"}, {"name", "apply_patch"}, {"description", "patch"},
             {"format", {{"type", "grammar"}, {"syntax", "lark"}, {"definition", "start: /.+/"}}}},
            {{"type", "web_search"}}}},
          {"input", input}};
}

} // namespace

TEST_SUITE("integration::responses")
{
  TEST_CASE("responses: a Codex conversation through Chat Completions and Anthropic translation")
  {
    Rig rig;
    for (const std::string model : {"deepseek-chat", "claude-sonnet-4-5"}) {
      CAPTURE(model);
      json input = json::array({{{"type", "message"}, {"id", "m1"}, {"role", "developer"},
                                 {"content", {{{"type", "input_text"}, {"text", "You are Codex."}}}}},
                                {{"type", "message"}, {"id", "m2"}, {"role", "user"},
                                 {"content", {{{"type", "input_text"}, {"text", "List files"}}}}}});
      rig.upstream.set_script({.text = "", .tool_calls = {{"shell", {{"cmd", "ls"}}}}});
      auto first = rig.post(codex_turn(model, input));
      REQUIRE(first.status == 200);
      CHECK(first.header("x-tokenrouter-dropped-tools") == "web_search");
      const json response = first.json();
      CHECK(response["model"] == model);
      const json call = response["output"].back();
      REQUIRE(call["type"] == "function_call");
      CHECK(json::parse(call["arguments"].get<std::string>()) == json{{"cmd", "ls"}});
      input.push_back(call);
      input.push_back({{"type", "function_call_output"}, {"call_id", call["call_id"]}, {"output", "a.py"}});
      rig.upstream.set_script({.text = "There is a.py."});
      auto second = rig.post(codex_turn(model, input));
      REQUIRE(second.status == 200);
      CHECK(second.json()["output"][0]["content"][0]["text"] == "There is a.py.");
      const std::string sent = rig.upstream.received().back().body;
      CHECK(sent.find("a.py") != std::string::npos);
      CHECK(sent.find("apply_patch") != std::string::npos);
      CHECK(sent.find("web_search") == std::string::npos);
    }
  }

  TEST_CASE("responses: previous_response_id continues a stored translated response")
  {
    Rig rig;
    rig.upstream.set_script({.text = "Noted: the number is 7."});
    auto first = rig.post({{"model", "claude-sonnet-4-5"}, {"input", "Remember 7"}});
    REQUIRE(first.status == 200);
    const std::string id = first.json()["id"];
    auto second = rig.post({{"model", "claude-sonnet-4-5"}, {"previous_response_id", id},
                            {"input", "Which number?"}});
    REQUIRE(second.status == 200);
    const std::string sent = rig.upstream.received().back().body;
    CHECK(sent.find("Remember 7") != std::string::npos);
    CHECK(sent.find("Noted: the number is 7.") != std::string::npos);
    CHECK(sent.find("Which number?") != std::string::npos);
  }

  TEST_CASE("responses: store false keeps nothing and an unknown id is a 404 in OpenAI's shape")
  {
    Rig rig;
    auto first = rig.post({{"model", "deepseek-chat"}, {"store", false}, {"input", "hi"}});
    REQUIRE(first.status == 200);
    auto second = rig.post({{"model", "deepseek-chat"}, {"previous_response_id", first.json()["id"]},
                            {"input", "again"}});
    CHECK(second.status == 404);
    CHECK(second.json()["error"]["message"].get<std::string>().find("not found") != std::string::npos);
  }

  TEST_CASE("responses: pass-through to a Responses upstream keeps the body and swaps the model")
  {
    Rig rig;
    json body = {{"model", "gpt-4o"}, {"stream", true}, {"input", "hi"},
                 {"future_field", {{"x", 1}}},
                 {"previous_response_id", "resp_upstream_owned"}};
    auto answer = rig.post(body);
    REQUIRE(answer.status == 200);
    const auto received = rig.upstream.received().back();
    CHECK(received.path == "/v1/responses");
    CHECK(received.json()["model"] == "gpt-4o-2024-08-06");
    CHECK(received.json()["future_field"] == json{{"x", 1}});
    CHECK(received.json()["previous_response_id"] == "resp_upstream_owned");
    const auto events = parse_sse(answer.body);
    REQUIRE(!events.empty());
    CHECK(events.front().json()["response"]["model"] == "gpt-4o");
    CHECK(events.back().event == "response.completed");
  }

  TEST_CASE("responses: the WebSocket GET is refused at once")
  {
    Rig rig;
    const auto started = std::chrono::steady_clock::now();
    auto answer = http_get(rig.daemon.url(), "/v1/responses",
                           {{"Authorization", "Bearer " + rig.key}, {"Upgrade", "websocket"},
                            {"Connection", "Upgrade"}, {"Sec-WebSocket-Version", "13"},
                            {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}});
    CHECK(answer.status == 426);
    CHECK(answer.json()["error"]["message"].is_string());
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  }
}
