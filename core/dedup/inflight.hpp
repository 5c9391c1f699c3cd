#pragma once
// In-flight coalescing (dedup): identical requests that arrive while the first is still
// upstream share its result instead of paying for their own call.
//
// The first arrival for a key becomes the leader and gets a Lease; it makes the call and
// publishes the result (or drops the lease on failure). Later arrivals wait for the result up
// to a bound; on timeout or a failed leader they go upstream themselves (they never become
// leaders, so one slow leader delays each follower at most once). Only in-flight requests are
// coalesced: the key is free again as soon as the leader finishes, so nothing is cached.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace tokenrouter::dedup {

// The dedup key of a request: per key (`scope` "key", the default) or across keys ("global").
[[nodiscard]] std::string dedup_key(std::string_view scope, std::string_view key_id,
                                    std::string_view full_hash);

struct InflightStats {
  int64_t leaders = 0;  // requests that went upstream as the first of their key
  int64_t hits = 0;     // requests answered with a leader's result
  int64_t misses = 0;   // followers that timed out or whose leader failed
};

template <class T>
class Inflight {
  struct Slot {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    std::optional<T> value;
  };

public:
  // The leader's duty: publish() once, or let the lease go (followers then go upstream).
  class Lease {
  public:
    Lease(Inflight* table, std::string key, std::shared_ptr<Slot> slot)
        : m_table(table)
        , m_key(std::move(key))
        , m_slot(std::move(slot))
    {
    }
    Lease(Lease&& other) noexcept
        : m_table(std::exchange(other.m_table, nullptr))
        , m_key(std::move(other.m_key))
        , m_slot(std::move(other.m_slot))
    {
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { finish(std::nullopt); }

    void publish(T value) { finish(std::move(value)); }

  private:
    void finish(std::optional<T> value)
    {
      if (m_table != nullptr) {
        std::exchange(m_table, nullptr)->finish(m_key, m_slot, std::move(value));
      }
    }

    Inflight* m_table;
    std::string m_key;
    std::shared_ptr<Slot> m_slot;
  };

  // Either a lease (go upstream and publish) or, for a follower, the leader's result — or
  // neither (go upstream alone).
  struct Joined {
    std::optional<Lease> lease;
    std::optional<T> shared;
  };

  Joined join(const std::string& key, std::chrono::milliseconds wait)
  {
    std::shared_ptr<Slot> slot;
    {
      std::lock_guard lock(m_mutex);
      auto [it, inserted] = m_slots.try_emplace(key, nullptr);
      if (inserted) {
        it->second = std::make_shared<Slot>();
        ++m_stats.leaders;
        return Joined{Lease(this, key, it->second), std::nullopt};
      }
      slot = it->second;
    }
    return Joined{std::nullopt, await(*slot, wait)};
  }

  InflightStats stats() const
  {
    std::lock_guard lock(m_mutex);
    return m_stats;
  }

  size_t in_flight() const
  {
    std::lock_guard lock(m_mutex);
    return m_slots.size();
  }

private:
  std::optional<T> await(Slot& slot, std::chrono::milliseconds wait)
  {
    std::unique_lock lock(slot.mutex);
    slot.done_cv.wait_for(lock, wait, [&slot] { return slot.done; });
    std::optional<T> out = slot.done ? slot.value : std::nullopt;
    lock.unlock();
    std::lock_guard table(m_mutex);
    ++(out ? m_stats.hits : m_stats.misses);
    return out;
  }

  void finish(const std::string& key, const std::shared_ptr<Slot>& slot, std::optional<T> value)
  {
    {
      std::lock_guard lock(m_mutex);
      if (auto it = m_slots.find(key); it != m_slots.end() && it->second == slot) {
        m_slots.erase(it);
      }
    }
    std::lock_guard lock(slot->mutex);
    slot->value = std::move(value);
    slot->done = true;
    slot->done_cv.notify_all();
  }

  mutable std::mutex m_mutex;
  std::unordered_map<std::string, std::shared_ptr<Slot>> m_slots;
  InflightStats m_stats;
};

} // namespace tokenrouter::dedup
