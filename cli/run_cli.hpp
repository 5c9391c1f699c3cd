#pragma once

namespace tokenrouter::cli {

// The whole `tokenrouter` command line. Exit codes: 0 ok, 1 failure, 2 usage error,
// 3 a CI gate failed.
int run_cli(int argc, char** argv);

} // namespace tokenrouter::cli
