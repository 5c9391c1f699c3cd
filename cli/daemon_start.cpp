#include "cli/daemon_start.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/upstream/probe.hpp"

namespace tokenrouter::cli {

namespace {

std::string daemon_binary()
{
  if (const char* named = std::getenv("TOKENROUTERD"); named != nullptr && *named != '\0') {
    return named;
  }
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto sibling = self.parent_path() / "tokenrouterd";
    if (access(sibling.c_str(), X_OK) == 0) {
      return sibling.string();
    }
  }
  return "tokenrouterd"; // execvp searches $PATH
}

[[noreturn]] void exec_daemon(const std::string& binary, const DaemonStart& start)
{
  setsid(); // survives the agent's terminal closing
  const int null_fd = open("/dev/null", O_RDONLY);
  const int log_fd = open(start.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (null_fd >= 0) {
    dup2(null_fd, STDIN_FILENO);
  }
  if (log_fd >= 0) {
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
  }
  std::vector<char*> argv{const_cast<char*>("tokenrouterd")};
  for (const auto& arg : start.args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  execvp(binary.c_str(), argv.data());
  _exit(127);
}

} // namespace

Result<int> start_daemon(const DaemonStart& start)
{
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(start.log_path).parent_path(), ec);
  const std::string binary = daemon_binary();
  const pid_t pid = fork();
  if (pid < 0) {
    return fail(ErrorCode::internal, "cannot start tokenrouterd: fork failed");
  }
  if (pid == 0) {
    exec_daemon(binary, start);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(start.wait_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (upstream::probe_health(start.base_url, 500)) {
      return static_cast<int>(pid);
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return fail(ErrorCode::unavailable, "tokenrouterd exited at start (exit status "
                                              + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1)
                                              + "); see " + start.log_path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return fail(ErrorCode::unavailable,
              "tokenrouterd did not answer at " + start.base_url + "/health in time; see " + start.log_path);
}

} // namespace tokenrouter::cli
