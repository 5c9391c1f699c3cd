#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/dedup/inflight.hpp"

using namespace tokenrouter;
using namespace std::chrono_literals;

TEST_SUITE("dedup::Inflight")
{
  TEST_CASE("dedup keys: per key by default, or global")
  {
    CHECK(dedup::dedup_key("key", "k1", "h") == "k1:h");
    CHECK(dedup::dedup_key("global", "k1", "h") == "h");
    CHECK(dedup::dedup_key("key", "k1", "h") != dedup::dedup_key("key", "k2", "h"));
  }

  TEST_CASE("the first arrival leads; the key is free again once it finishes")
  {
    dedup::Inflight<int> table;
    auto first = table.join("a", 10ms);
    REQUIRE(first.lease);
    CHECK(table.in_flight() == 1);
    first.lease->publish(7);
    CHECK(table.in_flight() == 0);
    auto again = table.join("a", 10ms);
    CHECK(again.lease); // nothing is cached after the call
  }

  TEST_CASE("a follower gets the leader's result")
  {
    dedup::Inflight<int> table;
    auto leader = table.join("a", 1s);
    std::optional<int> got;
    std::thread follower([&] { got = table.join("a", 5s).shared; });
    std::this_thread::sleep_for(50ms); // let the follower arrive and wait
    leader.lease->publish(42);
    follower.join();
    CHECK(got == 42);
    CHECK(table.stats().hits == 1);
  }

  TEST_CASE("a follower times out, or goes alone when the leader fails")
  {
    dedup::Inflight<int> table;
    auto leader = table.join("a", 1s);
    const auto timed_out = table.join("a", 5ms);
    CHECK_FALSE(timed_out.lease);
    CHECK_FALSE(timed_out.shared);
    std::optional<int> got = 1;
    std::thread follower([&] { got = table.join("a", 5s).shared; });
    std::this_thread::sleep_for(20ms);
    leader.lease.reset(); // dropped without a result: the leader failed
    follower.join();
    CHECK_FALSE(got);
    CHECK(table.stats().misses == 2);
  }

  TEST_CASE("concurrency: 16 identical requests make one upstream call")
  {
    dedup::Inflight<std::string> table;
    std::atomic<int> upstream_calls{0};
    std::atomic<int> answered{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i) {
      threads.emplace_back([&] {
        auto joined = table.join("k:hash", 5s);
        if (joined.lease) {
          ++upstream_calls;
          std::this_thread::sleep_for(100ms); // the upstream is slow; the others arrive meanwhile
          joined.lease->publish("answer");
          ++answered;
        } else if (joined.shared == "answer") {
          ++answered;
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(upstream_calls == 1);
    CHECK(answered == 16);
    CHECK(table.stats().leaders == 1);
    CHECK(table.stats().hits == 15);
    MESSAGE("dedup hits: ", table.stats().hits, " of 16 concurrent identical requests");
  }
}
