#include "cli/exit_code.hpp"

namespace tokenrouter::cli {

int exit_code_for(ErrorCode code)
{
  return code == ErrorCode::invalid_request ? k_exit_usage : k_exit_failure;
}

} // namespace tokenrouter::cli
