#include "core/routing/allocation_store.hpp"

#include <spdlog/spdlog.h>

namespace tokenrouter::routing {

Result<std::vector<StoredAllocation>> load_live_allocations(store::Database& db, int64_t now_ms) {
  TKR_TRY_ASSIGN(auto drop, db.prepare("DELETE FROM allocations WHERE expires_at <= ?1"));
  TKR_TRY(drop.bind(1, now_ms).run());
  if (db.changes() > 0) {
    spdlog::info("allocations: dropped {} reservation(s) older than the upstream total timeout",
                 db.changes());
  }
  TKR_TRY_ASSIGN(auto select,
                 db.prepare("SELECT request_id, deployment, tokens, created_at FROM allocations "
                            "ORDER BY created_at"));
  std::vector<StoredAllocation> rows;
  while (true) {
    TKR_TRY_ASSIGN(const bool row, select.step());
    if (!row) {
      break;
    }
    rows.push_back({select.column_text(0),
                    select.column_text(1),
                    select.column_int64(2),
                    select.column_int64(3)});
  }
  TKR_TRY(db.exec("DELETE FROM allocations")); // nothing is in flight after a restart
  return rows;
}

Result<std::unique_ptr<AllocationStore>>
AllocationStore::start(const std::string& db_path, std::chrono::milliseconds flush_interval) {
  TKR_TRY_ASSIGN(auto db, store::Database::open(db_path));
  auto writer =
      std::unique_ptr<AllocationStore>(new AllocationStore(std::move(db), flush_interval));
  writer->m_thread = std::thread([w = writer.get()] { w->run(); });
  return writer;
}

AllocationStore::AllocationStore(store::Database db, std::chrono::milliseconds flush_interval)
    : m_db(std::move(db))
    , m_interval(flush_interval) {}

AllocationStore::~AllocationStore() {
  stop();
}

void AllocationStore::reserved(std::string_view request_id,
                               std::string_view deployment,
                               int64_t tokens,
                               int64_t at_ms,
                               int64_t expires_ms) {
  std::lock_guard lock(m_mutex);
  m_pending[std::string(request_id)] = Row{std::string(deployment), tokens, at_ms, expires_ms};
}

void AllocationStore::released(std::string_view request_id) {
  std::lock_guard lock(m_mutex);
  m_pending[std::string(request_id)] = std::nullopt;
}

void AllocationStore::flush() {
  std::unique_lock lock(m_mutex);
  if (m_stopping && !m_thread.joinable()) {
    return;
  }
  const int64_t generation = ++m_requested;
  m_wake.notify_one();
  m_flushed.wait(lock, [&] { return m_done >= generation || !m_thread.joinable(); });
}

void AllocationStore::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
    m_wake.notify_one();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

int64_t AllocationStore::flushed_batches() const {
  std::lock_guard lock(m_mutex);
  return m_batches;
}

void AllocationStore::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait_for(lock, m_interval, [this] { return m_stopping || m_requested > m_done; });
    const int64_t generation = m_requested;
    Pending batch;
    batch.swap(m_pending);
    const bool stopping = m_stopping;
    lock.unlock();
    if (!batch.empty()) {
      write(batch);
    }
    lock.lock();
    m_batches += batch.empty() ? 0 : 1;
    m_done = generation;
    m_flushed.notify_all();
    if (stopping && m_pending.empty()) {
      return;
    }
  }
}

// Best effort: a failed batch is logged, the reservations stay correct in memory.
void AllocationStore::write(const Pending& batch) {
  auto committed = [&]() -> Status {
    TKR_TRY_ASSIGN(auto tx, store::Transaction::begin(m_db));
    TKR_TRY_ASSIGN(auto upsert,
                   m_db.prepare("INSERT OR REPLACE INTO allocations "
                                "(request_id, deployment, tokens, created_at, expires_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)"));
    TKR_TRY_ASSIGN(auto remove, m_db.prepare("DELETE FROM allocations WHERE request_id = ?1"));
    for (const auto& [id, row] : batch) {
      if (row) {
        upsert.reset();
        TKR_TRY(upsert.bind_all(id, row->deployment, row->tokens, row->created_ms, row->expires_ms)
                    .run());
      } else {
        remove.reset();
        TKR_TRY(remove.bind(1, id).run());
      }
    }
    return tx.commit();
  }();
  if (!committed) {
    spdlog::warn(
        "allocations: {} change(s) not persisted: {}", batch.size(), committed.error().message);
  }
}

} // namespace tokenrouter::routing
