#pragma once
// Runs a program without a shell and returns what it printed on stdout: posix_spawnp of the
// argv as given (PATH search like execvp), stdin and stderr on /dev/null, killed after
// `timeout_ms`. A non-zero exit, a signal or a timeout is an error; the error never contains
// the output (it may be a secret).

#include <cstdint>
#include <string>
#include <vector>

#include "core/util/result.hpp"

namespace tokenrouter::util {

[[nodiscard]] Result<std::string> run_command(const std::vector<std::string>& argv,
                                              int64_t timeout_ms);

} // namespace tokenrouter::util
