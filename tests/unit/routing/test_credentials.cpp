#include <doctest/doctest.h>

#include "core/routing/credentials.hpp"

using namespace tokenrouter;
using routing::CredentialPool;
using routing::Outcome;

namespace {

std::vector<routing::CredentialSpec> primary_and_two_pool()
{
  return {{"POOL_A", "sk-a", false}, {"PERSONAL", "sk-p", true}, {"POOL_B", "sk-b", false}};
}

routing::PoolOptions options()
{
  routing::PoolOptions o;
  o.cooldown_base_ms = 1'000;
  o.cooldown_cap_ms = 8'000;
  o.health_window = 10;
  o.min_samples = 5;
  o.error_percent = 30;
  o.latency_ms = 5'000;
  o.probe_ms = 60'000;
  return o;
}

} // namespace

TEST_SUITE("routing::CredentialPool")
{
  TEST_CASE("the primary is used first; a quota error moves to the pool until retry-after passes")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", primary_and_two_pool(), clock, options());
    auto first = pool.pick().value();
    CHECK(first.secret == "sk-p");
    CHECK(pool.pick().value().secret == "sk-p");
    pool.report(first.index, Outcome::quota, 10, 7);
    CHECK_FALSE(pool.primary_usable());
    const auto next = pool.pick().value();
    CHECK(next.secret != "sk-p");
    CHECK_FALSE(next.primary);
    CHECK(pool.soonest_retry_s() == 7);
    clock.advance_ms(6'999);
    CHECK(pool.pick().value().secret != "sk-p");
    clock.advance_ms(1);
    CHECK(pool.pick().value().secret == "sk-p");
  }

  TEST_CASE("without retry-after the cooldown doubles with jitter, capped")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", {{"ONLY", "sk", true}}, clock, options());
    int64_t previous_max = 0;
    for (int step = 0; step < 6; ++step) {
      const auto lease = pool.pick().value();
      pool.report(lease.index, Outcome::quota, 1);
      const int64_t until = pool.state()[0].cooldown_until_ms - clock.now_ms();
      const int64_t full = std::min<int64_t>(1'000 << step, 8'000);
      CHECK(until >= full / 2);
      CHECK(until <= full);
      previous_max = std::max(previous_max, until);
      CHECK_FALSE(pool.pick());
      clock.advance_ms(until);
    }
    CHECK(previous_max <= 8'000);
  }

  TEST_CASE("tried credentials are skipped; nothing left is nullopt")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", primary_and_two_pool(), clock, options());
    std::vector<size_t> tried;
    for (int i = 0; i < 3; ++i) {
      auto lease = pool.pick(tried);
      REQUIRE(lease);
      tried.push_back(lease->index);
    }
    CHECK_FALSE(pool.pick(tried));
  }

  TEST_CASE("a high error rate takes a credential out; a probe later brings it back")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", {{"PERSONAL", "sk-p", true}, {"POOL", "sk-b", false}}, clock, options());
    for (int i = 0; i < 5; ++i) {
      const auto lease = pool.pick().value();
      REQUIRE(lease.secret == "sk-p");
      pool.report(lease.index, i < 2 ? Outcome::error : Outcome::ok, 100); // 40 % errors
    }
    CHECK(pool.state()[0].status == "unhealthy");
    CHECK(pool.pick().value().secret == "sk-b");
    clock.advance_ms(60'000);
    CHECK(pool.state()[0].status == "probing");
    const auto probe = pool.pick().value();
    CHECK(probe.secret == "sk-p");
    CHECK(pool.pick().value().secret == "sk-b"); // one probe at a time
    pool.report(probe.index, Outcome::ok, 100);
    CHECK(pool.state()[0].status == "ready");
    CHECK(pool.pick().value().secret == "sk-p");
  }

  TEST_CASE("high latency takes a credential out, but an unhealthy one beats none")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", {{"ONLY", "sk", true}}, clock, options());
    for (int i = 0; i < 5; ++i) {
      pool.report(pool.pick().value().index, Outcome::ok, 6'000);
    }
    CHECK(pool.state()[0].status == "unhealthy");
    CHECK(pool.pick().value().secret == "sk"); // the last resort
  }

  TEST_CASE("missing secrets are never picked; acquired credentials expire")
  {
    util::ManualClock clock(0);
    CredentialPool pool("p", {{"UNSET", "", true}}, clock, options());
    CHECK_FALSE(pool.has_credentials());
    CHECK_FALSE(pool.pick());
    const size_t index = pool.add_acquired("fresh", 1'000);
    CHECK(pool.pick().value().index == index);
    CHECK(pool.add_acquired("fresh", 2'000) == index);
    clock.advance_ms(2'000);
    CHECK_FALSE(pool.pick());
    CHECK(pool.state()[index].status == "expired");
    CHECK(pool.add_acquired("newer", 5'000) == index); // replaces the expired one
  }
}
