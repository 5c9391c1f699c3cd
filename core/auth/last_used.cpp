#include "core/auth/last_used.hpp"

#include <spdlog/spdlog.h>

namespace tokenrouter::auth {

LastUsedRecorder::LastUsedRecorder(store::Database db, int64_t flush_every_ms)
    : m_db(std::move(db))
{
  if (flush_every_ms > 0) {
    m_thread = std::thread([this, flush_every_ms] { run(flush_every_ms); });
  }
}

LastUsedRecorder::~LastUsedRecorder()
{
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
  if (auto flushed = flush(); !flushed) {
    spdlog::warn("could not record when keys were last used: {}", flushed.error().message);
  }
}

void LastUsedRecorder::note(const std::string& key_id, int64_t now_s)
{
  std::lock_guard lock(m_mutex);
  auto [it, inserted] = m_noted.try_emplace(key_id, now_s);
  if (!inserted && now_s - it->second < k_resolution_s) {
    return;
  }
  it->second = now_s;
  m_pending[key_id] = now_s;
}

size_t LastUsedRecorder::pending()
{
  std::lock_guard lock(m_mutex);
  return m_pending.size();
}

Status LastUsedRecorder::flush()
{
  std::unordered_map<std::string, int64_t> batch;
  {
    std::lock_guard lock(m_mutex);
    batch.swap(m_pending);
  }
  if (batch.empty()) {
    return {};
  }
  std::lock_guard flush_lock(m_flush_mutex);
  TKR_TRY_ASSIGN(auto transaction, store::Transaction::begin(m_db));
  TKR_TRY_ASSIGN(auto st,
                 m_db.prepare("UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1 "
                              "AND (last_used_at IS NULL OR last_used_at < ?2)"));
  for (const auto& [key_id, at_s] : batch) {
    st.reset();
    st.bind(1, key_id).bind(2, at_s);
    TKR_TRY(st.run());
  }
  return transaction.commit();
}

void LastUsedRecorder::run(int64_t flush_every_ms)
{
  std::unique_lock lock(m_mutex);
  while (!m_stop) {
    m_cv.wait_for(lock, std::chrono::milliseconds(flush_every_ms));
    if (m_stop) {
      break;
    }
    lock.unlock();
    if (auto flushed = flush(); !flushed) {
      spdlog::warn("could not record when keys were last used: {}", flushed.error().message);
    }
    lock.lock();
  }
}

} // namespace tokenrouter::auth
