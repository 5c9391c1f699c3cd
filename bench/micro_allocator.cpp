// Capacity allocator (issue 7): alloc + free pairs per second, one model with four deployments,
// under contention from 1 to 64 threads (all on the same model: one mutex).
//   cmake -B build/h-routing-bench -DCMAKE_BUILD_TYPE=Release -DTKR_BUILD_BENCH=ON
//   cmake --build build/h-routing-bench --target micro_allocator && build/h-routing-bench/bench/micro_allocator
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "core/routing/allocator.hpp"

namespace {

using namespace tokenrouter;

routing::Allocator& shared_allocator()
{
  static util::SystemClock clock;
  static routing::Allocator allocator(
      "bench",
      {{"a", 1, 0, 4'000'000}, {"b", 2, 0, 8'000'000}, {"c", 1, 2'000'000'000'000, 0}, {"d", 1, 0, 0}},
      clock, {});
  return allocator;
}

void alloc_free(benchmark::State& state)
{
  routing::Allocator& allocator = shared_allocator();
  std::vector<std::string> ids;
  for (int i = 0; i < 1024; ++i) {
    ids.push_back("req_" + std::to_string(state.thread_index()) + "_" + std::to_string(i));
  }
  size_t next = 0;
  int64_t tokens = 100;
  for (auto _ : state) {
    const std::string& id = ids[next++ & 1023];
    auto granted = allocator.alloc({id, tokens});
    benchmark::DoNotOptimize(granted);
    allocator.free(id, tokens / 2);
    tokens = tokens % 4000 + 137;
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(alloc_free)->Threads(1)->Threads(2)->Threads(8)->Threads(64)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
