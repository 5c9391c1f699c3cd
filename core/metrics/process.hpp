#pragma once
// Process metrics read from /proc/self (Linux): the standard `process_*` families.

#include <cstdint>
#include <string_view>

namespace tokenrouter::metrics {

class Registry;

struct ProcessStats {
  int64_t resident_bytes = 0;
  int64_t virtual_bytes = 0;
  int64_t threads = 0;
  int64_t open_fds = 0;
  int64_t max_fds = 0;
  int64_t cpu_ms = 0;            // user + system
  int64_t start_time_ms = 0;     // unix ms
};

// Fields of /proc/self/stat (`stat`), given the clock ticks per second and the boot time.
ProcessStats parse_proc_stat(std::string_view stat, int64_t ticks_per_s, int64_t boot_time_s,
                             int64_t page_bytes);

// The current process, all fields (zeros where /proc is unreadable).
ProcessStats read_process_stats();

// Adds process_resident_memory_bytes, process_virtual_memory_bytes, process_threads,
// process_open_fds, process_max_fds, process_cpu_seconds_total, process_start_time_seconds,
// refreshed at every scrape.
void add_process_metrics(Registry& registry);

} // namespace tokenrouter::metrics
