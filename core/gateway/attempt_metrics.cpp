#include "core/gateway/attempt_metrics.hpp"

#include "core/metrics/gateway_metrics.hpp"

namespace tokenrouter::gateway {

AttemptResult count_attempt(const ExchangeContext& context, const Exchange& x, AttemptResult result)
{
  if (context.metrics != nullptr && result.from_upstream && x.route.provider != nullptr) {
    context.metrics->upstream_attempt(x.route.provider->name, result.ok() ? "" : to_string(result.error.code));
  }
  return result;
}

void count_stream_failure(const ExchangeContext& context, const Exchange& x, const Error& error)
{
  const bool ours = error.code == ErrorCode::storage || error.code == ErrorCode::unavailable
                    || error.code == ErrorCode::internal;
  if (context.metrics != nullptr && !ours && x.route.provider != nullptr) {
    context.metrics->provider_error(x.route.provider->name, to_string(error.code));
  }
}

} // namespace tokenrouter::gateway
