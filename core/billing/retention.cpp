#include "core/billing/retention.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/billing/idempotency.hpp"

namespace tokenrouter::billing {

namespace {

constexpr int64_t k_hour_ms = 3'600'000;
constexpr int64_t k_first_run_delay_ms = 60'000; // let startup traffic settle first

// Deletes matching rows `batch` at a time until none is left.
Result<int64_t> delete_in_batches(store::Database& db, const std::string& table,
                                  const std::string& column, int64_t before, int batch)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("DELETE FROM " + table + " WHERE rowid IN (SELECT rowid FROM "
                                     + table + " WHERE " + column + " < ?1 LIMIT ?2)"));
  int64_t removed = 0;
  while (true) {
    st.reset();
    st.bind_all(before, batch);
    TKR_TRY(st.run());
    const int changed = db.changes();
    removed += changed;
    if (changed < batch) {
      return removed;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5)); // the writer's turn
  }
}

Status save_setting(store::Database& db, std::string_view key, int64_t value)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                     "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
  st.bind_all(key, std::to_string(value));
  return st.run();
}

} // namespace

Result<int64_t> prune(store::Database& db, int64_t cutoff_ms, int64_t now_ms, int batch)
{
  TKR_TRY_ASSIGN(int64_t requests, delete_in_batches(db, "requests", "created_at", cutoff_ms, batch));
  TKR_TRY_ASSIGN(int64_t audit, delete_in_batches(db, "quota_ledger", "created_at", cutoff_ms, batch));
  TKR_TRY_ASSIGN(int64_t answers, delete_in_batches(db, "idempotent_responses", "created_at",
                                                    now_ms - Idempotency::k_window_ms, batch));
  return requests + audit + answers;
}

Result<RetentionRun> last_retention_run(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare("SELECT key, value FROM settings WHERE key LIKE 'retention.%'"));
  RetentionRun run;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return run;
    }
    const auto key = st.column_text(0);
    const int64_t value = std::stoll("0" + st.column_text(1));
    if (key == "retention.last_run_ms") {
      run.ran_at_ms = value;
    } else if (key == "retention.rows_removed") {
      run.rows_removed = value;
    } else if (key == "retention.next_run_ms") {
      run.next_run_ms = value;
    }
  }
}

Retention::Retention(store::Database db, config::RetentionConfig config, const util::Clock& clock)
    : m_db(std::move(db))
    , m_config(config)
    , m_clock(clock)
{
  if (m_config.enabled) {
    m_thread = std::thread([this] { loop(); });
  }
}

Retention::~Retention()
{
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

Result<RetentionRun> Retention::run_once()
{
  RetentionRun run;
  run.ran_at_ms = m_clock.now_ms();
  const int64_t cutoff = run.ran_at_ms - static_cast<int64_t>(m_config.days) * 24 * k_hour_ms;
  TKR_TRY_ASSIGN(run.rows_removed, prune(m_db, cutoff, run.ran_at_ms));
  run.next_run_ms = run.ran_at_ms + static_cast<int64_t>(m_config.interval_hours) * k_hour_ms;
  TKR_TRY(save_setting(m_db, "retention.last_run_ms", run.ran_at_ms));
  TKR_TRY(save_setting(m_db, "retention.rows_removed", run.rows_removed));
  TKR_TRY(save_setting(m_db, "retention.next_run_ms", run.next_run_ms));
  return run;
}

void Retention::loop()
{
  std::unique_lock lock(m_mutex);
  int64_t wait_ms = k_first_run_delay_ms;
  while (!m_wake.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return m_stop; })) {
    lock.unlock();
    auto run = run_once();
    lock.lock();
    if (run) {
      spdlog::info("retention: removed {} rows older than {} days", run->rows_removed, m_config.days);
    } else {
      spdlog::warn("retention: {}", run.error().message);
    }
    wait_ms = static_cast<int64_t>(m_config.interval_hours) * k_hour_ms;
  }
}

} // namespace tokenrouter::billing
