#pragma once
// The limits step of the gateway: failed authentications throttled per client
// address, then requests and tokens per minute per key (core/limits), reported
// in x-ratelimit-* headers.

#include "core/auth/authenticator.hpp"
#include "core/gateway/exchange.hpp"
#include "core/limits/rate_limiter.hpp"

namespace tokenrouter::gateway {

// Authenticates unless the client's address has failed too often lately
// (rate_limited with retry-after); every `unauthorized` counts as a failure.
// `limiter` nullptr = no throttle.
[[nodiscard]] Result<auth::Identity> authenticate_throttled(auth::Authenticator& authenticator,
                                                            limits::RateLimiter* limiter,
                                                            const auth::Credentials& credentials);

// Admits the exchange for its key, charging `estimated_tokens` to the
// tokens-per-minute bucket; on admission, arranges for the charge to be
// corrected to the actual usage when `x` settles (or refunded if it never
// does). `limiter` nullptr = admitted, no headers.
limits::Admission
admit_exchange(limits::RateLimiter* limiter, Exchange& x, int64_t estimated_tokens);

// The 429 error of a refused admission (retry-after set).
Error rate_limited_error(const limits::Admission& admission);

// `reply` with the x-ratelimit-* headers of `status` added.
HttpReply with_rate_headers(HttpReply reply, const limits::RateStatus& status);

} // namespace tokenrouter::gateway
