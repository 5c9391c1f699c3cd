// The Prometheus text format, byte for byte: HELP/TYPE lines, label escaping, cumulative
// histogram buckets, the cardinality cap.
#include <doctest/doctest.h>

#include <thread>
#include <vector>

#include "core/metrics/exposition.hpp"
#include "core/metrics/labels.hpp"
#include "core/metrics/process.hpp"
#include "core/metrics/registry.hpp"
#include "core/metrics/scrape.hpp"

using namespace tokenrouter::metrics;

TEST_SUITE("metrics::exposition")
{
  TEST_CASE("a counter renders HELP, TYPE and one line per label set, sorted")
  {
    Registry registry;
    Family& requests = registry.add({"t_requests_total", "Requests.", Kind::counter, {"model", "status"}, {}, 1.0, 10});
    requests.with({"gpt-4o", "200"}).add();
    requests.with({"gpt-4o", "200"}).add(2);
    requests.with({"claude", "502"}).add();
    CHECK(registry.render() == "# HELP t_requests_total Requests.\n"
                               "# TYPE t_requests_total counter\n"
                               "t_requests_total{model=\"claude\",status=\"502\"} 1\n"
                               "t_requests_total{model=\"gpt-4o\",status=\"200\"} 3\n");
  }

  TEST_CASE("label values escape backslash, double quote and newline; HELP escapes backslash and newline")
  {
    CHECK(escape_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
    CHECK(escape_help("line\\one\ntwo \"q\"") == "line\\\\one\\ntwo \"q\"");
    Registry registry;
    registry.add({"t_g", "A\ngauge.", Kind::gauge, {"name"}, {}, 1.0, 10}).with({"x\"y"}).set(-4);
    CHECK(registry.render() == "# HELP t_g A\\ngauge.\n# TYPE t_g gauge\nt_g{name=\"x\\\"y\"} -4\n");
  }

  TEST_CASE("a family without labels renders bare; values are divided by the family's divisor")
  {
    Registry registry;
    registry.add({"t_cost_usd_total", "Cost.", Kind::counter, {}, {}, 1e9, 1}).add(1'500'000'000);
    registry.add({"t_small", "Small.", Kind::gauge, {}, {}, 1e9, 1}).set(25);
    CHECK(registry.render() == "# HELP t_cost_usd_total Cost.\n# TYPE t_cost_usd_total counter\n"
                               "t_cost_usd_total 1.5\n"
                               "# HELP t_small Small.\n# TYPE t_small gauge\nt_small 2.5e-08\n");
  }

  TEST_CASE("a histogram's buckets are cumulative, end in +Inf, and _count equals +Inf")
  {
    Registry registry;
    Family& latency = registry.add({"t_seconds", "Latency.", Kind::histogram, {"model"},
                                    {100'000, 500'000, 1'000'000}, 1e6, 10});
    latency.observe({"m"}, 50'000);    // 0.05 s → le 0.1
    latency.observe({"m"}, 100'000);   // exactly on a bound → that bucket
    latency.observe({"m"}, 700'000);   // → le 1
    latency.observe({"m"}, 4'000'000); // → +Inf only
    CHECK(registry.render() == "# HELP t_seconds Latency.\n"
                               "# TYPE t_seconds histogram\n"
                               "t_seconds_bucket{model=\"m\",le=\"0.1\"} 2\n"
                               "t_seconds_bucket{model=\"m\",le=\"0.5\"} 2\n"
                               "t_seconds_bucket{model=\"m\",le=\"1\"} 3\n"
                               "t_seconds_bucket{model=\"m\",le=\"+Inf\"} 4\n"
                               "t_seconds_sum{model=\"m\"} 4.85\n"
                               "t_seconds_count{model=\"m\"} 4\n");
  }

  TEST_CASE("past max_series, new label sets share the all-\"other\" series")
  {
    Registry registry;
    Family& family = registry.add({"t_capped", "Capped.", Kind::counter, {"a", "b"}, {}, 1.0, 3});
    family.with({"1", "x"}).add();
    family.with({"2", "x"}).add();
    family.with({"3", "x"}).add(); // the cap: 2 own series + "other"
    family.with({"4", "x"}).add();
    family.with({"other", "other"}).add();
    family.with({"1", "x"}).add();
    CHECK(registry.render() == "# HELP t_capped Capped.\n# TYPE t_capped counter\n"
                               "t_capped{a=\"1\",b=\"x\"} 2\n"
                               "t_capped{a=\"2\",b=\"x\"} 1\n"
                               "t_capped{a=\"other\",b=\"other\"} 3\n");
  }

  TEST_CASE("concurrent recording from many threads loses no increment")
  {
    Registry registry;
    Family& family = registry.add({"t_c", "C.", Kind::counter, {"k"}, {}, 1.0, 50});
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&family, t] {
        for (int i = 0; i < 10000; ++i) {
          family.with({std::to_string(i % 10), t % 2 == 0 ? "even" : "odd"}).add();
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    int64_t total = 0;
    for (const Series* series : family.snapshot()) {
      total += series->value();
    }
    CHECK(family.snapshot().size() == 20);
    CHECK(total == 80000);
  }

  TEST_CASE("collectors run before each render")
  {
    Registry registry;
    Family& gauge = registry.add({"t_depth", "Depth.", Kind::gauge, {}, {}, 1.0, 1});
    int calls = 0;
    registry.add_collector([&] { gauge.set(++calls * 10); });
    CHECK(registry.render().ends_with("t_depth 10\n"));
    CHECK(registry.render().ends_with("t_depth 20\n"));
  }
}

TEST_SUITE("metrics::labels")
{
  TEST_CASE("models and providers map to config names, globs, or other")
  {
    tokenrouter::config::Config config;
    config.models.push_back({});
    config.models.back().name = "gpt-4o";
    config.models.push_back({});
    config.models.back().name = "claude-*";
    config.providers.push_back({});
    config.providers.back().name = "openai";
    const LabelVocabulary labels(config);
    CHECK(labels.model("gpt-4o") == "gpt-4o");
    CHECK(labels.model("claude-sonnet-4-5") == "claude-*");
    CHECK(labels.model("made-up-model-123") == "other");
    CHECK(labels.provider("openai") == "openai");
    CHECK(labels.provider("evil\"provider") == "other");
    CHECK(status_label(200) == "200");
    CHECK(status_label(1000) == "other");
    CHECK(error_type_label("upstream_timeout") == "upstream_timeout");
    CHECK(error_type_label("client_closed") == "client_closed");
    CHECK(error_type_label("anything else") == "other");
  }
}

TEST_SUITE("metrics::process")
{
  TEST_CASE("/proc/self/stat fields are read after the command name, spaces and all")
  {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss
    const std::string stat = "42 (tokenrouter d) S 1 42 42 0 -1 4194560 100 0 0 0 "
                             "250 150 0 0 20 0 7 0 1000 123456789 300 18446744073709551615\n";
    const ProcessStats stats = parse_proc_stat(stat, 100, 1'700'000'000, 4096);
    CHECK(stats.cpu_ms == 4000);
    CHECK(stats.threads == 7);
    CHECK(stats.start_time_ms == 1'700'000'010'000);
    CHECK(stats.virtual_bytes == 123456789);
    CHECK(stats.resident_bytes == 300 * 4096);
  }

  TEST_CASE("the running process has memory, threads and open descriptors")
  {
    const ProcessStats stats = read_process_stats();
    CHECK(stats.resident_bytes > 0);
    CHECK(stats.threads >= 1);
    CHECK(stats.open_fds >= 3);
    CHECK(stats.max_fds > 0);
  }
}

TEST_SUITE("metrics::scrape")
{
  TEST_CASE("a rendered exposition reads back: names, unescaped labels, values")
  {
    Registry registry;
    registry.add({"t_info", "Info.", Kind::gauge, {"version"}, {}, 1.0, 2}).with({"1.2 \"x\"\\y"}).set(1);
    registry.add({"t_start_seconds", "Start.", Kind::gauge, {}, {}, 1000.0, 1}).set(1'700'000'000'500);
    const auto samples = parse_samples(registry.render());
    REQUIRE(samples.size() == 2);
    CHECK(samples[0].name == "t_info");
    CHECK(samples[0].labels.at("version") == "1.2 \"x\"\\y");
    CHECK(samples[0].value == 1);
    CHECK(samples[1].value == doctest::Approx(1'700'000'000.5));
    CHECK(sum_of(samples, "t_info") == 1);
    CHECK(sum_of(samples, "absent") == 0);
  }
}

TEST_SUITE("metrics::registry")
{
  TEST_CASE("a labelled family with max_series 1 still keeps its first label set")
  {
    Registry registry;
    Family& info = registry.add({"t_info", "Info.", Kind::gauge, {"version"}, {}, 1.0, 1});
    info.with({"1.0"}).set(1);
    info.with({"2.0"}).set(1);
    CHECK(registry.render() == "# HELP t_info Info.\n# TYPE t_info gauge\nt_info{version=\"1.0\"} 1\n"
                               "t_info{version=\"other\"} 1\n");
  }
}
