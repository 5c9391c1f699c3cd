#pragma once
// A map from a string key to per-key state, split in shards with a mutex each
// so that concurrent requests of different keys rarely wait on each other. Idle
// entries are removed by sweep(), which a background thread calls; the request
// path never scans the map.

#include <array>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tokenrouter::limits {

template <class State>
class ShardedMap {
public:
  static constexpr size_t k_shards = 32;

  // Runs `fn(state)` with the key's shard locked; `make()` creates the state on
  // first use.
  template <class Make, class Fn>
  auto with(const std::string& key, Make&& make, Fn&& fn)
  {
    Shard& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) {
      it = shard.entries.emplace(key, make()).first;
    }
    return fn(it->second);
  }

  // Runs `fn(state)` only when the key has state; returns false otherwise.
  template <class Fn>
  bool if_present(const std::string& key, Fn&& fn)
  {
    Shard& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) {
      return false;
    }
    fn(it->second);
    return true;
  }

  // Removes the entries `idle(state)` says are idle, one shard at a time;
  // returns how many.
  size_t sweep(const std::function<bool(const State&)>& idle)
  {
    size_t removed = 0;
    for (Shard& shard : m_shards) {
      std::lock_guard lock(shard.mutex);
      removed +=
          std::erase_if(shard.entries, [&](const auto& entry) { return idle(entry.second); });
    }
    return removed;
  }

  size_t size()
  {
    size_t total = 0;
    for (Shard& shard : m_shards) {
      std::lock_guard lock(shard.mutex);
      total += shard.entries.size();
    }
    return total;
  }

private:
  struct alignas(64) Shard { // own cache line: no false sharing between shards
    std::mutex mutex;
    std::unordered_map<std::string, State> entries;
  };

  Shard& shard_of(const std::string& key)
  {
    return m_shards[std::hash<std::string_view>{}(key) % k_shards];
  }

  std::array<Shard, k_shards> m_shards;
};

} // namespace tokenrouter::limits
