#pragma once
// One chat exchange as it crosses the gateway: what was asked, where it goes, what to record.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

#include "core/auth/identity.hpp"
#include "core/billing/idempotency.hpp"
#include "core/billing/quota_gate.hpp"
#include "core/billing/usage_record.hpp"
#include "core/dedup/inflight.hpp"
#include "core/gateway/gateway.hpp"
#include "core/gateway/http_types.hpp"
#include "core/model/envelope.hpp"
#include "core/routing/router.hpp"
#include "core/stream/translator.hpp"
#include "core/upstream/client.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::gateway {

struct ResponsesTurn; // responses_turn.hpp
struct RoutePlan;     // upstream_attempts.hpp
struct ReplayTape;    // replay_source.hpp

struct Exchange {
  model::Dialect client_dialect = model::Dialect::openai_chat;
  model::Dialect upstream_dialect = model::Dialect::openai_chat;
  auth::Identity identity;
  routing::Route route;
  upstream::Request upstream;
  stream::TranslateOptions translate;
  billing::UsageRecord record; // filled as the exchange goes; written once at the end
  int64_t started_ns = 0;
  int64_t upstream_ns = 0;     // time spent waiting on the upstream
  std::shared_ptr<ResponsesTurn> responses; // set for Responses clients
  // Told the actual usage when the exchange settles (corrects the tokens-per-minute charge).
  std::function<void(const model::Usage&)> on_settled;
  billing::QuotaHold hold;         // quota reserved at admission; settled by settle()
  billing::IdempotencyClaim claim; // active: the first request of its Idempotency-Key
  std::string dedup_key;           // non-empty: identical in-flight requests share one call
  std::shared_ptr<RoutePlan> plan; // deployments, credentials, fallbacks; nullptr: one attempt
  std::shared_ptr<ReplayTape> tape; // set: recorded to, or answered from, a cassette
};

// Identical in-flight non-streaming requests share one upstream answer (core/dedup).
using InflightCalls = dedup::Inflight<upstream::Response>;

// The request to send upstream for `route`: URL path, credentials and the client headers that
// matter (anthropic-version/-beta for Anthropic, OpenAI organisation/project); hop-by-hop and
// auth headers of the client are never forwarded (except the client's own upstream credential
// for a `credential = "passthrough"` provider).
[[nodiscard]] Result<upstream::Request> make_upstream_request(const routing::Route& route,
                                                              model::Dialect client_dialect,
                                                              const HttpRequest& request,
                                                              std::string body);

// Replaces the upstream credential header of `request` (x-api-key for Anthropic, else Bearer).
void set_upstream_credential(upstream::Request& request, model::ProviderKind kind, const std::string& secret);

// What an exchange needs from the gateway once it is on its way.
struct ExchangeContext {
  upstream::Client& client;
  billing::UsageSink& usage;
  const billing::PriceBook& prices;
  const util::Clock& clock;
  std::shared_ptr<std::atomic<int>> active_streams;
  std::shared_ptr<std::atomic<bool>> cancel_all;
  InflightCalls* inflight = nullptr;          // nullptr: dedup off
  std::chrono::milliseconds dedup_wait{30000}; // how long a follower waits for its leader
  metrics::GatewayMetrics* metrics = nullptr;  // observes each settled exchange; nullptr: none
};

// Idempotency replay and quota reservation, right before forwarding: a reply when the request
// is answered here (a replay, or 429 insufficient_quota), else nullopt with x.hold / x.claim set.
std::optional<HttpReply> admit_billing(Exchange& x, const model::Envelope& envelope,
                                       const HttpRequest& request, const GatewayDeps& deps);

// Non-streaming exchange: one upstream call, translated, recorded, answered.
HttpReply forward_once(Exchange exchange, const ExchangeContext& context);

// Streaming exchange: the upstream is read on its own thread, the client written on the
// caller's as events arrive. Errors before the first byte become a normal error reply.
HttpReply forward_stream(Exchange exchange, const ExchangeContext& context);

// x-tokenrouter-overhead-ms (unless the reply has it already), and the overhead so far: the
// time since the exchange started minus the time spent waiting on the upstream.
void add_overhead_header(HttpReply& reply, int64_t overhead_us);
int64_t overhead_so_far_us(const Exchange& exchange, const util::Clock& clock);

// Prices the usage (prices in force when the request started, the plan's multiplier), then
// writes the usage row: durable before return in "ack" mode.
Status settle(Exchange& exchange, const ExchangeContext& context);

} // namespace tokenrouter::gateway
