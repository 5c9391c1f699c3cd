#include "daemon/store_watch.hpp"

#include <chrono>

#include <spdlog/spdlog.h>

namespace tokenrouter::daemon {

StoreWatch::StoreWatch(store::Database db, std::vector<Reload> reloads)
    : m_db(std::move(db))
    , m_reloads(std::move(reloads))
{
  for (auto& reload : m_reloads) {
    reload(m_db);
  }
  m_thread = std::thread([this] { run(); });
}

StoreWatch::~StoreWatch()
{
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

void StoreWatch::run()
{
  auto last = m_db.data_version();
  std::unique_lock lock(m_mutex);
  while (!m_cv.wait_for(lock, std::chrono::seconds(1), [this] { return m_stop; })) {
    auto now = m_db.data_version();
    if (!now) {
      spdlog::warn("store watch: {}", now.error().message);
      continue;
    }
    if (last && *now == *last) {
      continue;
    }
    last = now;
    for (auto& reload : m_reloads) {
      reload(m_db);
    }
  }
}

} // namespace tokenrouter::daemon
