#pragma once
// Retention: deletes usage rows (`requests`) and quota audit rows older than [retention] days,
// and idempotent answers older than their 24 h window, in small batches each in its own short
// transaction, so the ledger writer is never held up for long. The daily aggregates
// (`daily_usage`, `cache_stats`) are kept: they are small and carry the long-term reports.
// Each run's outcome is kept in `settings` (retention.*), where `tokenrouter status` reads it.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/config/config.hpp"
#include "core/store/database.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::billing {

struct RetentionRun {
  int64_t ran_at_ms = 0;
  int64_t rows_removed = 0;
  int64_t next_run_ms = 0;
};

// One pass over the store: rows older than `cutoff_ms` go, `batch` at a time. Returns how many.
[[nodiscard]] Result<int64_t> prune(store::Database& db, int64_t cutoff_ms, int64_t now_ms,
                                    int batch = 2000);

// The last run as recorded in `settings` (zeros when retention never ran).
[[nodiscard]] Result<RetentionRun> last_retention_run(store::Database& db);

class Retention {
public:
  // Runs a first pass shortly after start, then every interval_hours.
  Retention(store::Database db, config::RetentionConfig config, const util::Clock& clock);
  ~Retention();
  Retention(const Retention&) = delete;
  Retention& operator=(const Retention&) = delete;

  // Runs one pass now (on the caller's thread) and records it.
  [[nodiscard]] Result<RetentionRun> run_once();

private:
  void loop();

  store::Database m_db;
  config::RetentionConfig m_config;
  const util::Clock& m_clock;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::thread m_thread;
};

} // namespace tokenrouter::billing
