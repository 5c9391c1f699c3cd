// Properties of translated streams beyond the exact golden bytes: tool arguments survive
// reassembly, tool call indexes count from 0, the model is always the client's, usage is
// normalised, the tail is held back, and malformed upstreams are reported.

#include <map>

#include "core/stream/json_util.hpp"
#include "tests/unit/stream/stream_test_support.hpp"

namespace tokenrouter::stream::testing {

namespace {

std::string golden_upstream(const std::string& direction, const std::string& name)
{
  return read_file(golden_dir() + direction + "/" + name + ".upstream.sse");
}

// OpenAI client output: arguments concatenated per tool call index.
std::map<int64_t, std::string> openai_arguments(const std::string& sse, std::vector<int64_t>& order)
{
  std::map<int64_t, std::string> out;
  for (const std::string& data : data_lines(sse)) {
    if (data == "[DONE]") {
      continue;
    }
    const Json chunk = Json::parse(data);
    for (const Json& choice : member(chunk, "choices")) {
      for (const Json& call : member(member(choice, "delta"), "tool_calls")) {
        const int64_t index = int_member(call, "index");
        if (!out.count(index)) {
          order.push_back(index);
        }
        out[index] += string_member(member(call, "function"), "arguments");
      }
    }
  }
  return out;
}

// Anthropic output (client or upstream): partial_json concatenated per block index.
std::map<int64_t, std::string> anthropic_arguments(const std::string& sse)
{
  std::map<int64_t, std::string> out;
  for (const std::string& data : data_lines(sse)) {
    const Json event = Json::parse(data);
    if (string_member(member(event, "content_block"), "type") == "tool_use") {
      out[int_member(event, "index")];
    }
    if (string_member(member(event, "delta"), "type") == "input_json_delta") {
      out[int_member(event, "index")] += string_member(member(event, "delta"), "partial_json");
    }
  }
  return out;
}

TranslateOptions options_with(const std::string& direction, bool include_usage)
{
  TranslateOptions options = direction_options(direction);
  options.client_include_usage = include_usage;
  return options;
}

} // namespace

TEST_SUITE("stream::properties")
{
  TEST_CASE("Anthropic → OpenAI: tool arguments reassemble to the original input, indexes from 0")
  {
    for (const std::string name : {"one_tool", "two_tools", "text_tool"}) {
      CAPTURE(name);
      const std::string upstream = golden_upstream("anthropic-to-openai", name);
      const StreamRun run = run_stream(direction_options("anthropic-to-openai"), upstream, 3);
      std::vector<int64_t> order;
      const auto translated = openai_arguments(run.output, order);
      const auto original = anthropic_arguments(upstream);
      REQUIRE(translated.size() == original.size());
      for (size_t i = 0; i < order.size(); ++i) {
        CHECK(order[i] == static_cast<int64_t>(i));
      }
      auto source = original.begin();
      for (const auto& [index, arguments] : translated) {
        CHECK(Json::parse(arguments) == Json::parse(source->second));
        ++source;
      }
    }
  }

  TEST_CASE("OpenAI → Anthropic: partial_json reassembles to the original arguments")
  {
    for (const std::string name : {"one_tool", "two_tools", "text_tool"}) {
      CAPTURE(name);
      const std::string upstream = golden_upstream("openai-to-anthropic", name);
      const StreamRun run = run_stream(direction_options("openai-to-anthropic"), upstream, 5);
      std::vector<int64_t> order;
      const auto original = openai_arguments(upstream, order);
      const auto translated = anthropic_arguments(run.output);
      REQUIRE(translated.size() == original.size());
      auto source = original.begin();
      for (const auto& [index, arguments] : translated) {
        CHECK(Json::parse(arguments) == Json::parse(source->second));
        ++source;
      }
    }
  }

  TEST_CASE("every event names the client's model")
  {
    for (const std::string direction :
         {"anthropic-to-openai", "openai-to-anthropic", "anthropic-to-anthropic", "openai-to-openai"}) {
      for (const std::string name : {"text_only", "two_tools", "thinking_text"}) {
        CAPTURE(direction);
        CAPTURE(name);
        const StreamRun run =
            run_stream(direction_options(direction), golden_upstream(direction, name), 0);
        int models = 0;
        for (const std::string& data : data_lines(run.output)) {
          if (data == "[DONE]") {
            continue;
          }
          const Json event = Json::parse(data);
          const bool openai_client = direction.substr(direction.size() - 6) == "openai";
          const Json& holder = openai_client ? event : member(event, "message");
          if (openai_client || string_member(event, "type") == "message_start") {
            CHECK(string_member(holder, "model") == "my-model");
            ++models;
          }
        }
        CHECK(models > 0);
      }
    }
  }

  TEST_CASE("OpenAI pass-through strips the usage chunk unless the client asked, and keeps usage")
  {
    const std::string upstream = golden_upstream("openai-to-openai", "text_only");
    const StreamRun without = run_stream(options_with("openai-to-openai", false), upstream, 1);
    CHECK(without.output.find("\"choices\":[]") == std::string::npos);
    CHECK(without.tail == "data: [DONE]\n\n");
    CHECK(without.usage == model::Usage{86, 1920, 0, 0, 300, 0});
    const StreamRun with = run_stream(options_with("openai-to-openai", true), upstream, 1);
    CHECK(with.tail.find("\"choices\":[]") != std::string::npos); // the usage chunk is in the tail
    CHECK(with.tail.ends_with("data: [DONE]\n\n"));
    CHECK(with.streamed.find("\"choices\":[]") == std::string::npos);
    CHECK(with.usage == without.usage);
  }

  TEST_CASE("Anthropic → OpenAI without include_usage ends with [DONE] only; usage is kept")
  {
    const StreamRun run = run_stream(options_with("anthropic-to-openai", false),
                                     golden_upstream("anthropic-to-openai", "text_only"), 7);
    CHECK(run.complete);
    CHECK(run.tail == "data: [DONE]\n\n");
    CHECK(run.output.find("\"usage\"") == std::string::npos);
    CHECK(run.usage == model::Usage{50, 1800, 248, 0, 12, 0});
    CHECK(run.usage.prompt_total() == 2098);
  }

  TEST_CASE("usage is normalised in both directions")
  {
    const StreamRun from_openai = run_stream(direction_options("openai-to-anthropic"),
                                             golden_upstream("openai-to-anthropic", "one_tool"), 0);
    CHECK(from_openai.usage == model::Usage{86, 1920, 0, 0, 300, 0});
    CHECK(from_openai.tail.find(R"("usage":{"input_tokens":86,"cache_creation_input_tokens":0,)"
                                R"("cache_read_input_tokens":1920,"output_tokens":300})")
          != std::string::npos);
    const StreamRun from_anthropic = run_stream(
        direction_options("anthropic-to-openai"), golden_upstream("anthropic-to-openai", "one_tool"), 0);
    CHECK(from_anthropic.tail.find(R"("prompt_tokens":2098,)") != std::string::npos);
    CHECK(from_anthropic.tail.find(R"("cached_tokens":1800,)") != std::string::npos);
  }

  TEST_CASE("the terminal events are held back until take_tail()")
  {
    for (const std::string direction :
         {"anthropic-to-openai", "openai-to-anthropic", "anthropic-to-anthropic", "openai-to-openai"}) {
      CAPTURE(direction);
      const StreamRun run =
          run_stream(direction_options(direction), golden_upstream(direction, "text_tool"), 0);
      CHECK(run.complete);
      CHECK(run.streamed.find("[DONE]") == std::string::npos);
      CHECK(run.streamed.find("message_stop") == std::string::npos);
      CHECK(run.streamed.find("message_delta") == std::string::npos);
      const bool ends_ok = run.tail.ends_with("data: [DONE]\n\n")
                           || run.tail.ends_with("data: {\"type\":\"message_stop\"}\n\n");
      CHECK(ends_ok);
    }
  }

  TEST_CASE("take_tail() once; fail() after the end adds nothing; fail() replaces an untaken tail")
  {
    const std::string upstream = golden_upstream("anthropic-to-anthropic", "text_only");
    auto translator = make_stream_translator(direction_options("anthropic-to-anthropic"));
    CHECK(translator->take_tail().empty());
    CHECK_FALSE(translator->feed(upstream).empty());
    REQUIRE(translator->complete());
    CHECK_FALSE(translator->take_tail().empty());
    CHECK(translator->take_tail().empty());
    CHECK(translator->fail(Error{ErrorCode::storage, "x"}).empty());
    CHECK(translator->feed("event: ping\ndata: {}\n\n").empty());

    auto uncommitted = make_stream_translator(direction_options("anthropic-to-anthropic"));
    (void)uncommitted->feed(upstream);
    REQUIRE(uncommitted->complete());
    CHECK(uncommitted->fail(Error{ErrorCode::storage, "disk"})
          == "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"disk\"}}\n\n");
    CHECK(uncommitted->take_tail().empty());
  }

  TEST_CASE("an upstream error event completes the stream with upstream_error(), nothing after")
  {
    for (const std::string direction :
         {"anthropic-to-openai", "openai-to-anthropic", "anthropic-to-anthropic", "openai-to-openai"}) {
      CAPTURE(direction);
      auto translator = make_stream_translator(direction_options(direction));
      const std::string out = translator->feed(golden_upstream(direction, "error_mid"));
      CHECK(translator->upstream_error());
      CHECK(translator->complete());
      CHECK_FALSE(translator->malformed());
      CHECK(out.find("error") != std::string::npos);
      CHECK(translator->take_tail().empty());
      CHECK(translator->fail(Error{ErrorCode::upstream_failed, "closed"}).empty());
      CHECK(translator->feed("data: [DONE]\n\n").empty());
    }
  }

  TEST_CASE("malformed JSON or SSE is reported and stops the stream")
  {
    for (const std::string direction :
         {"anthropic-to-openai", "openai-to-anthropic", "anthropic-to-anthropic", "openai-to-openai"}) {
      CAPTURE(direction);
      auto translator = make_stream_translator(direction_options(direction));
      (void)translator->feed("data: {\"type\":\"message_start\",\"mess\n\n");
      REQUIRE(translator->malformed());
      CHECK(translator->malformed()->code == ErrorCode::upstream_failed);
      CHECK(translator->feed(golden_upstream(direction, "text_only")).empty());
      CHECK_FALSE(translator->fail(*translator->malformed()).empty());
    }
    TranslateOptions options = direction_options("openai-to-openai");
    auto translator = make_stream_translator(options);
    (void)translator->feed(std::string(9 * 1024 * 1024, 'x'));
    CHECK(translator->malformed());
  }

  TEST_CASE("message_start input_tokens is never 0 for Anthropic clients")
  {
    const std::string upstream = golden_upstream("openai-to-anthropic", "text_only");
    TranslateOptions options = direction_options("openai-to-anthropic");
    options.estimated_input_tokens = 0;
    const StreamRun run = run_stream(options, upstream, 0);
    const Json start = Json::parse(data_lines(run.output).front());
    CHECK(start["message"]["usage"]["input_tokens"] == 1);

    const std::string early_usage =
        R"(data: {"id":"chatcmpl-E","model":"m","choices":[{"index":0,"delta":{"content":"x"}}],)"
        R"("usage":{"prompt_tokens":100,"completion_tokens":1,"prompt_tokens_details":{"cached_tokens":60}}})"
        "\n\n";
    const StreamRun early = run_stream(options, early_usage, 0);
    const Json early_start = Json::parse(data_lines(early.output).front());
    CHECK(early_start["message"]["usage"]["input_tokens"] == 40);
    CHECK(early_start["message"]["usage"]["cache_read_input_tokens"] == 60);
  }

  TEST_CASE("ping and unknown events: forwarded in pass-through, dropped when translating")
  {
    const std::string events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                               "{\"id\":\"msg_1\",\"model\":\"claude\",\"usage\":{\"input_tokens\":5}}}\n\n"
                               "event: ping\ndata: {\"type\":\"ping\"}\n\n"
                               "event: future_thing\ndata: {\"type\":\"future_thing\",\"x\":1}\n\n";
    auto same = make_stream_translator(direction_options("anthropic-to-anthropic"));
    const std::string forwarded = same->feed(events);
    CHECK(forwarded.find("event: ping\n") != std::string::npos);
    CHECK(forwarded.find("future_thing") != std::string::npos);
    auto cross = make_stream_translator(direction_options("anthropic-to-openai"));
    const std::string translated = cross->feed(events);
    CHECK(data_lines(translated).size() == 1); // the role chunk only
    CHECK_FALSE(cross->malformed());
  }

  TEST_CASE("an OpenAI tool call without an id gets a derived tool_use id")
  {
    const std::string upstream =
        R"(data: {"id":"chatcmpl-Z","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{}"}}]}}]})"
        "\n\n";
    const StreamRun run = run_stream(direction_options("openai-to-anthropic"), upstream, 0);
    CHECK(run.output.find(R"("id":"toolu_Z_0","name":"f")") != std::string::npos);
  }

  TEST_CASE("unsupported dialect pairs report a malformed stream instead of guessing")
  {
    TranslateOptions options;
    options.upstream = model::Dialect::openai_responses;
    options.client = model::Dialect::anthropic_messages;
    auto translator = make_stream_translator(options);
    (void)translator->feed("data: {}\n\n");
    REQUIRE(translator->malformed());
    CHECK(translator->malformed()->code == ErrorCode::internal);
  }
}

} // namespace tokenrouter::stream::testing
