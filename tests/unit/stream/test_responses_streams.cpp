// Responses clients: golden streams from Chat Completions, Anthropic and Responses upstreams
// (tests/golden/streams/responses-*/), fed in pieces of 1 byte, 7 bytes, random sizes and whole;
// plus the event vocabulary a client relies on. TKR_UPDATE_GOLDEN=1 rewrites expected files.

#include <cstdlib>

#include "core/stream/json_util.hpp"
#include "core/stream/translator.hpp"
#include "tests/unit/stream/stream_test_support.hpp"

namespace tokenrouter::stream::testing {

namespace {

struct Direction {
  std::string dir;
  model::Dialect upstream;
  std::vector<std::string> cases;
};

const std::vector<Direction> k_directions = {
    {"responses-from-chat", model::Dialect::openai_chat,
     {"text_only", "one_tool", "two_tools", "thinking_text", "error_mid"}},
    {"responses-from-anthropic", model::Dialect::anthropic_messages,
     {"text_only", "one_tool", "two_tools", "thinking_text", "error_mid"}},
    {"responses-passthrough", model::Dialect::openai_responses, {"text_only", "one_tool"}},
};

TranslateOptions responses_options(model::Dialect upstream)
{
  TranslateOptions options;
  options.upstream = upstream;
  options.client = model::Dialect::openai_responses;
  options.client_model = "my-model";
  options.created_unix = 1700000000;
  options.response_id = "resp_test";
  return options;
}

std::vector<std::string> split_lines(const std::string& text)
{
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    lines.push_back(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) {
      break;
    }
    pos = end + 1;
  }
  return lines;
}

} // namespace

TEST_SUITE("stream::responses")
{
  TEST_CASE("responses golden streams match in any split")
  {
    const bool update = std::getenv("TKR_UPDATE_GOLDEN") != nullptr;
    for (const Direction& direction : k_directions) {
      for (const std::string& name : direction.cases) {
        CAPTURE(direction.dir);
        CAPTURE(name);
        const std::string base = golden_dir() + direction.dir + "/" + name;
        const std::string upstream = read_file(base + ".upstream.sse");
        const TranslateOptions options = responses_options(direction.upstream);
        if (update) {
          write_file(base + ".expected.sse", run_stream(options, upstream, 0).output);
        }
        const std::string expected = read_file(base + ".expected.sse");
        for (const int piece : {0, 1, 7, -1}) {
          CAPTURE(piece);
          CHECK(run_stream(options, upstream, piece).output == expected);
        }
      }
    }
  }

  TEST_CASE("responses translated text runs the documented event sequence with increasing numbers")
  {
    const std::string upstream =
        read_file(golden_dir() + "responses-from-chat/text_only.upstream.sse");
    const StreamRun run = run_stream(responses_options(model::Dialect::openai_chat), upstream, 0);
    std::vector<std::string> types;
    int64_t last = -1;
    for (const auto& line : split_lines(run.output)) {
      if (line.rfind("data: ", 0) != 0) {
        continue;
      }
      const Json event = Json::parse(line.substr(6));
      CHECK(event["sequence_number"].get<int64_t>() == last + 1);
      last = event["sequence_number"].get<int64_t>();
      if (types.empty() || types.back() != event["type"]) {
        types.push_back(event["type"]);
      }
    }
    const std::vector<std::string> expected = {
        "response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.done",
        "response.content_part.done", "response.output_item.done", "response.completed"};
    CHECK(types == expected);
    CHECK(run.tail.find("response.completed") != std::string::npos);
  }

  TEST_CASE("responses custom tool calls come back as custom_tool_call items with the raw input")
  {
    TranslateOptions options = responses_options(model::Dialect::openai_chat);
    options.custom_tools = {"apply_patch"};
    const std::string upstream =
        R"(data: {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"apply_patch","arguments":"{\"input\":\"*** Begin"}}]}}]})"
        "\n\n"
        R"(data: {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":" Patch\"}"}}]},"finish_reason":"tool_calls"}]})"
        "\n\ndata: [DONE]\n\n";
    const StreamRun run = run_stream(options, upstream, 0);
    CHECK(run.output.find(R"("type":"custom_tool_call")") != std::string::npos);
    CHECK(run.output.find(R"(event: response.custom_tool_call_input.done)") != std::string::npos);
    CHECK(run.output.find(R"("input":"*** Begin Patch")") != std::string::npos);
  }

  TEST_CASE("responses non-streaming chat answers become a response object with usage")
  {
    const std::string chat =
        R"({"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"tool_calls","message":{"role":"assistant","content":"Hi","tool_calls":[{"id":"call_2","type":"function","function":{"name":"shell","arguments":"{\"cmd\":\"pwd\"}"}}]}}],"usage":{"prompt_tokens":100,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":64}}})";
    auto body = translate_body(responses_options(model::Dialect::openai_chat), chat);
    REQUIRE(body);
    const Json response = Json::parse(body->body);
    CHECK(response["object"] == "response");
    CHECK(response["model"] == "my-model");
    CHECK(response["status"] == "completed");
    CHECK(response["output"][0]["content"][0]["text"] == "Hi");
    CHECK(response["output"][1]["type"] == "function_call");
    CHECK(response["output"][1]["arguments"] == R"({"cmd":"pwd"})");
    CHECK(response["usage"]["input_tokens"] == 100);
    CHECK(response["usage"]["input_tokens_details"]["cached_tokens"] == 64);
    CHECK(body->usage.cache_read_tokens == 64);
    CHECK(body->usage.input_tokens == 36);
  }

  TEST_CASE("responses stream cut mid-way ends with response.failed")
  {
    const std::string upstream =
        R"(data: {"id":"c","choices":[{"index":0,"delta":{"content":"Hel"}}]})"
        "\n\n";
    auto translator = make_stream_translator(responses_options(model::Dialect::openai_chat));
    const std::string out = translator->feed(upstream);
    const std::string end = translator->fail({ErrorCode::upstream_failed, "upstream went away"});
    CHECK(out.find("response.output_text.delta") != std::string::npos);
    CHECK(end.find("event: response.output_text.done") != std::string::npos);
    CHECK(end.find("event: response.failed") != std::string::npos);
    CHECK(end.find("upstream went away") != std::string::npos);
  }
}

} // namespace tokenrouter::stream::testing
