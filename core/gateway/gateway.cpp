// The gateway reads as the request's way through: one named step per line (design.md §1).
#include "core/gateway/gateway.hpp"

#include "core/gateway/exchange.hpp"
#include "core/gateway/rate_limit.hpp"
#include "core/gateway/replay_source.hpp"
#include "core/gateway/responses_turn.hpp"
#include "core/gateway/upstream_attempts.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/pipeline.hpp"
#include "core/pipeline/token_estimate.hpp"
#include "core/routing/routing_state.hpp"
#include "core/stream/translator.hpp"
#include "core/util/strings.hpp"

#include <algorithm>

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
  auto shaped = pipeline::run(envelope, pipeline::options_for(config, *x.route.provider,
                                                              x.route.upstream_model, x.identity.key_id));
  x.record.prefix_hash = shaped.hashes.prefix_hash;
  x.record.full_hash = shaped.hashes.full_hash;
  return shaped;
}

// Points the exchange at `route`: record, Responses turn, shaped body, upstream request and
// translation. Run again by the retry loop when it moves to another deployment.
Result<pipeline::Shaped> target_route(Exchange& x, const routing::Route& route,
                                      const model::Envelope& envelope, const HttpRequest& request,
                                      const config::PipelineConfig& pipeline)
{
  x.route = route;
  x.upstream_dialect = model::upstream_dialect(x.route.provider->kind);
  fill_record(x, request, envelope);
  TKR_TRY(route_responses_turn(x));
  outbound::BuildOptions build{x.route.provider->kind, x.route.upstream_model};
  if (x.route.model->max_output_tokens > 0) {
    build.default_max_tokens = x.route.model->max_output_tokens;
  }
  auto shaped = shape_request(x, envelope, pipeline);
  TKR_TRY_ASSIGN(x.upstream, make_upstream_request(x.route, x.client_dialect, request,
                                                   responses_upstream_body(x, request, shaped.envelope, build)));
  x.translate = {x.upstream_dialect, x.client_dialect, envelope.model, envelope.include_usage,
                 static_cast<int64_t>(request.body.size() / 4)};
  adjust_responses_exchange(x);
  return shaped;
}

struct PlanDeps {
  const routing::Router& router;
  routing::RoutingState& routing;
  const config::Config& config;
};

// Where the exchange may go (the model, then its fallbacks) and how to re-target it; the
// capacity reservation it takes is released when the exchange settles, with the actual usage.
void plan_route(Exchange& x, PlanDeps deps, const model::Envelope& envelope, const HttpRequest& request)
{
  auto plan = std::make_shared<RoutePlan>();
  plan->routing = &deps.routing;
  plan->candidates.push_back({x.route.model, envelope.model});
  for (const auto& name : x.route.model->fallbacks) {
    if (auto fallback = deps.router.resolve(name)) {
      plan->candidates.push_back({fallback->model, name});
    }
  }
  plan->request_id = x.identity.key_id + ":" + request.request_id;
  plan->tokens = pipeline::estimate_tokens(request.body)
                 + envelope.max_tokens.value_or(x.route.model->max_output_tokens);
  plan->policy = {deps.config.routing.retries, deps.config.routing.retry_backoff_ms};
  const auto& pipeline = deps.config.pipeline;
  plan->retarget = [&router = deps.router, &envelope, &request, &pipeline,
                    at = std::pair<const config::ModelConfig*, size_t>{x.route.model, 0}](
                       Exchange& ex, const RoutePlan::Candidate& c, size_t index) mutable -> Status {
    if (at == std::pair{c.model, index}) {
      return {};
    }
    TKR_TRY_ASSIGN(const auto route, router.route_for(*c.model, c.requested, index));
    TKR_TRY(target_route(ex, route, envelope, request, pipeline));
    at = {c.model, index};
    return {};
  };
  x.on_settled = [previous = std::move(x.on_settled), plan = plan.get()](const model::Usage& usage) {
    if (previous) {
      previous(usage);
    }
    plan->release(usage.total());
  };
  x.plan = std::move(plan);
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
  const auto& providers = deps.config.providers;
  if (deps.config.pipeline.dedup
      || std::any_of(providers.begin(), providers.end(), [](const config::ProviderConfig& p) {
           return p.pipeline.dedup.value_or(false);
         })) {
    m_inflight = std::make_unique<dedup::Inflight<upstream::Response>>();
  }
  m_replay = std::make_unique<ReplayDesk>(deps.config.replay);
  m_routing = deps.routing;
  if (m_routing == nullptr) {
    m_own_routing = std::make_unique<routing::RoutingState>(routing::RoutingDeps{deps.config, deps.clock});
    m_routing = m_own_routing.get();
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
  auto shaped = target_route(x, *route, envelope, request, m_deps.config.pipeline);
  if (!shaped) {
    return error_reply(x.client_dialect, shaped.error());
  }
  if (auto missed = m_replay->attach(x, request, shaped->envelope)) {
    return std::move(*missed);
  }
  if (auto answered = admit_billing(x, envelope, request, m_deps)) {
    return std::move(*answered);
  }
  if (!x.tape || !x.tape->played) { // a replayed answer needs no deployment
    plan_route(x, {m_router, *m_routing, m_deps.config}, envelope, request);
  }
  const auto& pipeline = m_deps.config.pipeline;
  const bool dedup = pipeline::effective_config(pipeline, x.route.provider->pipeline).dedup;
  if (m_inflight && dedup && !envelope.stream && !x.tape) { // a taped exchange is its own
    x.dedup_key = dedup::dedup_key(pipeline.dedup_scope, x.identity.key_id, x.record.full_hash);
  }
  const ExchangeContext context{*m_client,        m_deps.usage,  m_deps.prices,
                                m_deps.clock,     m_active_streams, m_cancel_all,
                                m_inflight.get(), std::chrono::milliseconds(pipeline.dedup_wait_ms),
                                m_deps.metrics};
  if (!envelope.stream) {
    return forward_once(std::move(x), context);
  }
  return forward_stream(std::move(x), context);
}

} // namespace tokenrouter::gateway
