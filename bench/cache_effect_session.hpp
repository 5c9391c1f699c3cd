#pragma once
// The synthetic agent session now lives in tests/support/agent_session.hpp (the bench and the
// integration tests share it); these names keep the benchmarks that include this header building.

#include "tests/support/agent_session.hpp"

namespace tokenrouter::bench {

using testing::client_body;
using testing::make_session;
using testing::Session;

} // namespace tokenrouter::bench
