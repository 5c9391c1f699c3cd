// The data plane end to end: real daemon, real sockets, the fake upstream speaking each wire
// format. Every response must echo the client's model and be recorded in the ledger.
#include <doctest/doctest.h>

#include "core/store/database.hpp"
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

  HttpAnswer openai(const json& body)
  {
    return http_post(daemon.url(), "/v1/chat/completions", body.dump(), {{"Authorization", "Bearer " + key}});
  }

  HttpAnswer anthropic(const json& body)
  {
    return http_post(daemon.url(), "/v1/messages?beta=true", body.dump(),
                     {{"x-api-key", key}, {"anthropic-version", "2023-06-01"},
                      {"anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"}});
  }

  // The ledger rows so far: model, status, input, cache_read, output.
  std::vector<std::tuple<std::string, int64_t, int64_t, int64_t, int64_t>> rows()
  {
    auto db = tokenrouter::store::Database::open(daemon.db_path());
    REQUIRE(db);
    auto st = db->prepare("SELECT model, status, input_tokens, cache_read_tokens, output_tokens FROM requests ORDER BY id");
    REQUIRE(st);
    std::vector<std::tuple<std::string, int64_t, int64_t, int64_t, int64_t>> out;
    while (*st->step()) {
      out.emplace_back(st->column_text(0), st->column_int64(1), st->column_int64(2), st->column_int64(3),
                       st->column_int64(4));
    }
    return out;
  }
};

json chat(const std::string& model, bool stream)
{
  return {{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "Say hello"}}}}};
}

json messages(const std::string& model, bool stream)
{
  return {{"model", model}, {"max_tokens", 256}, {"stream", stream},
          {"messages", {{{"role", "user"}, {"content", "Say hello"}}}}};
}

} // namespace

TEST_SUITE("integration::data_plane")
{
  TEST_CASE("OpenAI client, OpenAI upstream, non-streaming: model echoed, usage recorded")
  {
    Rig rig;
    rig.upstream.set_script({.input_tokens = 2006, .cached_tokens = 1920, .output_tokens = 300});
    auto answer = rig.openai(chat("gpt-4o", false));
    REQUIRE(answer.status == 200);
    CHECK(answer.json()["model"] == "gpt-4o");
    CHECK(answer.json()["usage"]["prompt_tokens"] == 2006);
    const auto sent = rig.upstream.received().at(0);
    CHECK(sent.path == "/v1/chat/completions");
    CHECK(sent.json()["model"] == "gpt-4o-2024-08-06");
    CHECK(sent.header("Authorization") == "Bearer sk-fake-openai-upstream-secret");
    auto rows = rig.rows();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == std::tuple{std::string("gpt-4o"), int64_t{200}, int64_t{86}, int64_t{1920}, int64_t{300}});
  }

  TEST_CASE("OpenAI client streaming: chunks carry the client's model, usage stripped unless asked")
  {
    Rig rig;
    auto answer = rig.openai(chat("gpt-4o", true));
    REQUIRE(answer.status == 200);
    CHECK(answer.header("Content-Type").find("text/event-stream") == 0);
    auto events = parse_sse(answer.body);
    REQUIRE(events.size() >= 3);
    CHECK(events.back().data == "[DONE]");
    std::string text;
    for (size_t i = 0; i + 1 < events.size(); ++i) {
      auto chunk = events[i].json();
      CHECK(chunk["model"] == "gpt-4o");
      CHECK(!chunk["choices"].empty()); // the usage-only chunk was not asked for
      text += chunk["choices"][0]["delta"].value("content", "");
    }
    CHECK(text == "Hello from the fake upstream.");
    CHECK(rig.upstream.received().at(0).json()["stream_options"]["include_usage"] == true);
    REQUIRE(rig.rows().size() == 1);
    CHECK(std::get<4>(rig.rows()[0]) == 12);
  }

  TEST_CASE("Anthropic client, Anthropic upstream, streaming: headers forwarded, model echoed")
  {
    Rig rig;
    rig.upstream.set_script({.input_tokens = 2098, .cached_tokens = 1800, .cache_write_tokens = 248});
    auto answer = rig.anthropic(messages("claude-sonnet-4-5", true));
    REQUIRE(answer.status == 200);
    auto events = parse_sse(answer.body);
    REQUIRE(!events.empty());
    CHECK(events.front().event == "message_start");
    CHECK(events.front().json()["message"]["model"] == "claude-sonnet-4-5");
    CHECK(events.back().event == "message_stop");
    const auto sent = rig.upstream.received().at(0);
    CHECK(sent.path == "/v1/messages?beta=true");
    CHECK(sent.header("x-api-key") == "sk-ant-fake-upstream-secret");
    CHECK(sent.header("anthropic-beta") == "claude-code-20250219,interleaved-thinking-2025-05-14");
    CHECK(sent.header("anthropic-version") == "2023-06-01");
    CHECK(sent.header("Authorization").empty());
    auto rows = rig.rows();
    REQUIRE(rows.size() == 1);
    CHECK(std::get<2>(rows[0]) == 50);
    CHECK(std::get<3>(rows[0]) == 1800);
  }

  TEST_CASE("Anthropic client on an OpenAI upstream (Claude Code on another model), with a tool call")
  {
    Rig rig;
    rig.upstream.set_script({.text = "Reading.", .tool_calls = {{"read_file", {{"path", "a.py"}}}}});
    auto answer = rig.anthropic(messages("claude-via-openai", true));
    REQUIRE(answer.status == 200);
    auto events = parse_sse(answer.body);
    std::string args;
    std::string tool_name;
    for (const auto& e : events) {
      auto data = e.json();
      if (e.event == "content_block_start" && data["content_block"]["type"] == "tool_use") {
        tool_name = data["content_block"]["name"];
      }
      if (e.event == "content_block_delta" && data["delta"]["type"] == "input_json_delta") {
        args += data["delta"]["partial_json"].get<std::string>();
      }
    }
    CHECK(tool_name == "read_file");
    CHECK(json::parse(args) == json{{"path", "a.py"}});
    CHECK(events.front().json()["message"]["model"] == "claude-via-openai");
    CHECK(events.back().event == "message_stop");
    CHECK(rig.upstream.received().at(0).path == "/v1/chat/completions");
  }

  TEST_CASE("OpenAI client on an Anthropic upstream, non-streaming, with a tool call")
  {
    Rig rig;
    rig.upstream.set_script({.text = "", .tool_calls = {{"get_weather", {{"city", "Paris"}}}}});
    auto answer = rig.openai(chat("gpt-via-anthropic", false));
    REQUIRE(answer.status == 200);
    auto body = answer.json();
    CHECK(body["model"] == "gpt-via-anthropic");
    CHECK(body["choices"][0]["finish_reason"] == "tool_calls");
    auto call = body["choices"][0]["message"]["tool_calls"][0];
    CHECK(call["function"]["name"] == "get_weather");
    CHECK(json::parse(call["function"]["arguments"].get<std::string>()) == json{{"city", "Paris"}});
    auto sent = rig.upstream.received().at(0).json();
    CHECK(sent["max_tokens"].is_number_integer());
    CHECK(sent["model"] == "claude-sonnet-4-5");
  }

  TEST_CASE("errors speak the client's dialect: unknown model, bad key, bad JSON, body too large")
  {
    Rig rig;
    auto unknown = rig.openai(chat("no-such-model", false));
    CHECK(unknown.status == 404);
    CHECK(unknown.json()["error"]["message"].get<std::string>().find("gpt-4o") != std::string::npos);

    auto anthropic_unknown = rig.anthropic(messages("no-such-model", false));
    CHECK(anthropic_unknown.status == 404);
    CHECK(anthropic_unknown.json()["type"] == "error");
    CHECK(anthropic_unknown.json()["error"]["type"] == "not_found_error");

    auto bad_key = http_post(rig.daemon.url(), "/v1/messages", messages("claude-sonnet-4-5", false).dump(),
                             {{"x-api-key", "tr-wrong"}});
    CHECK(bad_key.status == 401);
    CHECK(bad_key.json()["error"]["type"] == "authentication_error");

    auto bad_json = http_post(rig.daemon.url(), "/v1/chat/completions", "{not json",
                              {{"Authorization", "Bearer " + rig.key}});
    CHECK(bad_json.status == 400);
    CHECK(bad_json.json()["error"]["type"] == "invalid_request_error");

    const std::string huge(40 * 1024 * 1024, 'x');
    auto too_large = http_post(rig.daemon.url(), "/v1/messages", huge, {{"x-api-key", rig.key}});
    CHECK(too_large.status == 413);
    CHECK(too_large.json()["error"]["type"] == "request_too_large");
    CHECK(rig.upstream.calls() == 0);
  }

  TEST_CASE("/v1/models in OpenAI and Anthropic shapes; count_tokens forwarded or estimated")
  {
    Rig rig;
    auto openai = http_get(rig.daemon.url(), "/v1/models", {{"Authorization", "Bearer " + rig.key}});
    REQUIRE(openai.status == 200);
    CHECK(openai.json()["object"] == "list");
    CHECK(openai.json()["data"][0]["id"] == "gpt-4o");
    auto anthropic = http_get(rig.daemon.url(), "/v1/models?limit=1000",
                              {{"x-api-key", rig.key}, {"anthropic-version", "2023-06-01"}});
    REQUIRE(anthropic.status == 200);
    CHECK(anthropic.json()["has_more"] == false);
    CHECK(anthropic.json()["data"][1]["type"] == "model");

    json count = {{"model", "claude-sonnet-4-5"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
    auto forwarded = http_post(rig.daemon.url(), "/v1/messages/count_tokens?beta=true", count.dump(),
                               {{"x-api-key", rig.key}});
    CHECK(forwarded.status == 200);
    CHECK(forwarded.header("x-tokenrouter-token-count").empty());
    count["model"] = "claude-via-openai";
    auto estimated = http_post(rig.daemon.url(), "/v1/messages/count_tokens", count.dump(), {{"x-api-key", rig.key}});
    CHECK(estimated.status == 200);
    CHECK(estimated.json()["input_tokens"].get<int>() > 0);
    CHECK(estimated.header("x-tokenrouter-token-count") == "estimate");
  }
}
