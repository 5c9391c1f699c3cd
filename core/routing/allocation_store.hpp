#pragma once
// Persists capacity reservations in the `allocations` table, off the request path: the
// allocator only queues (a map insert under a mutex); a writer thread commits the queue every
// `flush_interval` in one transaction. A reservation freed before its flush never reaches the
// disk (only a DELETE of a missing row).
//
// Crash semantics (kill -9): changes of the last flush interval are lost. A lost reservation
// means the restarted daemon undercounts by at most that interval's in-flight tokens; a lost
// release leaves a row behind. At start, load_live_allocations() empties the table: a row's
// request died with the previous process, so nothing stays reserved (no leak), but rows made
// less than `expiry_ms` ago (the daemon uses [upstream] total_timeout_s) are returned so the
// allocator charges them to the current minute window (Allocator::restore).

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/routing/allocator.hpp"
#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {

struct StoredAllocation {
  std::string request_id;
  std::string deployment;
  int64_t tokens = 0;
  int64_t created_ms = 0;
};

// Empties the table at start; returns the rows not yet expired at `now_ms` (oldest first).
[[nodiscard]] Result<std::vector<StoredAllocation>> load_live_allocations(store::Database& db,
                                                                          int64_t now_ms);

class AllocationStore final : public AllocationJournal {
public:
  [[nodiscard]] static Result<std::unique_ptr<AllocationStore>>
  start(const std::string& db_path, std::chrono::milliseconds flush_interval);
  ~AllocationStore() override;
  AllocationStore(const AllocationStore&) = delete;
  AllocationStore& operator=(const AllocationStore&) = delete;

  void reserved(std::string_view request_id,
                std::string_view deployment,
                int64_t tokens,
                int64_t at_ms,
                int64_t expires_ms) override;
  void released(std::string_view request_id) override;

  // Commits what is queued now and returns when it is on disk.
  void flush();
  // Flushes, then stops the writer. Idempotent.
  void stop();
  int64_t flushed_batches() const;

private:
  struct Row {
    std::string deployment;
    int64_t tokens = 0;
    int64_t created_ms = 0;
    int64_t expires_ms = 0;
  };

  using Pending = std::unordered_map<std::string, std::optional<Row>>; // nullopt: delete

  AllocationStore(store::Database db, std::chrono::milliseconds flush_interval);
  void run();
  void write(const Pending& batch);

  store::Database m_db;
  std::chrono::milliseconds m_interval;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_flushed;
  Pending m_pending;
  int64_t m_requested = 0; // flush() generations asked for
  int64_t m_done = 0;      // and completed
  int64_t m_batches = 0;
  bool m_stopping = false;
  std::thread m_thread;
};

} // namespace tokenrouter::routing
