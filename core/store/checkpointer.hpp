#pragma once
// Checkpoints a database's WAL on a thread of its own. A writer that opened its connection with
// `auto_checkpoint = false` then never pays for a checkpoint (and its fsync of the database
// file, which can take 100 ms on a busy disk) inside a commit that a client is waiting for.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "core/store/database.hpp"

namespace tokenrouter::store {

class Checkpointer {
public:
  // Opens its own connection to `path` and checkpoints every `interval` until destroyed.
  [[nodiscard]] static Result<std::unique_ptr<Checkpointer>> start(const std::string& path,
                                                                   std::chrono::milliseconds interval);
  ~Checkpointer(); // stops after a last checkpoint

  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  int64_t rounds() const;

private:
  Checkpointer(Database db, std::chrono::milliseconds interval);
  void run();

  Database m_db;
  std::chrono::milliseconds m_interval;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  int64_t m_rounds = 0;
  std::thread m_thread;
};

} // namespace tokenrouter::store
