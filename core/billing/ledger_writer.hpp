#pragma once
// The usage ledger's single writer: a bounded queue drained by one thread that commits whole
// batches in one transaction (group commit), keeping `daily_usage` and `cache_stats` in step.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/billing/usage_record.hpp"

namespace tokenrouter::store {
class Checkpointer;
class Database;
} // namespace tokenrouter::store

namespace tokenrouter::billing {

class LedgerStatements;

struct LedgerOptions {
  std::string db_path;
  bool ack = true;             // durability "ack": record() returns after the commit
  size_t capacity = 65536;     // queued rows; beyond that record() is `unavailable`
  size_t max_batch = 1024;     // rows per transaction at most
  int checkpoint_interval_ms = 1000; // WAL checkpoints, on their own thread (never in a commit)
};

class LedgerWriter final : public UsageSink {
public:
  // Opens its own connection to the (already migrated) database and starts the writer thread.
  [[nodiscard]] static Result<std::unique_ptr<LedgerWriter>> start(const LedgerOptions& options);
  ~LedgerWriter() override;

  [[nodiscard]] Status record(UsageRecord record) override;

  // Commits everything queued, then stops the thread. Idempotent.
  void stop();

  size_t queue_depth() const;
  size_t capacity() const { return m_options.capacity; }
  int64_t committed_rows() const;

  LedgerWriter(const LedgerWriter&) = delete;
  LedgerWriter& operator=(const LedgerWriter&) = delete;

private:
  LedgerWriter(LedgerOptions options, std::unique_ptr<store::Database> db,
               std::unique_ptr<store::Checkpointer> checkpointer);
  void run();
  Status write_batch(std::deque<UsageRecord>& batch);

  LedgerOptions m_options;
  std::unique_ptr<store::Database> m_db;
  std::unique_ptr<store::Checkpointer> m_checkpointer;
  std::unique_ptr<LedgerStatements> m_statements; // prepared once, on the writer thread
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;      // writer: rows queued or stop
  std::condition_variable m_committed; // producers: a batch finished
  std::deque<UsageRecord> m_queue;
  uint64_t m_next_seq = 0;             // seq of the last row queued
  uint64_t m_done_seq = 0;             // every row up to here is finished (committed or failed)
  uint64_t m_failed_from = 0;          // rows in [m_failed_from, m_failed_to] failed to commit
  uint64_t m_failed_to = 0;
  std::string m_failure;
  int64_t m_committed_rows = 0;
  bool m_stopping = false;
  std::thread m_thread;
};

// The UTC day ("YYYY-MM-DD") of a unix-milliseconds time.
std::string utc_day(int64_t unix_ms);

} // namespace tokenrouter::billing
