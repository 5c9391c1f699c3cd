#include "core/metrics/process.hpp"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "core/metrics/registry.hpp"

namespace tokenrouter::metrics {

namespace {

int64_t to_int(std::string_view text)
{
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string slurp(const char* path)
{
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int64_t boot_time_s()
{
  std::istringstream in(slurp("/proc/stat"));
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("btime ")) {
      return to_int(std::string_view(line).substr(6));
    }
  }
  return 0;
}

int64_t count_open_fds()
{
  std::error_code ec;
  int64_t count = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++count;
  }
  return count > 0 ? count - 1 : 0; // the directory handle of this very listing
}

} // namespace

ProcessStats parse_proc_stat(std::string_view stat, int64_t ticks_per_s, int64_t boot_time_s,
                             int64_t page_bytes)
{
  ProcessStats out;
  // The command name (field 2) may hold spaces and parentheses: fields restart after the last ')'.
  const auto close = stat.rfind(')');
  if (close == std::string_view::npos || ticks_per_s <= 0) {
    return out;
  }
  std::vector<std::string_view> fields; // fields[0] is field 3 (state)
  for (size_t at = close + 1; at < stat.size();) {
    const size_t begin = stat.find_first_not_of(" \n", at);
    if (begin == std::string_view::npos) {
      break;
    }
    const size_t end = std::min(stat.find_first_of(" \n", begin), stat.size());
    fields.push_back(stat.substr(begin, end - begin));
    at = end;
  }
  const auto field = [&fields](size_t number) { // 1-based, as proc(5) numbers them
    return number >= 3 && number - 3 < fields.size() ? to_int(fields[number - 3]) : 0;
  };
  out.cpu_ms = (field(14) + field(15)) * 1000 / ticks_per_s;
  out.threads = field(20);
  out.start_time_ms = boot_time_s * 1000 + field(22) * 1000 / ticks_per_s;
  out.virtual_bytes = field(23);
  out.resident_bytes = field(24) * page_bytes;
  return out;
}

ProcessStats read_process_stats()
{
  static const int64_t boot = boot_time_s();
  ProcessStats out = parse_proc_stat(slurp("/proc/self/stat"), sysconf(_SC_CLK_TCK), boot, sysconf(_SC_PAGESIZE));
  out.open_fds = count_open_fds();
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    out.max_fds = static_cast<int64_t>(limit.rlim_cur);
  }
  return out;
}

void add_process_metrics(Registry& registry)
{
  auto gauge = [&registry](std::string name, std::string help, double divisor = 1.0) -> Family& {
    return registry.add({std::move(name), std::move(help), Kind::gauge, {}, {}, divisor, 1});
  };
  Family& rss = gauge("process_resident_memory_bytes", "Resident memory size in bytes.");
  Family& vsize = gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.");
  Family& threads = gauge("process_threads", "Threads of the process.");
  Family& fds = gauge("process_open_fds", "Open file descriptors.");
  Family& max_fds = gauge("process_max_fds", "The limit on open file descriptors.");
  Family& cpu = registry.add({"process_cpu_seconds_total", "User and system CPU time in seconds.",
                              Kind::counter, {}, {}, 1000.0, 1});
  Family& start = gauge("process_start_time_seconds", "Start time of the process since the epoch.", 1000.0);
  registry.add_collector([r = &rss, v = &vsize, t = &threads, f = &fds, m = &max_fds, c = &cpu, s = &start] {
    const ProcessStats stats = read_process_stats();
    r->set(stats.resident_bytes);
    v->set(stats.virtual_bytes);
    t->set(stats.threads);
    f->set(stats.open_fds);
    m->set(stats.max_fds);
    c->set(stats.cpu_ms);
    s->set(stats.start_time_ms);
  });
}

} // namespace tokenrouter::metrics
