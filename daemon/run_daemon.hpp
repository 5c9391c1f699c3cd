#pragma once

namespace tokenrouter::daemon {

// tokenrouterd's whole life: flags, config, store, server, signals. Returns the exit code;
// startup failures print one line `tokenrouterd: error: …` and return 1 (usage errors 2).
int run_daemon(int argc, char** argv);

} // namespace tokenrouter::daemon
