#include <doctest/doctest.h>

#include <atomic>
#include <random>
#include <thread>
#include <vector>

#include "core/routing/allocation_store.hpp"
#include "core/routing/allocator.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;
using routing::Allocator;
using routing::AllocatorOptions;
using routing::DeploymentCapacity;
using routing::Strategy;

namespace {

// Three deployments with 100, 300 and 1000 tokens per minute (minute 0 of the manual clock).
std::vector<DeploymentCapacity> three_tpm()
{
  return {{"small", 1, 100, 0}, {"medium", 1, 300, 0}, {"large", 1, 1000, 0}};
}

AllocatorOptions with(Strategy strategy, int64_t large = 0)
{
  AllocatorOptions o;
  o.strategy = strategy;
  o.large_request_tokens = large;
  return o;
}

std::string id_of(const Allocator& a, const routing::Allocation& granted)
{
  return a.deployments()[granted.deployment].id;
}

} // namespace

TEST_SUITE("routing::Allocator")
{
  TEST_CASE("best picks the least remaining capacity that fits; largest the most")
  {
    util::ManualClock clock(60'000 * 1000);
    Allocator best("m", three_tpm(), clock, with(Strategy::best));
    CHECK(id_of(best, best.alloc({"r1", 50}).value()) == "small");
    CHECK(id_of(best, best.alloc({"r2", 60}).value()) == "medium"); // small has 50 left
    CHECK(id_of(best, best.alloc({"r3", 50}).value()) == "small");  // exactly fills it
    CHECK(id_of(best, best.alloc({"r4", 500}).value()) == "large");

    Allocator largest("m", three_tpm(), clock, with(Strategy::largest));
    CHECK(id_of(largest, largest.alloc({"r1", 50}).value()) == "large");
    CHECK(id_of(largest, largest.alloc({"r2", 900}).value()) == "large"); // 950 left
    CHECK(id_of(largest, largest.alloc({"r3", 10}).value()) == "medium");  // large has 50 left
  }

  TEST_CASE("requests at or above large_request_tokens always take the largest")
  {
    util::ManualClock clock(0);
    Allocator a("m", three_tpm(), clock, with(Strategy::best, 80));
    CHECK(id_of(a, a.alloc({"small-one", 79}).value()) == "small");
    CHECK(id_of(a, a.alloc({"big-one", 80}).value()) == "large");
    a.set_strategy(Strategy::largest);
    CHECK(id_of(a, a.alloc({"now-largest", 5}).value()) == "large");
  }

  TEST_CASE("equal candidates share by weight")
  {
    util::ManualClock clock(0);
    Allocator a("m", {{"a", 3, 0, 0}, {"b", 1, 0, 0}}, clock, with(Strategy::best));
    int to_a = 0;
    for (int i = 0; i < 400; ++i) {
      const auto granted = a.alloc({"r" + std::to_string(i), 1}).value();
      to_a += granted.deployment == 0 ? 1 : 0;
      a.free("r" + std::to_string(i), 1);
    }
    CHECK(to_a == 300);
  }

  TEST_CASE("the same request id gets its first allocation back, and frees once")
  {
    util::ManualClock clock(0);
    Allocator a("m", {{"only", 1, 0, 100}}, clock, with(Strategy::best));
    const auto first = a.alloc({"same", 60}).value();
    const auto again = a.alloc({"same", 60}).value();
    CHECK(again.repeated);
    CHECK(again.deployment == first.deployment);
    CHECK(a.state().deployments[0].reserved == 60);
    a.free("same", 60);
    a.free("same", 60); // no-op
    CHECK(a.state().deployments[0].reserved == 0);
    CHECK(a.alloc({"other", 100}));
  }

  TEST_CASE("no room: rate_limited with retry-after until the minute window resets")
  {
    util::ManualClock clock(10 * 60'000 + 45'000); // 45 s into a minute
    Allocator a("m", {{"d", 1, 100, 0}}, clock, with(Strategy::best));
    REQUIRE(a.alloc({"r1", 80}));
    a.free("r1", 70); // 70 charged to this window
    auto refused = a.alloc({"r2", 40});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == ErrorCode::rate_limited);
    CHECK(refused.error().retry_after_s == 15);
    CHECK(a.state().alloc_failures == 1);
    CHECK(a.alloc({"r3", 30}));
    a.free("r3", 0);
    clock.advance_ms(15'000); // the next minute
    CHECK(a.alloc({"r2", 100}));
  }

  TEST_CASE("concurrent-token capacity counts what is in flight, whatever the window")
  {
    util::ManualClock clock(0);
    Allocator a("m", {{"d", 1, 0, 100}}, clock, with(Strategy::best));
    REQUIRE(a.alloc({"r1", 100}));
    CHECK_FALSE(a.alloc({"r2", 1}));
    clock.advance_ms(120'000);
    CHECK_FALSE(a.alloc({"r2", 1}));
    a.free("r1", 100);
    CHECK(a.alloc({"r2", 100}));
  }

  TEST_CASE("excluded deployments are skipped; a cooling deployment is the last resort")
  {
    util::ManualClock clock(0);
    AllocatorOptions o = with(Strategy::largest);
    o.cooldown_failures = 2;
    o.cooldown_ms = 30'000;
    Allocator a("m", three_tpm(), clock, o);
    const std::vector<size_t> not_large = {2};
    CHECK(id_of(a, a.alloc({"r1", 10, not_large}).value()) == "medium");
    a.free("r1", 0);
    a.report(2, false);
    a.report(2, false);
    CHECK(a.state().deployments[2].cooldown_until_ms == 30'000);
    CHECK(id_of(a, a.alloc({"r2", 10}).value()) == "medium");
    CHECK(id_of(a, a.alloc({"r3", 500}).value()) == "large"); // nothing else has room
    clock.advance_ms(30'000);
    CHECK(a.state().deployments[2].cooldown_until_ms == 0);
  }

  TEST_CASE("reservations nobody frees expire, charged in full")
  {
    util::ManualClock clock(0);
    AllocatorOptions o = with(Strategy::best);
    o.expiry_ms = 5'000;
    Allocator a("m", {{"d", 1, 0, 100}}, clock, o);
    REQUIRE(a.alloc({"lost", 100})); // never freed
    CHECK_FALSE(a.alloc({"r1", 1}));
    clock.advance_ms(5'000);
    CHECK(a.alloc({"r1", 100}));
  }

  TEST_CASE("64 threads x 10000 alloc/free never exceed capacity and stay idempotent")
  {
    util::ManualClock clock(0); // one window: tokens-per-minute must hold across the whole run
    const std::vector<DeploymentCapacity> deployments = {
        {"a", 1, 0, 5'000}, {"b", 2, 0, 20'000}, {"c", 1, 0, 1'000}, {"d", 1, 2'000'000'000, 50'000}};
    Allocator a("m", deployments, clock, with(Strategy::best, 3'000));
    std::vector<std::atomic<int64_t>> held(deployments.size());
    std::atomic<int64_t> over{0};
    std::atomic<int64_t> not_idempotent{0};
    std::atomic<int64_t> granted{0};
    std::atomic<int64_t> charged{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 64; ++t) {
      threads.emplace_back([&, t] {
        std::minstd_rand rng(static_cast<unsigned>(t) + 1);
        std::uniform_int_distribution<int64_t> size(1, 4'000);
        for (int i = 0; i < 10'000; ++i) {
          const std::string id = std::to_string(t) + ":" + std::to_string(i);
          const int64_t tokens = size(rng);
          auto got = a.alloc({id, tokens});
          if (!got) {
            continue;
          }
          ++granted;
          const size_t d = got->deployment;
          const int64_t now = held[d].fetch_add(tokens) + tokens;
          if (now > deployments[d].capacity_concurrent) {
            ++over;
          }
          if (i % 7 == 0) { // ask again: same allocation, nothing reserved twice
            auto again = a.alloc({id, tokens});
            if (!again || !again->repeated || again->deployment != d || again->tokens != tokens) {
              ++not_idempotent;
            }
          }
          held[d].fetch_sub(tokens);
          const int64_t actual = tokens / 2;
          charged += d == 3 ? actual : 0;
          a.free(id, actual);
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(over.load() == 0);
    CHECK(not_idempotent.load() == 0);
    CHECK(granted.load() > 64 * 10'000 / 2);
    const auto state = a.state();
    for (const auto& d : state.deployments) {
      CHECK_MESSAGE(d.reserved == 0, d.id);
      CHECK_MESSAGE(d.in_flight == 0, d.id);
    }
    CHECK(state.deployments[3].window_used == charged.load());
    int64_t allocations = 0;
    for (const auto& d : state.deployments) {
      allocations += d.allocations;
    }
    CHECK(allocations == granted.load());
  }
}

TEST_SUITE("routing::AllocationStore")
{
  TEST_CASE("reservations in flight survive a restart; expired ones are dropped")
  {
    const std::string path = "allocations.db";
    {
      auto db = store::Database::open(path).value();
      REQUIRE(store::migrate(db));
    }
    util::ManualClock clock(1'000'000);
    AllocatorOptions o = with(Strategy::best);
    o.expiry_ms = 60'000;
    {
      auto journal = routing::AllocationStore::start(path, std::chrono::milliseconds(20)).value();
      Allocator a("m", {{"d", 1, 100, 0}}, clock, o, journal.get());
      REQUIRE(a.alloc({"kept", 40}));
      REQUIRE(a.alloc({"freed", 30}));
      a.free("freed", 30);
      clock.advance_ms(50'000);
      REQUIRE(a.alloc({"younger", 20}));
      journal->flush();
      CHECK(journal->flushed_batches() >= 1);
    } // the "daemon" stops with two reservations in flight
    auto db = store::Database::open(path).value();
    auto count = db.prepare("SELECT count(*) FROM allocations").value();
    REQUIRE(count.step().value());
    CHECK(count.column_int64(0) == 2); // "freed" never stayed on disk
    clock.advance_ms(20'000);           // "kept" is now 70 s old: past its expiry
    const auto live = routing::load_live_allocations(db, clock.now_ms()).value();
    REQUIRE(live.size() == 1);
    auto left = db.prepare("SELECT count(*) FROM allocations").value();
    REQUIRE(left.step().value());
    CHECK(left.column_int64(0) == 0); // nothing stays reserved after a restart
    CHECK(live[0].request_id == "younger");
    CHECK(live[0].tokens == 20);
    Allocator restarted("m", {{"d", 1, 100, 0}}, clock, o);
    for (const auto& row : live) {
      restarted.restore(row.request_id, row.deployment, row.tokens, row.created_ms);
    }
    // Its request died with the process: nothing is held, but its tokens still count against
    // this minute's capacity (the upstream may have served them).
    CHECK(restarted.state().deployments[0].reserved == 0);
    CHECK(restarted.state().deployments[0].in_flight == 0);
    CHECK_FALSE(restarted.alloc({"too-much", 81}));
    CHECK(restarted.alloc({"fits", 80}));
  }
}
