#pragma once

#include "core/util/result.hpp"

namespace tokenrouter::cli {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_gate = 3;

// The one mapping from error codes to exit codes.
int exit_code_for(ErrorCode code);

} // namespace tokenrouter::cli
