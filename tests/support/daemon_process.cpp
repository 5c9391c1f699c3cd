#include "tests/support/daemon_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>

namespace tokenrouter::testing {

namespace fs = std::filesystem;

std::string read_file(const std::string& path)
{
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

std::string make_temp_dir()
{
  std::string pattern = (fs::current_path() / "daemon-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  return pattern;
}

// fork + exec with stdout/stderr to files and extra environment; returns the pid.
pid_t spawn_process(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env,
                    const std::string& out_path,
                    const std::string& err_path)
{
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    const int null_in = open("/dev/null", O_RDONLY);
    dup2(null_in, STDIN_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const auto& [name, value] : env) {
      setenv(name.c_str(), value.c_str(), 1);
    }
    std::vector<char*> args;
    for (const auto& arg : argv) {
      args.push_back(const_cast<char*>(arg.c_str()));
    }
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, int timeout_ms)
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return -1;
}

} // namespace

DaemonProcess::DaemonProcess(DaemonOptions options) : m_options(std::move(options))
{
  m_dir = make_temp_dir();
  m_db = m_options.db_path.empty() ? m_dir + "/tokenrouter.db" : m_options.db_path;
  std::ofstream(m_dir + "/config.toml") << m_options.config_toml;
  spawn();
}

DaemonProcess::~DaemonProcess()
{
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    wait_exit(m_pid, 5000);
  }
}

void DaemonProcess::spawn()
{
  ++m_generation;
  std::map<std::string, std::string> env = m_options.env;
  env.emplace("HOME", m_dir);
  env.emplace("XDG_CONFIG_HOME", m_dir + "/xdg-config");
  env.emplace("XDG_DATA_HOME", m_dir + "/xdg-data");
  const std::string err = m_dir + "/stderr.log";
  std::ofstream(err, std::ios::app) << "--- start " << m_generation << " ---\n";
  m_pid = spawn_process({TKR_TOKENROUTERD, "--config", m_dir + "/config.toml", "--db", m_db,
                         "--listen", "127.0.0.1:0"},
                        env, m_dir + "/stdout.log", err);
  wait_ready();
}

void DaemonProcess::wait_ready()
{
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  const std::regex listening("listening on http://127\\.0\\.0\\.1:([0-9]+)");
  const std::string marker = "--- start " + std::to_string(m_generation) + " ---";
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      throw std::runtime_error("tokenrouterd exited at start:\n" + log());
    }
    const std::string text = log();
    const auto since = text.rfind(marker);
    std::smatch match;
    const std::string current = since == std::string::npos ? text : text.substr(since);
    if (std::regex_search(current, match, listening)) {
      m_port = std::stoi(match[1]);
      httplib::Client client("127.0.0.1", m_port);
      auto res = client.Get("/ready");
      if (res && res->status == 200) {
        return;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("tokenrouterd not ready after 60 s:\n" + log());
}

std::string DaemonProcess::dev_key() const
{
  const std::regex key("(tr-[0-9A-Za-z]{32,})");
  std::smatch match;
  const std::string text = out();
  return std::regex_search(text, match, key) ? match[1].str() : "";
}

std::string DaemonProcess::log() const
{
  return read_file(m_dir + "/stderr.log");
}

std::string DaemonProcess::out() const
{
  return read_file(m_dir + "/stdout.log");
}

int DaemonProcess::stop()
{
  if (m_pid <= 0) {
    return -1;
  }
  ::kill(m_pid, SIGTERM);
  int code = wait_exit(m_pid, 20000);
  if (code == -1) {
    ::kill(m_pid, SIGKILL);
    wait_exit(m_pid, 5000);
  }
  m_pid = -1;
  return code;
}

void DaemonProcess::kill()
{
  if (m_pid > 0) {
    ::kill(m_pid, SIGKILL);
    wait_exit(m_pid, 5000);
    m_pid = -1;
  }
}

void DaemonProcess::restart()
{
  if (m_pid > 0) {
    stop();
  }
  spawn();
}

CliResult run_cli_binary(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
{
  const std::string dir = make_temp_dir();
  std::vector<std::string> argv{TKR_TOKENROUTER};
  argv.insert(argv.end(), args.begin(), args.end());
  const pid_t pid = spawn_process(argv, env, dir + "/out", dir + "/err");
  CliResult result;
  result.exit_code = wait_exit(pid, 60000);
  result.out = read_file(dir + "/out");
  result.err = read_file(dir + "/err");
  fs::remove_all(dir);
  return result;
}

} // namespace tokenrouter::testing
