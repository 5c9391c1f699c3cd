// The pipeline's effect through the real daemon: a short agent session replayed through
// tokenrouterd against the fake upstream simulating provider prefix caches, pipeline off and on,
// read back from the daemon's ledger. A property, not a figure: bench/cache_effect measures.
#include <doctest/doctest.h>

#include "tests/support/session_replay.hpp"

using namespace tokenrouter::testing;

TEST_SUITE("pipeline::cache_effect")
{
  TEST_CASE("the pipeline raises the cached share through the daemon")
  {
    const Session session = make_session(6);
    SUBCASE("OpenAI-format client routed to Anthropic")
    {
      const auto off = replay_through_daemon(session, {false, "claude-sonnet-4-5", false});
      const auto on = replay_through_daemon(session, {false, "claude-sonnet-4-5", true});
      INFO("off: ", off.cache_read_tokens, " of ", off.prompt_tokens, "; on: ", on.cache_read_tokens,
           " of ", on.prompt_tokens);
      CHECK(off.cache_read_tokens == 0); // no breakpoints, no Anthropic cache
      CHECK(on.cache_write_tokens > 0);
      CHECK(on.cached_share() > off.cached_share());
      CHECK(on.cached_share() > 0.5);
      CHECK(on.cost_nanousd < off.cost_nanousd);
    }
    SUBCASE("client with unstable key and tool order routed to OpenAI")
    {
      const auto off = replay_through_daemon(session, {true, "gpt-4.1", false});
      const auto on = replay_through_daemon(session, {true, "gpt-4.1", true});
      INFO("off: ", off.cache_read_tokens, " of ", off.prompt_tokens, "; on: ", on.cache_read_tokens,
           " of ", on.prompt_tokens);
      CHECK(on.cached_share() > off.cached_share());
      CHECK(on.cached_share() > 0.5);
      CHECK(on.cost_nanousd < off.cost_nanousd);
    }
  }
}
