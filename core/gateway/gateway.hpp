#pragma once
// The gateway: one request's way through auth → inbound → routing → outbound → upstream →
// translate → settle. Transport-free: daemon/http adapts HTTP to handle().

#include <atomic>
#include <memory>

#include "core/auth/authenticator.hpp"
#include "core/dedup/inflight.hpp"
#include "core/billing/idempotency.hpp"
#include "core/billing/price_book.hpp"
#include "core/billing/quota_gate.hpp"
#include "core/billing/usage_record.hpp"
#include "core/config/config.hpp"
#include "core/gateway/http_types.hpp"
#include "core/limits/rate_limiter.hpp"
#include "core/model/dialect.hpp"
#include "core/routing/router.hpp"
#include "core/upstream/client.hpp"
#include "core/util/clock.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::model {
struct Envelope;
} // namespace tokenrouter::model

namespace tokenrouter::metrics {
class GatewayMetrics;
} // namespace tokenrouter::metrics

namespace tokenrouter::routing {
class RoutingState;
} // namespace tokenrouter::routing

namespace tokenrouter::gateway {

struct Exchange;
class ResponsesStore;
class ReplayDesk;

struct GatewayDeps {
  const config::Config& config;
  auth::Authenticator& authenticator;
  billing::UsageSink& usage;
  const billing::PriceBook& prices;
  const util::Clock& clock = util::system_clock();
  limits::RateLimiter* limiter = nullptr; // nullptr = no rate limits
  billing::QuotaGate& quotas = billing::unlimited_quotas();
  billing::Idempotency* idempotency = nullptr; // nullptr = Idempotency-Key not honoured
  ResponsesStore* responses = nullptr; // stored Responses answers; nullptr = in memory
  metrics::GatewayMetrics* metrics = nullptr; // every settled exchange observed; nullptr = none
  routing::RoutingState* routing = nullptr; // allocators, credential pools; nullptr = own, in memory
};

class Gateway {
public:
  explicit Gateway(GatewayDeps deps);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // A data-plane request (chat, messages, count_tokens, models). Never throws for bad input:
  // every failure is a reply in the client's dialect.
  HttpReply handle(const HttpRequest& request);

  // Streams still open (for metrics, shutdown).
  int active_streams() const { return m_active_streams->load(); }
  // Dedup waits so far (zeros when dedup is off), for metrics.
  dedup::InflightStats dedup_stats() const { return m_inflight ? m_inflight->stats() : dedup::InflightStats{}; }
  // Cancels every upstream exchange in flight (shutdown deadline).
  void cancel_all() { m_cancel_all->store(true); }

private:
  Result<auth::Identity> authenticate(const HttpRequest& request);
  HttpReply handle_chat(model::Dialect dialect, const HttpRequest& request);
  HttpReply forward_chat(Exchange x, const model::Envelope& envelope, const HttpRequest& request);
  HttpReply handle_models(const HttpRequest& request);
  HttpReply handle_count_tokens(const HttpRequest& request);

  GatewayDeps m_deps;
  routing::Router m_router;
  std::unique_ptr<upstream::Client> m_client;
  std::shared_ptr<std::atomic<int>> m_active_streams;
  std::shared_ptr<std::atomic<bool>> m_cancel_all;
  std::unique_ptr<dedup::Inflight<upstream::Response>> m_inflight; // nullptr: [pipeline] dedup off
  std::unique_ptr<ResponsesStore> m_own_responses; // when deps.responses is null
  ResponsesStore* m_responses = nullptr;
  std::unique_ptr<routing::RoutingState> m_own_routing; // when deps.routing is null
  routing::RoutingState* m_routing = nullptr;
  std::unique_ptr<ReplayDesk> m_replay; // [replay]: cassettes recorded to and answered from
};

// The credentials a request presents (see auth::Credentials for the header order).
auth::Credentials credentials_of(const HttpRequest& request);

// The dialect a request path speaks (errors are rendered in it).
model::Dialect dialect_for_path(std::string_view path);

// An error reply in `dialect` (status, JSON body, retry-after when known).
HttpReply error_reply(model::Dialect dialect, const Error& error);

} // namespace tokenrouter::gateway
