#include "core/gateway/exchange.hpp"

#include <cstdlib>

#include <strings.h>

#include "core/util/strings.hpp"

namespace tokenrouter::gateway {

namespace {

// The upstream secret: the first credential whose environment variable is set.
std::string credential_from_env(const config::ProviderConfig& provider)
{
  for (const auto& credential : provider.credentials) {
    if (const char* value = std::getenv(credential.env.c_str()); value != nullptr && *value != 0) {
      return value;
    }
  }
  return {};
}

// For passthrough: the client's own upstream credential (virtual keys then travel in
// x-tokenrouter-key, see core/auth), forwarded in the header it came in: an OAuth token must
// stay `Authorization: Bearer`, an API key `x-api-key`.
struct ClientCredential {
  std::string header;
  std::string value;
};

ClientCredential client_credential(const HttpRequest& request)
{
  if (auto key = request.header("x-api-key"); !key.empty()) {
    return {"x-api-key", key};
  }
  if (auto bearer = request.header("authorization"); util::starts_with_ci(bearer, "bearer ")) {
    return {"Authorization", bearer};
  }
  return {};
}

void add_anthropic_headers(upstream::Request& out,
                           model::Dialect client_dialect,
                           const HttpRequest& request,
                           const std::string& secret)
{
  if (!secret.empty()) {
    out.headers.emplace_back("x-api-key", secret);
  }
  const auto version = request.header("anthropic-version");
  out.headers.emplace_back("anthropic-version", version.empty() ? "2023-06-01" : version);
  // Beta flags are Anthropic vocabulary: forward verbatim from Anthropic clients only.
  if (client_dialect == model::Dialect::anthropic_messages) {
    if (auto beta = request.header("anthropic-beta"); !beta.empty()) {
      out.headers.emplace_back("anthropic-beta", beta);
    }
  }
}

void add_openai_headers(upstream::Request& out, const HttpRequest& request, const std::string& secret)
{
  if (!secret.empty()) {
    out.headers.emplace_back("Authorization", "Bearer " + secret);
  }
  for (const char* name : {"openai-organization", "openai-project"}) {
    if (auto value = request.header(name); !value.empty()) {
      out.headers.emplace_back(name, value);
    }
  }
}

} // namespace

void set_upstream_credential(upstream::Request& request, model::ProviderKind kind, const std::string& secret)
{
  std::erase_if(request.headers, [](const auto& header) {
    return strcasecmp(header.first.c_str(), "authorization") == 0 || strcasecmp(header.first.c_str(), "x-api-key") == 0;
  });
  if (kind == model::ProviderKind::anthropic) {
    request.headers.emplace_back("x-api-key", secret);
  } else {
    request.headers.emplace_back("Authorization", "Bearer " + secret);
  }
}

Result<upstream::Request> make_upstream_request(const routing::Route& route,
                                                model::Dialect client_dialect,
                                                const HttpRequest& request,
                                                std::string body)
{
  const auto& provider = *route.provider;
  const ClientCredential passthrough = provider.passthrough ? client_credential(request) : ClientCredential{};
  const std::string secret = provider.passthrough ? "" : credential_from_env(provider);
  if (provider.passthrough && passthrough.value.empty()) {
    return fail(ErrorCode::unauthorized,
                "provider " + provider.name + " forwards your own credential: send it as x-api-key or "
                "Authorization, and your tokenrouter key as x-tokenrouter-key");
  }
  if (!provider.passthrough && secret.empty() && provider.kind == model::ProviderKind::anthropic) {
    return fail(ErrorCode::upstream_failed,
                "provider " + provider.name + " has no credential (set "
                    + (provider.credentials.empty() ? std::string("api_key_env")
                                                    : provider.credentials.front().env)
                    + ")");
  }
  upstream::Request out;
  out.base_url = provider.base_url;
  out.body = std::move(body);
  if (provider.kind == model::ProviderKind::anthropic) {
    const bool beta = request.query.count("beta") != 0;
    out.path = beta ? "/v1/messages?beta=true" : "/v1/messages";
    add_anthropic_headers(out, client_dialect, request, secret);
  } else {
    out.path = "/chat/completions";
    add_openai_headers(out, request, secret);
  }
  if (provider.passthrough) {
    const bool anthropic = provider.kind == model::ProviderKind::anthropic;
    // OpenAI-style upstreams take only Bearer; Anthropic takes either header as sent.
    if (anthropic || passthrough.header == "Authorization") {
      out.headers.emplace_back(passthrough.header, passthrough.value);
    } else {
      out.headers.emplace_back("Authorization", "Bearer " + passthrough.value);
    }
  }
  return out;
}

} // namespace tokenrouter::gateway
