// The acquire_command guard with a real command (a tiny shell script) and simulated time.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <sys/stat.h>

#include "core/routing/acquisition.hpp"
#include "core/util/run_command.hpp"

using namespace tokenrouter;
using routing::AcquireDecision;
using routing::AcquisitionGuard;

namespace {

constexpr int64_t k_minute_ms = 60'000;

// A script that counts its runs in `runs.txt`, takes a moment, and prints a token (or fails).
std::string write_script(const std::string& name, const std::string& body)
{
  const std::string path = std::filesystem::absolute(name).string();
  std::ofstream(path) << "#!/bin/sh\n" << body;
  chmod(path.c_str(), 0755);
  return path;
}

std::string fresh_file(const std::string& name)
{
  std::filesystem::remove(name); // test cases share the test directory
  return std::filesystem::absolute(name).string();
}

int runs(const std::string& counter)
{
  std::ifstream in(counter);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
  }
  return n;
}

struct Rig {
  util::ManualClock clock{1'700'000'000'000};
  std::string counter = fresh_file("runs.txt");
  std::string ok = write_script("acquire.sh", "echo run >> \"$1\"\nsleep 0.3\necho \"  token-$(wc -l < \"$1\" | tr -d ' ')  \"\n");
  std::string failing = write_script("acquire_fail.sh", "echo run >> \"$1\"\nexit 3\n");

  AcquisitionGuard guard(const std::string& script, routing::AcquireOptions options = {})
  {
    return AcquisitionGuard("prov", {script, counter}, clock, options);
  }

  int64_t count(const AcquisitionGuard& g, AcquireDecision d) const
  {
    return g.state().decisions[static_cast<size_t>(d)];
  }
};

const routing::AcquireNeed k_exhausted{true, false};

} // namespace

TEST_SUITE("routing::AcquisitionGuard")
{
  TEST_CASE("100 concurrent exhausted requests cause exactly one run and share its credential")
  {
    Rig rig;
    auto guard = rig.guard(rig.ok);
    std::vector<std::string> got(100);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < got.size(); ++i) {
      threads.emplace_back([&, i] {
        auto acquired = guard.acquire(k_exhausted);
        got[i] = acquired ? acquired->secret : "error: " + acquired.error().message;
      });
    }
    for (auto& t : threads) {
      t.join();
    }
    CHECK(runs(rig.counter) == 1);
    for (const auto& secret : got) {
      CHECK(secret == "token-1");
    }
    CHECK(rig.count(guard, AcquireDecision::acquired) == 1);
    CHECK(rig.count(guard, AcquireDecision::shared) + rig.count(guard, AcquireDecision::cache_hit) == 99);
    CHECK(guard.state().runs_last_hour == 1);
  }

  TEST_CASE("the cache is reused until its TTL; then the command runs again")
  {
    Rig rig;
    routing::AcquireOptions o;
    o.ttl_ms = 60 * k_minute_ms;
    auto guard = rig.guard(rig.ok, o);
    CHECK(guard.acquire(k_exhausted).value().how == AcquireDecision::acquired);
    rig.clock.advance_ms(59 * k_minute_ms);
    const auto cached = guard.acquire(k_exhausted).value();
    CHECK(cached.how == AcquireDecision::cache_hit);
    CHECK(cached.secret == "token-1");
    rig.clock.advance_ms(k_minute_ms);
    CHECK(guard.acquire(k_exhausted).value().secret == "token-2");
    CHECK(runs(rig.counter) == 2);
  }

  TEST_CASE("not for other errors, nor while a primary works")
  {
    Rig rig;
    auto guard = rig.guard(rig.ok);
    CHECK_FALSE(guard.acquire({false, false}));
    CHECK_FALSE(guard.acquire({true, true}));
    CHECK(runs(rig.counter) == 0);
    CHECK(rig.count(guard, AcquireDecision::skip_not_quota) == 1);
    CHECK(rig.count(guard, AcquireDecision::skip_primary_available) == 1);
  }

  TEST_CASE("minimum interval, 3 per hour and 20 per day hold over simulated time")
  {
    Rig rig;
    auto guard = rig.guard(rig.ok);
    auto exhaust = [&] {
      auto got = guard.acquire(k_exhausted);
      if (got) {
        guard.invalidate(got->secret); // it ran dry at once: the next caller needs a new one
      }
      return got.has_value();
    };
    CHECK(exhaust());
    rig.clock.advance_ms(4 * k_minute_ms);
    CHECK_FALSE(exhaust());
    CHECK(rig.count(guard, AcquireDecision::skip_min_interval) == 1);
    rig.clock.advance_ms(k_minute_ms);
    CHECK(exhaust());
    rig.clock.advance_ms(5 * k_minute_ms);
    CHECK(exhaust());
    rig.clock.advance_ms(5 * k_minute_ms); // 15 min after the first: 3 runs this hour
    CHECK_FALSE(exhaust());
    CHECK(rig.count(guard, AcquireDecision::skip_hourly_cap) == 1);
    rig.clock.advance_ms(45 * k_minute_ms); // the first run leaves the hour
    CHECK(exhaust());
    // Keep asking every 5 minutes for a day: never more than 3 an hour nor 20 a day.
    for (int i = 0; i < 24 * 12; ++i) {
      rig.clock.advance_ms(5 * k_minute_ms);
      exhaust();
    }
    CHECK(guard.state().runs_last_day <= 20);
    CHECK(guard.state().runs_last_hour <= 3);
    CHECK(rig.count(guard, AcquireDecision::skip_daily_cap) > 0);
    CHECK(runs(rig.counter) == rig.count(guard, AcquireDecision::acquired));
  }

  TEST_CASE("failures back off exponentially from 10 minutes up to an hour")
  {
    Rig rig;
    routing::AcquireOptions o;
    o.per_hour = 100;
    o.per_day = 1000;
    auto guard = rig.guard(rig.failing, o);
    int64_t expected_wait = 10 * k_minute_ms;
    for (int failure = 0; failure < 5; ++failure) {
      CHECK_FALSE(guard.acquire(k_exhausted));
      CHECK(guard.state().backoff_until_ms - rig.clock.now_ms() == expected_wait);
      rig.clock.advance_ms(expected_wait - 1);
      CHECK_FALSE(guard.acquire(k_exhausted));
      rig.clock.advance_ms(1);
      expected_wait = std::min<int64_t>(expected_wait * 2, 60 * k_minute_ms);
    }
    CHECK(runs(rig.counter) == 5);
    CHECK(rig.count(guard, AcquireDecision::failed) == 5);
    CHECK(rig.count(guard, AcquireDecision::skip_backoff) == 5);
  }
}

TEST_SUITE("util::run_command")
{
  TEST_CASE("stdout without a shell; failures and timeouts never carry the output")
  {
    CHECK(util::run_command({"printf", "%s", "a b;c"}, 5000).value() == "a b;c");
    auto failed = util::run_command({"sh", "-c", "echo secret; exit 4"}, 5000);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().message.find("secret") == std::string::npos);
    CHECK(failed.error().message.find("4") != std::string::npos);
    auto slow = util::run_command({"sleep", "5"}, 200);
    REQUIRE_FALSE(slow);
    CHECK(slow.error().code == ErrorCode::upstream_timeout);
    CHECK_FALSE(util::run_command({"/nonexistent/tool"}, 1000));
  }
}
