#pragma once
// One chat exchange as it crosses the gateway: what was asked, where it goes, what to record.

#include <atomic>
#include <memory>

#include "core/auth/identity.hpp"
#include "core/billing/usage_record.hpp"
#include "core/gateway/gateway.hpp"
#include "core/gateway/http_types.hpp"
#include "core/routing/router.hpp"
#include "core/stream/translator.hpp"
#include "core/upstream/client.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::gateway {

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
};

// The request to send upstream for `route`: URL path, credentials and the client headers that
// matter (anthropic-version/-beta for Anthropic, OpenAI organisation/project); hop-by-hop and
// auth headers of the client are never forwarded (except the client's own upstream credential
// for a `credential = "passthrough"` provider).
[[nodiscard]] Result<upstream::Request> make_upstream_request(const routing::Route& route,
                                                              model::Dialect client_dialect,
                                                              const HttpRequest& request,
                                                              std::string body);

// Non-streaming exchange: one upstream call, translated, recorded, answered.
HttpReply forward_once(Exchange exchange,
                       upstream::Client& client,
                       billing::UsageSink& usage,
                       const util::Clock& clock);

struct StreamContext {
  upstream::Client& client;
  billing::UsageSink& usage;
  const util::Clock& clock;
  std::shared_ptr<std::atomic<int>> active_streams;
  std::shared_ptr<std::atomic<bool>> cancel_all;
};

// Streaming exchange: the upstream is read on its own thread, the client written on the
// caller's as events arrive. Errors before the first byte become a normal error reply.
HttpReply forward_stream(Exchange exchange, const StreamContext& context);

// Writes the usage row (durable before return in "ack" mode) and fills derived fields.
Status settle(Exchange& exchange, billing::UsageSink& usage, const util::Clock& clock);

} // namespace tokenrouter::gateway
