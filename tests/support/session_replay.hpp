#pragma once
// An agent session (agent_session.hpp) replayed through a real tokenrouterd against the fake
// upstream in caching mode, as an OpenAI-format client: what the daemon's own ledger says it
// cost (read back with `tokenrouter --json cache stats` and `usage` once the daemon stopped).
// Used by bench/cache_effect --through-daemon and tests/integration/test_cache_effect.cpp.

#include <cstdint>
#include <string>

#include "tests/support/agent_session.hpp"

namespace tokenrouter::testing {

struct SessionReplay {
  bool unstable_client = false; // tools and JSON keys reshuffled every turn
  std::string model;            // of fake_routes_config(), or "gpt-4.1" (provider "oa")
  bool pipeline_on = true;      // [pipeline] arrange, canonicalize, cache_inject
};

struct LedgerTotals {
  int64_t prompt_tokens = 0;
  int64_t cache_read_tokens = 0;
  int64_t cache_write_tokens = 0;
  int64_t cost_nanousd = 0; // prompt and output, at the daemon's prices

  double cached_share() const
  {
    return prompt_tokens > 0 ? static_cast<double>(cache_read_tokens) / static_cast<double>(prompt_tokens)
                             : 0.0;
  }
};

// Throws std::runtime_error when a request or the CLI fails (with the answer or its stderr).
LedgerTotals replay_through_daemon(const Session& session, const SessionReplay& replay);

} // namespace tokenrouter::testing
