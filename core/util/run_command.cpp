#include "core/util/run_command.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT: POSIX

namespace tokenrouter::util {

namespace {

constexpr size_t k_max_output = 64 * 1024;

struct Pipe {
  int read = -1;
  int write = -1;

  ~Pipe() {
    if (read >= 0) {
      close(read);
    }
    if (write >= 0) {
      close(write);
    }
  }
};

Result<pid_t> spawn(const std::vector<std::string>& argv, int stdout_fd) {
  std::vector<char*> args;
  for (const auto& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    return fail(ErrorCode::internal, "cannot run " + argv[0] + ": " + std::strerror(rc));
  }
  return pid;
}

// Reads until EOF or the deadline; false on timeout.
bool read_all(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return ready == 0 ? false : true;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return true;
    }
    if (out.size() < k_max_output) {
      out.append(buffer, static_cast<size_t>(n));
    }
  }
}

} // namespace

Result<std::string> run_command(const std::vector<std::string>& argv, int64_t timeout_ms) {
  if (argv.empty() || argv.front().empty()) {
    return fail(ErrorCode::invalid_request, "empty command");
  }
  Pipe pipe;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return fail(ErrorCode::internal, std::string("pipe: ") + std::strerror(errno));
  }
  pipe.read = fds[0];
  pipe.write = fds[1];
  TKR_TRY_ASSIGN(const pid_t pid, spawn(argv, pipe.write));
  close(pipe.write);
  pipe.write = -1;
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  const bool finished = read_all(pipe.read, out, deadline);
  if (!finished) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return fail(ErrorCode::upstream_timeout,
                argv[0] + " did not finish within " + std::to_string(timeout_ms) + " ms");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(ErrorCode::upstream_failed,
                argv[0]
                    + (WIFEXITED(status) ? " exited with " + std::to_string(WEXITSTATUS(status))
                                         : std::string(" was killed by a signal")));
  }
  return out;
}

} // namespace tokenrouter::util
