#pragma once
// Records when keys were last used without a database write per request: note()
// remembers the time in memory (at most once a minute per key), flush() writes
// what accumulated in one transaction, from a background thread every few
// seconds (and once more when stopping).

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::auth {

class LastUsedRecorder {
public:
  static constexpr int64_t k_resolution_s = 60;

  // `flush_every_ms` 0 = no background thread (tests call flush()).
  explicit LastUsedRecorder(store::Database db, int64_t flush_every_ms = 2000);
  ~LastUsedRecorder();
  LastUsedRecorder(const LastUsedRecorder&) = delete;
  LastUsedRecorder& operator=(const LastUsedRecorder&) = delete;

  // The key was used at `now_s`; cheap, no I/O.
  void note(const std::string& key_id, int64_t now_s);
  // Writes the pending times (last_used_at never moves backwards).
  [[nodiscard]] Status flush();
  size_t pending();

private:
  void run(int64_t flush_every_ms);

  store::Database m_db; // used by flush() only, under m_flush_mutex
  std::mutex m_flush_mutex;
  std::mutex m_mutex;
  std::unordered_map<std::string, int64_t> m_noted;   // key → time last queued for writing
  std::unordered_map<std::string, int64_t> m_pending; // key → time to write
  std::condition_variable m_cv;
  bool m_stop = false;
  std::thread m_thread;
};

} // namespace tokenrouter::auth
