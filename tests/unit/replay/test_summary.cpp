// tokenrouter replay's summary and CI gates.
#include <doctest/doctest.h>

#include "cli/commands/replay_runner.hpp"
#include "cli/commands/replay_summary.hpp"

using namespace tokenrouter;

TEST_SUITE("cli::replay summary")
{
  TEST_CASE("totals, cache-hit ratio, percentiles and the gates that fail")
  {
    std::vector<cli::Outcome> outcomes(3);
    for (int i = 0; i < 3; ++i) {
      outcomes[i].status = 200;
      outcomes[i].usage.input_tokens = 60;
      outcomes[i].usage.cache_read_tokens = 40;
      outcomes[i].usage.output_tokens = 5;
      outcomes[i].cost_nanousd = 1000;
      outcomes[i].priced = true;
      outcomes[i].latency_ms = 10 * (i + 1);
    }
    outcomes[2].error = "HTTP 502: boom";
    const auto s = cli::summarize(outcomes);
    CHECK(s["requests"] == 3);
    CHECK(s["errors"] == 1);
    CHECK(s["prompt_tokens"] == 300);
    CHECK(s["cached_tokens"] == 120);
    CHECK(s["cache_hit_ratio"].get<double>() == doctest::Approx(0.4));
    CHECK(s["cost_nanousd"] == 3000);
    CHECK(s["latency_ms"]["p50"] == 20);
    CHECK(s["latency_ms"]["p99"] == 30);

    CHECK(cli::gate_failures(s, {3000, 0.4, 1}).empty());
    const auto failures = cli::gate_failures(s, {2999, 0.5, 0});
    REQUIRE(failures.size() == 3);
    CHECK(failures[0] == "cost $0.000003 is over --max-cost $0.000002999");
    CHECK(failures[1].find("--min-cache-hit") != std::string::npos);
    CHECK(failures[2] == "1 errors is over --max-errors 0");

    auto baseline = s;
    baseline["cost_nanousd"] = 4000;
    const auto change = cli::compare(s, baseline);
    CHECK(change["cost_nanousd"]["change"] == -1000);
    CHECK(change["cost_nanousd"]["change_usd"] == "-0.000001");
  }

  TEST_CASE("usage is read from answers in each dialect, streamed or not")
  {
    using model::Dialect;
    auto u = cli::usage_of_answer(
        Dialect::openai_chat,
        false,
        R"({"usage":{"prompt_tokens":100,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":60}}})");
    CHECK(u.input_tokens == 40);
    CHECK(u.cache_read_tokens == 60);
    u = cli::usage_of_answer(
        Dialect::anthropic_messages,
        true,
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":"
        "{\"input_tokens\":10,\"cache_read_input_tokens\":90,\"output_tokens\":1}}}\n\n"
        "event: message_delta\ndata: "
        "{\"type\":\"message_delta\",\"usage\":{\"output_tokens\":12}}\n\n");
    CHECK(u.cache_read_tokens == 90);
    CHECK(u.output_tokens == 12);
    u = cli::usage_of_answer(Dialect::openai_chat,
                             true,
                             "data: {\"choices\":[]}\n\ndata: "
                             "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
                             "2}}\n\ndata: [DONE]\n\n");
    CHECK(u.input_tokens == 5);
    CHECK(u.output_tokens == 2);
  }
}
