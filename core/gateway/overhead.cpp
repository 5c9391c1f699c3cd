// x-tokenrouter-overhead-ms: the time a reply spent in tokenrouter itself, the upstream excluded.
#include "core/gateway/exchange.hpp"

namespace tokenrouter::gateway {

void add_overhead_header(HttpReply& reply, int64_t overhead_us)
{
  for (const auto& [name, value] : reply.headers) {
    if (name == "x-tokenrouter-overhead-ms") {
      return;
    }
  }
  reply.headers.emplace_back("x-tokenrouter-overhead-ms", std::to_string(static_cast<double>(overhead_us) / 1000.0));
}

int64_t overhead_so_far_us(const Exchange& exchange, const util::Clock& clock)
{
  return std::max<int64_t>(0, (clock.steady_ns() - exchange.started_ns - exchange.upstream_ns) / 1000);
}

} // namespace tokenrouter::gateway
