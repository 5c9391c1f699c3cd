#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "core/limits/rate_headers.hpp"
#include "core/limits/rate_limiter.hpp"
#include "core/limits/token_reservation.hpp"

using namespace tokenrouter;
using limits::KeyLimits;
using limits::RateLimiter;

namespace {

limits::LimiterOptions no_thread()
{
  limits::LimiterOptions options;
  options.sweep_every_ms = 0;
  return options;
}

std::string header(const limits::RateStatus& status, const std::string& name)
{
  for (const auto& [key, value] : limits::rate_headers(status)) {
    if (key == name) {
      return value;
    }
  }
  return "(absent)";
}

} // namespace

TEST_SUITE("limits::RateLimiter")
{
  TEST_CASE("admits exactly rpm requests in a window under 32 concurrent clients")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    const KeyLimits limits{"key_a", 50, 0};
    std::atomic<int> admitted{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 32; ++c) {
      clients.emplace_back([&] {
        for (int i = 0; i < 20; ++i) {
          (limiter.admit(limits, 0).admitted ? admitted : refused).fetch_add(1);
        }
      });
    }
    for (auto& client : clients) {
      client.join();
    }
    CHECK(admitted.load() == 50);
    CHECK(refused.load() == 32 * 20 - 50);
    clock.advance_ms(60'000);
    CHECK(limiter.admit(limits, 0).admitted); // a new window
  }

  TEST_CASE("headers count down, and a refusal says when to retry")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    const KeyLimits limits{"key_b", 5, 1000};
    for (int expected = 4; expected >= 0; --expected) {
      const auto admission = limiter.admit(limits, 100);
      REQUIRE(admission.admitted);
      CHECK(header(admission.status, "x-ratelimit-limit-requests") == "5");
      CHECK(header(admission.status, "x-ratelimit-remaining-requests") == std::to_string(expected));
      CHECK(header(admission.status, "x-ratelimit-limit-tokens") == "1000");
      CHECK(header(admission.status, "x-ratelimit-remaining-tokens")
            == std::to_string(1000 - 100 * (5 - expected)));
    }
    const auto refused = limiter.admit(limits, 100);
    CHECK_FALSE(refused.admitted);
    CHECK(refused.refused_by == "requests");
    CHECK(refused.retry_after_s == 12); // 5 per minute: one more every 12 s
    CHECK(header(refused.status, "x-ratelimit-remaining-requests") == "0");
    CHECK(header(refused.status, "x-ratelimit-reset-requests") == "1m0s");
    CHECK(refused.status.remaining_tokens == 500); // a refusal charges nothing
    clock.advance_ms(12'000);
    CHECK(limiter.admit(limits, 100).admitted);
  }

  TEST_CASE("tokens per minute: charged at admission, corrected at settle")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    const KeyLimits limits{"key_c", 0, 1000};
    auto first = limiter.admit(limits, 600);
    REQUIRE(first.admitted);
    CHECK(first.reserved_tokens == 600);
    CHECK(first.status.remaining_tokens == 400);
    CHECK(header(first.status, "x-ratelimit-limit-requests") == "(absent)"); // unlimited
    auto second = limiter.admit(limits, 600);
    CHECK_FALSE(second.admitted);
    CHECK(second.refused_by == "tokens");
    limiter.settle("key_c", 600, 100); // used far less than reserved: refunded
    CHECK(limiter.admit(limits, 600).admitted);
    limiter.settle("key_c", 600, 1500); // used more: the bucket goes into debt
    auto third = limiter.admit(limits, 1);
    CHECK_FALSE(third.admitted);
    CHECK(third.status.remaining_tokens == 0);
  }

  TEST_CASE("a reservation never settled is refunded")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    const KeyLimits limits{"key_d", 0, 100};
    REQUIRE(limiter.admit(limits, 100).admitted);
    {
      limits::TokenReservation reservation(limiter, "key_d", 100);
    }
    CHECK(limiter.admit(limits, 100).admitted);
    {
      limits::TokenReservation reservation(limiter, "key_d", 100);
      reservation.settle(100);
      reservation.settle(0); // only the first settle counts
    }
    CHECK_FALSE(limiter.admit(limits, 100).admitted);
  }

  TEST_CASE("unlimited keys keep no state; a changed limit applies at once")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    for (int i = 0; i < 100; ++i) {
      CHECK(limiter.admit({"free_key", 0, 0}, 1000).admitted);
    }
    CHECK(limiter.tracked_keys() == 0);
    REQUIRE(limiter.admit({"key_e", 10, 0}, 0).admitted);
    CHECK(limiter.admit({"key_e", 1, 0}, 0).status.limit_requests == 1);
  }

  TEST_CASE("failed authentications are limited per address")
  {
    util::ManualClock clock;
    RateLimiter limiter(clock, no_thread());
    for (int i = 0; i < 20; ++i) {
      CHECK(limiter.auth_blocked_s("10.0.0.1") == 0);
      limiter.note_auth_failure("10.0.0.1");
    }
    CHECK(limiter.auth_blocked_s("10.0.0.1") == 3); // 20 per minute: one more every 3 s
    CHECK(limiter.auth_blocked_s("10.0.0.2") == 0); // others are not affected
    clock.advance_ms(3000);
    CHECK(limiter.auth_blocked_s("10.0.0.1") == 0);
  }

  TEST_CASE("idle buckets are swept, busy or unrefilled ones kept")
  {
    util::ManualClock clock;
    limits::LimiterOptions options = no_thread();
    options.idle_ms = 120'000;
    RateLimiter limiter(clock, options);
    REQUIRE(limiter.admit({"idle", 10, 0}, 0).admitted);
    REQUIRE(limiter.admit({"busy", 10, 0}, 0).admitted);
    limiter.note_auth_failure("10.0.0.9");
    CHECK(limiter.sweep() == 0);
    clock.advance_ms(100'000);
    REQUIRE(limiter.admit({"busy", 10, 0}, 0).admitted);
    clock.advance_ms(30'000);
    CHECK(limiter.sweep() == 2); // "idle" and the address
    CHECK(limiter.tracked_keys() == 1);
    CHECK(limiter.tracked_addresses() == 0);
  }

  TEST_CASE("the background sweeper runs and stops with the limiter")
  {
    util::ManualClock clock;
    limits::LimiterOptions options;
    options.idle_ms = 0;
    options.sweep_every_ms = 5;
    RateLimiter limiter(clock, options);
    REQUIRE(limiter.admit({"k", 0, 10}, 0).admitted); // charged nothing: full, so idle at once
    for (int i = 0; i < 200 && limiter.tracked_keys() > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    CHECK(limiter.tracked_keys() == 0);
  }

  TEST_CASE("reset durations are written the way OpenAI writes them")
  {
    CHECK(limits::format_reset(0) == "0ms");
    CHECK(limits::format_reset(20) == "20ms");
    CHECK(limits::format_reset(1000) == "1s");
    CHECK(limits::format_reset(6500) == "6.5s");
    CHECK(limits::format_reset(12'345) == "12.345s");
    CHECK(limits::format_reset(60'000) == "1m0s");
    CHECK(limits::format_reset(361'000) == "6m1s");
  }
}
