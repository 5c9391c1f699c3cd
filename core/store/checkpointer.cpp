#include "core/store/checkpointer.hpp"

#include <spdlog/spdlog.h>

namespace tokenrouter::store {

Result<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path,
                                                          std::chrono::milliseconds interval)
{
  TKR_TRY_ASSIGN(auto db, Database::open(path));
  auto checkpointer = std::unique_ptr<Checkpointer>(new Checkpointer(std::move(db), interval));
  checkpointer->m_thread = std::thread([c = checkpointer.get()] { c->run(); });
  return checkpointer;
}

Checkpointer::Checkpointer(Database db, std::chrono::milliseconds interval)
    : m_db(std::move(db))
    , m_interval(interval)
{
}

Checkpointer::~Checkpointer()
{
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

int64_t Checkpointer::rounds() const
{
  std::lock_guard lock(m_mutex);
  return m_rounds;
}

void Checkpointer::run()
{
  std::unique_lock lock(m_mutex);
  while (true) {
    const bool stopping = m_wake.wait_for(lock, m_interval, [this] { return m_stopping; });
    lock.unlock();
    if (auto done = m_db.checkpoint(); !done) {
      spdlog::warn("{}", done.error().message);
    }
    lock.lock();
    ++m_rounds;
    if (stopping) {
      return;
    }
  }
}

} // namespace tokenrouter::store
