#pragma once
// Idempotent requests: the first successful answer to an (API key, Idempotency-Key) pair is kept
// 24 h and given to every repeat, which is charged nothing. A repeat that arrives while the first
// is still running waits for it. Answers are stored by the ledger writer in the same transaction
// as the first request's usage row (UsageRecord::idempotent_body), so they survive a restart
// exactly when the charge does; the in-memory map only covers requests in flight and the gap
// before an "async" commit.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/store/database.hpp"
#include "core/util/clock.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::billing {

struct StoredAnswer {
  int status = 200;
  std::string body;
  std::string request_id; // of the first request
};

class Idempotency;

// Held by the first request of a key: complete() publishes its answer to waiting repeats;
// dropping it uncompleted (failure) lets the next repeat run for real.
class IdempotencyClaim {
public:
  IdempotencyClaim() = default;
  IdempotencyClaim(Idempotency* owner, std::string slot);
  IdempotencyClaim(IdempotencyClaim&& other) noexcept;
  IdempotencyClaim& operator=(IdempotencyClaim&& other) noexcept;
  IdempotencyClaim(const IdempotencyClaim&) = delete;
  IdempotencyClaim& operator=(const IdempotencyClaim&) = delete;
  ~IdempotencyClaim();

  bool active() const { return m_owner != nullptr; }
  void complete(StoredAnswer answer);

private:
  Idempotency* m_owner = nullptr;
  std::string m_slot;
};

struct IdempotencyCheck {
  std::optional<StoredAnswer> replay; // set: answer with this, charge nothing
  IdempotencyClaim claim;             // else: this request is the first of its key
};

class Idempotency {
public:
  static constexpr int64_t k_window_ms = 24LL * 3600 * 1000;

  // `db`: a read connection of its own (looked up under a mutex).
  Idempotency(store::Database db, const util::Clock& clock, int64_t wait_ms = 600'000);

  // The stored answer of (`key_id`, `key`), or a claim on it. Waits while a first request of
  // the same pair is in flight (at most wait_ms; then the repeat runs on its own).
  [[nodiscard]] Result<IdempotencyCheck> check(const std::string& key_id, const std::string& key);

private:
  friend class IdempotencyClaim;
  void finish(const std::string& slot, std::optional<StoredAnswer> answer);
  std::optional<StoredAnswer> recent(const std::string& slot, int64_t now_ms);
  [[nodiscard]] Result<std::optional<StoredAnswer>> stored(const std::string& key_id,
                                                           const std::string& key, int64_t now_ms);

  struct Recent {
    StoredAnswer answer;
    int64_t at_ms = 0;
  };

  std::mutex m_db_mutex;
  store::Database m_db;
  const util::Clock& m_clock;
  int64_t m_wait_ms;
  std::mutex m_mutex;
  std::condition_variable m_done;
  std::unordered_map<std::string, int> m_in_flight; // slot → 1
  std::unordered_map<std::string, Recent> m_recent;
  std::deque<std::string> m_recent_order; // oldest first, bounded
};

} // namespace tokenrouter::billing
