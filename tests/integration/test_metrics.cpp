// GET /metrics on the real daemon after real requests through the fake upstream: the series
// and their values match what was asked and what the ledger recorded.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/support/daemon_process.hpp"
#include "tests/support/db_scalar.hpp"
#include "tests/support/fake_upstream.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/metrics_text.hpp"

using namespace tokenrouter::testing;
using nlohmann::json;

namespace {

Scrape scrape(const DaemonProcess& daemon)
{
  const HttpAnswer answer = http_get(daemon.url(), "/metrics");
  REQUIRE(answer.status == 200);
  CHECK(answer.header("content-type").starts_with("text/plain; version=0.0.4"));
  Scrape out = parse_scrape(answer.body);
  CHECK(out.malformed == "");
  return out;
}

HttpAnswer chat(const DaemonProcess& daemon, const std::string& text)
{
  const json body = {{"model", "gpt-4o"}, {"messages", {{{"role", "user"}, {"content", text}}}}};
  return http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                   {{"Authorization", "Bearer " + daemon.dev_key()}});
}

// The streams gauge drops when the server's close hook has run, just after the last byte.
double active_streams_after_close(const DaemonProcess& daemon)
{
  double open = -1;
  for (int i = 0; i < 100; ++i) {
    open = scrape(daemon).sum("tokenrouter_active_streams");
    if (open == 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return open;
}

} // namespace

TEST_SUITE("integration::metrics")
{
  TEST_CASE("requests, errors, tokens, cost and latency histograms after a few requests")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url()), fake_env()});
    const Scrape before = scrape(daemon);
    CHECK(before.value(R"(tokenrouter_requests_total{model="gpt-4o",provider="oa",status="200"})") == -1);
    CHECK(before.types.at("tokenrouter_requests_total") == "counter");
    CHECK(before.types.at("tokenrouter_request_duration_seconds") == "histogram");

    for (int i = 0; i < 3; ++i) {
      const HttpAnswer ok = chat(daemon, "question " + std::to_string(i));
      CHECK(ok.status == 200);
      CHECK_FALSE(ok.header("x-tokenrouter-overhead-ms").empty());
    }
    // One 500 that a retry recovers from, then three in a row ([routing] retries = 2): the
    // client sees one failure, the provider errors count all four.
    const FaultSpec boom{Fault::status, 500, R"({"error":{"message":"boom","type":"server_error"}})"};
    upstream.push_fault(boom);
    CHECK(chat(daemon, "retried").status == 200);
    for (int i = 0; i < 3; ++i) {
      upstream.push_fault(boom);
    }
    const HttpAnswer failed = chat(daemon, "this one fails");
    CHECK(failed.status >= 500);
    CHECK_FALSE(failed.header("x-tokenrouter-overhead-ms").empty());
    const json stream = {{"model", "claude-sonnet-4-5"}, {"max_tokens", 64}, {"stream", true},
                         {"messages", {{{"role", "user"}, {"content", "stream it"}}}}};
    const HttpAnswer streamed = http_post(daemon.url(), "/v1/messages", stream.dump(),
                                          {{"x-api-key", daemon.dev_key()}});
    CHECK(streamed.status == 200);
    CHECK_FALSE(streamed.header("x-tokenrouter-overhead-ms").empty());
    const HttpAnswer refused = http_post(daemon.url(), "/v1/chat/completions", "{}", {});
    CHECK(refused.status == 401);
    CHECK_FALSE(refused.header("x-tokenrouter-overhead-ms").empty());

    CHECK(active_streams_after_close(daemon) == 0);
    const Scrape after = scrape(daemon);
    CHECK(after.value(R"(tokenrouter_requests_total{model="gpt-4o",provider="oa",status="200"})") == 4);
    CHECK(after.sum("tokenrouter_requests_total", {R"(model="gpt-4o")"}) == 5);
    CHECK(after.value(R"(tokenrouter_requests_total{model="claude-sonnet-4-5",provider="an",status="200"})") == 1);
    CHECK(after.sum("tokenrouter_provider_errors_total", {R"(provider="oa")"}) == 4);
    CHECK(after.sum("tokenrouter_provider_errors_total", {R"(provider="an")"}) == 0);
    CHECK(after.value(R"(tokenrouter_upstream_attempts_total{provider="oa"})") == 3 + 2 + 3);
    CHECK(after.value(R"(tokenrouter_upstream_attempts_total{provider="an"})") == 1);

    SUBCASE("a histogram is cumulative and its _count equals the requests")
    {
      const std::string labels = R"(model="gpt-4o",provider="oa")";
      double previous = 0;
      for (const char* le : {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5",
                             "10", "30", "60", "120", "300", "+Inf"}) {
        const double bucket = after.value("tokenrouter_request_duration_seconds_bucket{" + labels
                                          + ",le=\"" + le + "\"}");
        CHECK_MESSAGE(bucket >= previous, "le=" << le);
        previous = bucket;
      }
      CHECK(previous == 5);
      CHECK(after.value("tokenrouter_request_duration_seconds_count{" + labels + "}") == 5);
      CHECK(after.value("tokenrouter_request_duration_seconds_sum{" + labels + "}") >= 0);
      CHECK(after.value("tokenrouter_time_to_first_token_seconds_count{" + labels + "}") == 4);
      CHECK(after.value("tokenrouter_overhead_seconds_count") == 6);
    }

    SUBCASE("tokens and cost equal the ledger's rows")
    {
      const auto db = daemon.db_path();
      CHECK(after.value(R"(tokenrouter_tokens_total{model="gpt-4o",type="completion"})")
            == db_scalar(db, "SELECT sum(output_tokens) FROM requests WHERE model = 'gpt-4o'"));
      CHECK(after.value(R"(tokenrouter_tokens_total{model="gpt-4o",type="prompt"})")
            == db_scalar(db, "SELECT sum(input_tokens) FROM requests WHERE model = 'gpt-4o'"));
      const double cost_usd = static_cast<double>(db_scalar(db, "SELECT sum(cost_nanousd) FROM requests")) / 1e9;
      CHECK(after.sum("tokenrouter_cost_usd_total") == doctest::Approx(cost_usd));
      CHECK(after.sum("tokenrouter_cache_misses_total") + after.sum("tokenrouter_cache_hits_total") == 5);
    }

    SUBCASE("process, ledger and build gauges are present")
    {
      CHECK(after.value("process_resident_memory_bytes") > 0);
      CHECK(after.value("process_open_fds") > 0);
      CHECK(after.value("process_threads") > 1);
      CHECK(after.value("tokenrouter_ledger_queue_capacity") > 0);
      CHECK(after.value("tokenrouter_ledger_rows_committed_total") == 6);
      CHECK(after.value("tokenrouter_build_info{version=\"" TKR_VERSION_STRING "\"}") == 1);
      // Routing state: the credential the config names (its variable, never its value).
      CHECK(after.value(R"(tokenrouter_credential_requests_total{provider="oa",credential="FAKE_OPENAI_KEY"})") >= 5);
      CHECK(after.sum("tokenrouter_deployment_capacity_tpm") == 0);
      for (const auto& [family, type] : after.types) {
        CHECK_MESSAGE(after.helped.count(family) == 1, family);
      }
    }
  }

  TEST_CASE("a requested model is labelled with its config entry (the glob), never verbatim")
  {
    FakeUpstream upstream;
    DaemonProcess daemon({fake_routes_config(upstream.url(), "[[models]]\nname = \"glob-*\"\nprovider = \"oa\"\n"),
                          fake_env()});
    const json body = {{"model", "glob-made-up-1"}, {"messages", {{{"role", "user"}, {"content", "x"}}}}};
    CHECK(http_post(daemon.url(), "/v1/chat/completions", body.dump(),
                    {{"Authorization", "Bearer " + daemon.dev_key()}})
              .status == 200);
    const Scrape after = scrape(daemon);
    CHECK(after.value(R"(tokenrouter_requests_total{model="glob-*",provider="oa",status="200"})") == 1);
    CHECK(after.sum("tokenrouter_requests_total", {"glob-made-up-1"}) == 0);
  }
}
