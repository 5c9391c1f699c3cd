#pragma once
// Starting tokenrouterd in the background for `tokenrouter exec --start`.

#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace tokenrouter::cli {

struct DaemonStart {
  std::vector<std::string> args; // extra arguments (--config FILE, --db FILE)
  std::string base_url;          // where /health must answer
  std::string log_path;          // its stdout and stderr
  int wait_ms = 30000;           // how long to wait for /health
};

// Spawns tokenrouterd ($TOKENROUTERD, else the one next to this executable, else from $PATH)
// detached in its own session, and waits until /health answers; returns its pid. Fails with
// the log's path if the daemon exits or does not answer in time.
[[nodiscard]] Result<int> start_daemon(const DaemonStart& start);

} // namespace tokenrouter::cli
