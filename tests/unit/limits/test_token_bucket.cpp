#include <doctest/doctest.h>

#include "core/limits/token_bucket.hpp"

using tokenrouter::limits::TokenBucket;

TEST_SUITE("limits::TokenBucket")
{
  TEST_CASE("starts full, empties, and refills evenly over a minute")
  {
    TokenBucket bucket(6, 0);
    CHECK(bucket.remaining() == 6);
    for (int i = 0; i < 6; ++i) {
      REQUIRE(bucket.can_take(1));
      bucket.take(1);
    }
    CHECK_FALSE(bucket.can_take(1));
    CHECK(bucket.ms_until(1) == 10'000); // 6 per minute = one every 10 s
    bucket.refill(9'999);
    CHECK_FALSE(bucket.can_take(1));
    bucket.refill(10'000);
    CHECK(bucket.can_take(1));
    CHECK(bucket.remaining() == 1);
    bucket.refill(10 * 60'000);
    CHECK(bucket.remaining() == 6); // never above capacity
    CHECK(bucket.full());
  }

  TEST_CASE("ms_until is always enough, for awkward rates too")
  {
    for (int64_t per_minute : {1, 5, 7, 13, 1000, 90'001}) {
      TokenBucket bucket(per_minute, 1000);
      bucket.take(per_minute);
      const int64_t wait = bucket.ms_until(1);
      CHECK(wait > 0);
      bucket.refill(1000 + wait);
      CHECK(bucket.can_take(1));
    }
  }

  TEST_CASE("an oversized request waits for a full bucket instead of never passing")
  {
    TokenBucket bucket(100, 0);
    CHECK(bucket.can_take(500));
    bucket.take(500); // a debt of 400
    CHECK(bucket.remaining() == 0);
    CHECK_FALSE(bucket.can_take(1));
    CHECK(bucket.ms_until(1) == 4 * 60'000 + 600); // the debt is paid back first
  }

  TEST_CASE("refunds are capped and a new capacity keeps the level")
  {
    TokenBucket bucket(10, 0);
    bucket.take(4);
    bucket.give(100);
    CHECK(bucket.remaining() == 10);
    bucket.take(4);
    bucket.set_capacity(3);
    CHECK(bucket.capacity() == 3);
    CHECK(bucket.remaining() == 3);
    bucket.set_capacity(60);
    CHECK(bucket.remaining() == 3);
    CHECK(bucket.ms_until_full() == 57'000);
  }

  TEST_CASE("time going backwards changes nothing")
  {
    TokenBucket bucket(60, 5000);
    bucket.take(60);
    bucket.refill(1000);
    CHECK(bucket.remaining() == 0);
    bucket.refill(6000);
    CHECK(bucket.remaining() == 1);
  }
}
