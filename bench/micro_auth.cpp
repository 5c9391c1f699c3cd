// The per-request cost of authentication + rate limiting (issue 4): a cached
// and an uncached key lookup, the limiter's admission (one key, and one key per
// thread), and the whole step as the gateway runs it (cached lookup + admission
// + x-ratelimit-* headers).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <unistd.h>

#include "core/auth/key_store.hpp"
#include "core/auth/store_authenticator.hpp"
#include "core/limits/rate_headers.hpp"
#include "core/limits/rate_limiter.hpp"
#include "core/store/migrate.hpp"

namespace {

using namespace tokenrouter;

// A migrated database in /tmp with one key; returns its secret.
struct KeyDb {
  std::string path = "/tmp/tkr_micro_auth_" + std::to_string(getpid()) + ".db";
  std::string secret;

  KeyDb()
  {
    std::filesystem::remove(path);
    auto db = store::Database::open(path);
    if (!db || !store::migrate(*db)) {
      throw std::runtime_error("cannot prepare " + path);
    }
    secret = auth::create_key(*db, {.name = "bench"}, 1).value().secret;
  }

  ~KeyDb()
  {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path + suffix);
    }
  }

  auth::StoreAuthenticator authenticator(const util::Clock& clock, int64_t cache_ms) const
  {
    return auth::StoreAuthenticator(
        store::Database::open(path).value(), clock, {.cache_ms = cache_ms});
  }
};

void authenticate_cached(benchmark::State& state)
{
  KeyDb db;
  util::ManualClock clock; // frozen: every lookup after the first is a cache hit
  auto authenticator = db.authenticator(clock, 1000);
  const auth::Credentials credentials{db.secret, "127.0.0.1"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(authenticator.authenticate(credentials));
  }
}

BENCHMARK(authenticate_cached);

void authenticate_uncached(benchmark::State& state)
{
  KeyDb db;
  auto authenticator = db.authenticator(util::system_clock(), 0); // every call reads SQLite
  const auth::Credentials credentials{db.secret, "127.0.0.1"};
  for (auto _ : state) {
    benchmark::DoNotOptimize(authenticator.authenticate(credentials));
  }
}

BENCHMARK(authenticate_uncached);

limits::LimiterOptions quiet()
{
  limits::LimiterOptions options;
  options.sweep_every_ms = 0;
  return options;
}

void limiter_admit_one_key(benchmark::State& state)
{
  static limits::RateLimiter* limiter = nullptr;
  if (state.thread_index() == 0) {
    limiter = new limits::RateLimiter(util::system_clock(), quiet());
  }
  const limits::KeyLimits limits{"key_shared", 1'000'000'000, 1'000'000'000};
  for (auto _ : state) {
    auto admission = limiter->admit(limits, 500);
    limiter->settle(limits.key_id, admission.reserved_tokens, 400);
    benchmark::DoNotOptimize(admission);
  }
  if (state.thread_index() == 0) {
    delete limiter;
  }
}

BENCHMARK(limiter_admit_one_key)->Threads(1)->Threads(2)->Threads(8);

void limiter_admit_key_per_thread(benchmark::State& state)
{
  static limits::RateLimiter* limiter = nullptr;
  if (state.thread_index() == 0) {
    limiter = new limits::RateLimiter(util::system_clock(), quiet());
  }
  const limits::KeyLimits limits{
      "key_" + std::to_string(state.thread_index()), 1'000'000'000, 1'000'000'000};
  for (auto _ : state) {
    auto admission = limiter->admit(limits, 500);
    limiter->settle(limits.key_id, admission.reserved_tokens, 400);
    benchmark::DoNotOptimize(admission);
  }
  if (state.thread_index() == 0) {
    delete limiter;
  }
}

BENCHMARK(limiter_admit_key_per_thread)->Threads(1)->Threads(2)->Threads(8);

// What the gateway adds to every request: authenticate (cached), admit, settle,
// headers.
void auth_and_limits_per_request(benchmark::State& state)
{
  KeyDb db;
  auto authenticator = db.authenticator(util::system_clock(), 1000);
  limits::RateLimiter limiter(util::system_clock(), quiet());
  const auth::Credentials credentials{db.secret, "127.0.0.1"};
  for (auto _ : state) {
    auto identity = authenticator.authenticate(credentials);
    auto admission = limiter.admit({identity->key_id, 1'000'000'000, 1'000'000'000}, 500);
    benchmark::DoNotOptimize(limits::rate_headers(admission.status));
    limiter.settle(identity->key_id, admission.reserved_tokens, 400);
  }
}

BENCHMARK(auth_and_limits_per_request);

} // namespace

BENCHMARK_MAIN();
