#include "core/gateway/rate_limit.hpp"

#include "core/limits/rate_headers.hpp"
#include "core/limits/token_reservation.hpp"

namespace tokenrouter::gateway {

Result<auth::Identity> authenticate_throttled(auth::Authenticator& authenticator,
                                              limits::RateLimiter* limiter,
                                              const auth::Credentials& credentials)
{
  if (limiter == nullptr) {
    return authenticator.authenticate(credentials);
  }
  if (const int wait_s = limiter->auth_blocked_s(credentials.remote_addr); wait_s > 0) {
    return fail(Error{ErrorCode::rate_limited,
                      "too many failed authentications from this address; retry in "
                          + std::to_string(wait_s) + "s",
                      0,
                      wait_s});
  }
  auto identity = authenticator.authenticate(credentials);
  if (!identity && identity.error().code == ErrorCode::unauthorized) {
    limiter->note_auth_failure(credentials.remote_addr);
  }
  return identity;
}

limits::Admission
admit_exchange(limits::RateLimiter* limiter, Exchange& x, int64_t estimated_tokens)
{
  if (limiter == nullptr) {
    return {};
  }
  const auth::Identity& identity = x.identity;
  limits::Admission admission =
      limiter->admit({identity.key_id, identity.rpm, identity.tpm}, estimated_tokens);
  if (admission.admitted && admission.reserved_tokens > 0) {
    auto reservation = std::make_shared<limits::TokenReservation>(
        *limiter, identity.key_id, admission.reserved_tokens);
    x.on_settled = [reservation](const model::Usage& usage) { reservation->settle(usage.total()); };
  }
  return admission;
}

Error rate_limited_error(const limits::Admission& admission)
{
  const bool tokens = admission.refused_by == "tokens";
  const int64_t limit = tokens ? admission.status.limit_tokens : admission.status.limit_requests;
  return Error{ErrorCode::rate_limited,
               "rate limit reached: " + std::to_string(limit) + (tokens ? " tokens" : " requests")
                   + " per minute for this key; retry in " + std::to_string(admission.retry_after_s)
                   + "s",
               0,
               admission.retry_after_s};
}

HttpReply with_rate_headers(HttpReply reply, const limits::RateStatus& status)
{
  for (auto& header : limits::rate_headers(status)) {
    reply.headers.push_back(std::move(header));
  }
  return reply;
}

} // namespace tokenrouter::gateway
