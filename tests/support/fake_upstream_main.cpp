// tkr_fake_upstream: the test fake provider as a process, for shell and Node tests.
// Prints "port N" on stdout once listening; runs until SIGTERM/SIGINT or stdin closes.
#include <csignal>
#include <cstdio>
#include <iostream>

#include <unistd.h>

#include "tests/support/fake_upstream.hpp"

int main(int argc, char** argv)
{
  tokenrouter::testing::FakeUpstream upstream;
  tokenrouter::testing::Scripted script;
  // Optional: a tool call every answer ("--tool NAME"), for SDK tool tests; provider prompt
  // caching simulated in usage ("--prompt-cache").
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--tool" && i + 1 < argc) {
      script.tool_calls.push_back({argv[i + 1], {{"path", "README.md"}}});
    } else if (std::string(argv[i]) == "--prompt-cache") {
      upstream.simulate_prompt_caching();
    }
  }
  upstream.set_script(script);
  std::printf("port %d\n", upstream.port());
  std::fflush(stdout);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int signal = 0;
  sigwait(&set, &signal);
  return 0;
}
