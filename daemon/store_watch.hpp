#pragma once
// Notices changes other processes (the CLI) make to the database — `PRAGMA data_version` once a
// second on its own connection — and runs the reloads registered for them.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "core/store/database.hpp"

namespace tokenrouter::daemon {

class StoreWatch {
public:
  using Reload = std::function<void(store::Database&)>;

  // Runs every reload once now, then again after each change.
  StoreWatch(store::Database db, std::vector<Reload> reloads);
  ~StoreWatch();
  StoreWatch(const StoreWatch&) = delete;
  StoreWatch& operator=(const StoreWatch&) = delete;

private:
  void run();

  store::Database m_db;
  std::vector<Reload> m_reloads;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stop = false;
  std::thread m_thread;
};

} // namespace tokenrouter::daemon
