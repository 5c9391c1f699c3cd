#include <doctest/doctest.h>

#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

TEST_SUITE("stream::usage_codec")
{
  TEST_CASE("OpenAI prompt_tokens include cached and cache-write tokens")
  {
    const model::Usage usage = parse_openai_usage(Json::parse(R"({
      "prompt_tokens": 2006, "completion_tokens": 300, "total_tokens": 2306,
      "prompt_tokens_details": {"cached_tokens": 1920, "cache_write_tokens": 0},
      "completion_tokens_details": {"reasoning_tokens": 40}})"));
    CHECK(usage.input_tokens == 86);
    CHECK(usage.cache_read_tokens == 1920);
    CHECK(usage.cache_write_tokens == 0);
    CHECK(usage.output_tokens == 300);
    CHECK(usage.reasoning_tokens == 40);
    CHECK(usage.prompt_total() == 2006);
  }

  TEST_CASE("OpenAI cache_write_tokens are subtracted too")
  {
    const model::Usage usage = parse_openai_usage(Json::parse(
        R"({"prompt_tokens": 5000, "completion_tokens": 10,
            "prompt_tokens_details": {"cached_tokens": 1000, "cache_write_tokens": 3000}})"));
    CHECK(usage.input_tokens == 1000);
    CHECK(usage.cache_read_tokens == 1000);
    CHECK(usage.cache_write_tokens == 3000);
  }

  TEST_CASE("DeepSeek prompt_cache_hit_tokens are the cached part")
  {
    const model::Usage usage = parse_openai_usage(Json::parse(
        R"({"prompt_tokens": 1500, "completion_tokens": 200, "prompt_cache_hit_tokens": 1408,
            "prompt_cache_miss_tokens": 92, "completion_tokens_details": {"reasoning_tokens": 150}})"));
    CHECK(usage.input_tokens == 92);
    CHECK(usage.cache_read_tokens == 1408);
    CHECK(usage.reasoning_tokens == 150);
  }

  TEST_CASE("null details and missing fields are zero")
  {
    const model::Usage usage = parse_openai_usage(Json::parse(
        R"({"prompt_tokens": 80, "completion_tokens": 17, "prompt_tokens_details": null})"));
    CHECK(usage == model::Usage{80, 0, 0, 0, 17, 0});
    CHECK(parse_openai_usage(Json()) == model::Usage{});
  }

  TEST_CASE("Anthropic input_tokens exclude cache reads and writes")
  {
    const model::Usage usage = parse_anthropic_usage(Json::parse(R"({
      "input_tokens": 50, "cache_creation_input_tokens": 248, "cache_read_input_tokens": 1800,
      "cache_creation": {"ephemeral_5m_input_tokens": 148, "ephemeral_1h_input_tokens": 100},
      "output_tokens": 503, "service_tier": "standard"})"));
    CHECK(usage == model::Usage{50, 1800, 248, 100, 503, 0});
    CHECK(usage.prompt_total() == 2098);
  }

  TEST_CASE("message_delta usage is cumulative and only overrides what it carries")
  {
    const model::Usage start = parse_anthropic_usage(Json::parse(
        R"({"input_tokens": 472, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 9,
            "output_tokens": 2})"));
    const model::Usage merged =
        merge_anthropic_usage(start, Json::parse(R"({"output_tokens": 89})"));
    CHECK(merged == model::Usage{472, 9, 0, 0, 89, 0});
    const model::Usage revised = merge_anthropic_usage(
        merged, Json::parse(R"({"input_tokens": 500, "output_tokens": 90})"));
    CHECK(revised == model::Usage{500, 9, 0, 0, 90, 0});
  }

  TEST_CASE("Responses input_tokens include cached_tokens")
  {
    const model::Usage usage = parse_responses_usage(Json::parse(
        R"({"input_tokens": 1000, "input_tokens_details": {"cached_tokens": 600},
            "output_tokens": 50, "output_tokens_details": {"reasoning_tokens": 20}})"));
    CHECK(usage == model::Usage{400, 600, 0, 0, 50, 20});
  }

  TEST_CASE("OpenAI rendering reports the whole prompt with the cached part")
  {
    const model::Usage usage{50, 1800, 248, 0, 503, 7};
    CHECK(dump(render_openai_usage(usage))
          == R"({"prompt_tokens":2098,"completion_tokens":503,"total_tokens":2601,)"
             R"("prompt_tokens_details":{"cached_tokens":1800,"cache_write_tokens":248},)"
             R"("completion_tokens_details":{"reasoning_tokens":7}})");
  }

  TEST_CASE("Anthropic rendering is disjoint and always carries the cache fields")
  {
    const model::Usage usage{86, 1920, 0, 0, 300, 0};
    CHECK(dump(render_anthropic_usage(usage))
          == R"({"input_tokens":86,"cache_creation_input_tokens":0,"cache_read_input_tokens":1920,)"
             R"("output_tokens":300})");
  }

  TEST_CASE("parse and render round-trip in both directions")
  {
    const model::Usage usage{86, 1920, 12, 0, 300, 0};
    CHECK(parse_anthropic_usage(Json::parse(dump(render_anthropic_usage(usage)))) == usage);
    CHECK(parse_openai_usage(Json::parse(dump(render_openai_usage(usage)))) == usage);
  }
}

} // namespace tokenrouter::stream
