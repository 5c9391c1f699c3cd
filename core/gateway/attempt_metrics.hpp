#pragma once
// Upstream attempts and provider errors for metrics, counted where they happen: every attempt
// of the retry loop (so errors that a retry recovered from are seen too), and streams the
// upstream broke after their head.

#include "core/gateway/upstream_attempts.hpp"

namespace tokenrouter::gateway {

// Counts `result` for the provider `x` was sent to, then returns it unchanged.
AttemptResult count_attempt(const ExchangeContext& context, const Exchange& x, AttemptResult result);

// A stream that failed after its head: a provider error unless the failure was ours (storage).
void count_stream_failure(const ExchangeContext& context, const Exchange& x, const Error& error);

} // namespace tokenrouter::gateway
