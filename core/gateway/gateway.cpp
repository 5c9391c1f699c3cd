// The gateway reads as the request's way through: one named step per line (design.md §1).
#include "core/gateway/gateway.hpp"

#include "core/gateway/exchange.hpp"
#include "core/gateway/rate_limit.hpp"
#include "core/gateway/responses_turn.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/pipeline/token_estimate.hpp"
#include "core/stream/translator.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::gateway {

namespace {

upstream::Timeouts timeouts_from(const config::UpstreamTimeouts& config)
{
  return {config.connect_s, config.first_byte_s, config.idle_s, config.total_s};
}

bool model_allowed(const auth::Identity& identity, std::string_view model)
{
  if (identity.allowed_models.empty()) {
    return true;
  }
  for (const auto& pattern : identity.allowed_models) {
    if (util::glob_match(pattern, model)) {
      return true;
    }
  }
  return false;
}

void fill_record(Exchange& x, const HttpRequest& request, const model::Envelope& envelope)
{
  auto& r = x.record;
  r.request_id = request.request_id;
  r.idempotency_key = request.header("idempotency-key");
  r.user_id = x.identity.user_id;
  r.key_id = x.identity.key_id;
  r.model = envelope.model;
  r.upstream_model = x.route.upstream_model;
  r.provider = x.route.provider->name;
  r.dialect = std::string(model::to_string(x.client_dialect));
  r.stream = envelope.stream;
}

// The prompt-cache pipeline (core/pipeline): what goes upstream, and the hashes for the row.
pipeline::Shaped shape_request(Exchange& x, const model::Envelope& envelope,
                               const config::PipelineConfig& config)
{
  auto shaped = pipeline::run(envelope, pipeline::options_for(config, x.route.provider->kind,
                                                              x.route.upstream_model, x.identity.key_id));
  x.record.prefix_hash = shaped.hashes.prefix_hash;
  x.record.full_hash = shaped.hashes.full_hash;
  return shaped;
}

} // namespace

model::Dialect dialect_for_path(std::string_view path)
{
  return path.starts_with("/v1/messages") ? model::Dialect::anthropic_messages
         : path.starts_with("/v1/responses") ? model::Dialect::openai_responses
                                             : model::Dialect::openai_chat;
}

auth::Credentials credentials_of(const HttpRequest& request)
{
  auth::Credentials credentials;
  credentials.remote_addr = request.remote_addr;
  credentials.virtual_key = request.header("x-tokenrouter-key");
  if (credentials.virtual_key.empty()) {
    const auto bearer = request.header("authorization");
    if (util::starts_with_ci(bearer, "bearer ")) {
      credentials.virtual_key = std::string(util::trim(std::string_view(bearer).substr(7)));
    }
  }
  if (credentials.virtual_key.empty()) {
    credentials.virtual_key = request.header("x-api-key");
  }
  return credentials;
}

Result<auth::Identity> Gateway::authenticate(const HttpRequest& request)
{
  return authenticate_throttled(m_deps.authenticator, m_deps.limiter, credentials_of(request));
}

HttpReply error_reply(model::Dialect dialect, const Error& error)
{
  const auto rendered = stream::render_error(dialect, error);
  HttpReply reply;
  reply.status = rendered.status;
  reply.body = rendered.body;
  if (rendered.retry_after_s >= 0) {
    reply.headers.emplace_back("retry-after", std::to_string(rendered.retry_after_s));
  }
  return reply;
}

Gateway::Gateway(GatewayDeps deps)
    : m_deps(deps)
    , m_router(deps.config)
    , m_client(std::make_unique<upstream::Client>(timeouts_from(deps.config.upstream)))
    , m_active_streams(std::make_shared<std::atomic<int>>(0))
    , m_cancel_all(std::make_shared<std::atomic<bool>>(false))
    , m_own_responses(deps.responses == nullptr ? make_memory_responses_store() : nullptr)
    , m_responses(deps.responses == nullptr ? m_own_responses.get() : deps.responses)
{
  if (deps.config.pipeline.dedup) {
    m_inflight = std::make_unique<dedup::Inflight<upstream::Response>>();
  }
}

Gateway::~Gateway() = default;

HttpReply Gateway::handle(const HttpRequest& request)
{
  const auto& path = request.path;
  if (request.method == "POST" && path == "/v1/chat/completions") {
    return handle_chat(model::Dialect::openai_chat, request);
  }
  if (request.method == "POST" && path == "/v1/messages") {
    return handle_chat(model::Dialect::anthropic_messages, request);
  }
  if (request.method == "POST" && path == "/v1/responses") {
    return handle_chat(model::Dialect::openai_responses, request);
  }
  if (request.method == "GET" && path == "/v1/responses") {
    return websocket_refused();
  }
  if (request.method == "POST" && path == "/v1/messages/count_tokens") {
    return handle_count_tokens(request);
  }
  if (request.method == "GET" && path == "/v1/models") {
    return handle_models(request);
  }
  return error_reply(dialect_for_path(path),
                     {ErrorCode::not_found, "no route for " + request.method + " " + path});
}

HttpReply Gateway::handle_chat(model::Dialect dialect, const HttpRequest& request)
{
  Exchange x;
  x.started_ns = m_deps.clock.steady_ns();
  x.client_dialect = dialect;
  x.record.created_at_ms = m_deps.clock.now_ms();

  auto identity = authenticate(request);
  if (!identity) {
    return error_reply(dialect, identity.error());
  }
  x.identity = std::move(*identity);
  auto envelope = inbound::parse(dialect, request.body);
  if (!envelope) {
    return error_reply(dialect, envelope.error());
  }
  if (auto prepared = prepare_responses_turn(*m_responses, x, request, *envelope); !prepared) {
    return error_reply(dialect, prepared.error());
  }
  const int64_t max_output = envelope->max_tokens.value_or(0);
  const auto admission =
      admit_exchange(m_deps.limiter, x, pipeline::estimate_tokens(request.body) + max_output);
  if (!admission.admitted) {
    return with_rate_headers(error_reply(dialect, rate_limited_error(admission)), admission.status);
  }
  const auto responses = x.responses;
  return with_rate_headers(
      finish_responses_turn(responses, forward_chat(std::move(x), *envelope, request)),
      admission.status);
}

// Allowlist → route → build → forward, for an authenticated and admitted exchange.
HttpReply Gateway::forward_chat(Exchange x, const model::Envelope& envelope, const HttpRequest& request)
{
  if (!model_allowed(x.identity, envelope.model)) {
    return error_reply(x.client_dialect,
                       {ErrorCode::forbidden, "this key may not use model " + envelope.model});
  }
  auto route = m_router.resolve(envelope.model);
  if (!route) {
    return error_reply(x.client_dialect, route.error());
  }
  x.route = *route;
  x.upstream_dialect = model::upstream_dialect(x.route.provider->kind);
  fill_record(x, request, envelope);
  if (auto routed = route_responses_turn(x); !routed) {
    return error_reply(x.client_dialect, routed.error());
  }

  outbound::BuildOptions build{x.route.provider->kind, x.route.upstream_model};
  if (x.route.model->max_output_tokens > 0) {
    build.default_max_tokens = x.route.model->max_output_tokens;
  }
  const auto shaped = shape_request(x, envelope, m_deps.config.pipeline);
  auto upstream = make_upstream_request(
      x.route, x.client_dialect, request, responses_upstream_body(x, request, shaped.envelope, build));
  if (!upstream) {
    return error_reply(x.client_dialect, upstream.error());
  }
  x.upstream = std::move(*upstream);
  x.translate = {x.upstream_dialect, x.client_dialect, envelope.model, envelope.include_usage,
                 static_cast<int64_t>(request.body.size() / 4)};
  adjust_responses_exchange(x);
  if (auto answered = admit_billing(x, envelope, request, m_deps)) {
    return std::move(*answered);
  }
  const auto& pipeline = m_deps.config.pipeline;
  if (m_inflight && !envelope.stream) {
    x.dedup_key = dedup::dedup_key(pipeline.dedup_scope, x.identity.key_id, x.record.full_hash);
  }
  const ExchangeContext context{*m_client,        m_deps.usage,  m_deps.prices,
                                m_deps.clock,     m_active_streams, m_cancel_all,
                                m_inflight.get(), std::chrono::milliseconds(pipeline.dedup_wait_ms)};
  if (!envelope.stream) {
    return forward_once(std::move(x), context);
  }
  return forward_stream(std::move(x), context);
}

} // namespace tokenrouter::gateway
