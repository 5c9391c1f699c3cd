// The endpoints that describe rather than generate: /v1/models and /v1/messages/count_tokens.
#include "core/gateway/exchange.hpp"
#include "core/gateway/gateway.hpp"
#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/token_estimate.hpp"

namespace tokenrouter::gateway {

namespace {

model::Json openai_model_list(const std::vector<std::string>& names)
{
  model::Json data = model::Json::array();
  for (const auto& name : names) {
    data.push_back({{"id", name}, {"object", "model"}, {"created", 0}, {"owned_by", "tokenrouter"}});
  }
  return {{"object", "list"}, {"data", std::move(data)}};
}

model::Json anthropic_model_list(const std::vector<std::string>& names)
{
  model::Json data = model::Json::array();
  for (const auto& name : names) {
    data.push_back({{"id", name},
                    {"type", "model"},
                    {"display_name", name},
                    {"created_at", "1970-01-01T00:00:00Z"}});
  }
  const std::string first = names.empty() ? "" : names.front();
  const std::string last = names.empty() ? "" : names.back();
  return {{"data", std::move(data)}, {"first_id", first}, {"last_id", last}, {"has_more", false}};
}

} // namespace

HttpReply Gateway::handle_models(const HttpRequest& request)
{
  const bool anthropic = !request.header("anthropic-version").empty();
  const auto dialect = anthropic ? model::Dialect::anthropic_messages : model::Dialect::openai_chat;
  if (auto identity = authenticate(request); !identity) {
    return error_reply(dialect, identity.error());
  }
  const auto names = m_router.model_names();
  HttpReply reply;
  reply.body = (anthropic ? anthropic_model_list(names) : openai_model_list(names)).dump();
  return reply;
}

HttpReply Gateway::handle_count_tokens(const HttpRequest& request)
{
  constexpr auto dialect = model::Dialect::anthropic_messages;
  if (auto identity = authenticate(request); !identity) {
    return error_reply(dialect, identity.error());
  }
  auto envelope = inbound::parse_anthropic_messages(request.body);
  if (!envelope) {
    return error_reply(dialect, envelope.error());
  }
  auto route = m_router.resolve(envelope->model);
  if (!route) {
    return error_reply(dialect, route.error());
  }
  if (route->provider->kind == model::ProviderKind::anthropic) {
    auto body = model::Json::parse(request.body, nullptr, false);
    body["model"] = route->upstream_model;
    auto upstream = make_upstream_request(*route, dialect, request, body.dump());
    if (!upstream) {
      return error_reply(dialect, upstream.error());
    }
    upstream->path = "/v1/messages/count_tokens";
    auto response = m_client->send(*upstream);
    if (!response) {
      return error_reply(dialect, response.error());
    }
    if (response->status != 200) {
      return error_reply(dialect, stream::upstream_error(dialect, response->status, response->body, -1));
    }
    HttpReply reply;
    reply.body = std::move(response->body);
    return reply;
  }
  HttpReply reply;
  reply.body = model::Json{{"input_tokens", pipeline::estimate_tokens(request.body)}}.dump();
  reply.headers.emplace_back("x-tokenrouter-token-count", "estimate");
  return reply;
}

} // namespace tokenrouter::gateway
