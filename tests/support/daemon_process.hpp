#pragma once
// Runs the real tokenrouterd binary for a test: its own temp dir, database and config, a free
// loopback port (the daemon binds port 0 and logs the one it got), waits for /ready, and stops
// it (SIGTERM, or SIGKILL on request) when done.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace tokenrouter::testing {

struct DaemonOptions {
  std::string config_toml;                 // written to <dir>/config.toml
  std::map<std::string, std::string> env;  // extra environment (upstream keys …)
  std::string db_path;                     // "" = <dir>/tokenrouter.db
  bool keep_dir = false;
};

class DaemonProcess {
public:
  // Starts it and waits until /ready answers 200 (throws std::runtime_error after 60 s or if
  // the process exits first, with its log in the message).
  explicit DaemonProcess(DaemonOptions options);
  ~DaemonProcess();
  DaemonProcess(const DaemonProcess&) = delete;
  DaemonProcess& operator=(const DaemonProcess&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  const std::string& dir() const { return m_dir; }
  const std::string& db_path() const { return m_db; }
  // The dev key printed at first start ("" if none was printed).
  std::string dev_key() const;
  std::string log() const;   // stderr so far
  std::string out() const;   // stdout so far

  // SIGTERM and wait; returns the exit status (or -1 if it had to be killed after 20 s).
  int stop();
  // SIGKILL and wait.
  void kill();
  bool running() const { return m_pid > 0; }
  // The daemon's process id (-1 when not running), e.g. to count its open files.
  pid_t pid() const { return m_pid; }
  // Starts it again on the same dir, database and config (after stop/kill).
  void restart();

private:
  void spawn();
  void wait_ready();

  DaemonOptions m_options;
  std::string m_dir;
  std::string m_db;
  pid_t m_pid = -1;
  int m_port = 0;
  int m_generation = 0;
};

// Runs the tokenrouter CLI with `args` (and env); returns exit code and stdout.
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CliResult run_cli_binary(const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {});

// Reads a whole file ("" if missing).
std::string read_file(const std::string& path);

} // namespace tokenrouter::testing
