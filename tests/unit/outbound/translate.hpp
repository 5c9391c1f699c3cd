#pragma once
// parse → build across dialects, for the outbound tests.

#include "core/outbound/build.hpp"
#include "tests/unit/inbound/fixtures.hpp"

namespace tokenrouter::test {

inline model::Json translate(model::Dialect from, const std::string& body, model::ProviderKind to,
                             const std::string& upstream = "up")
{
  const auto envelope = parse_ok(from, body);
  outbound::BuildOptions options;
  options.provider = to;
  options.upstream_model = upstream;
  return outbound::build(envelope, options);
}

inline model::Json openai_to_anthropic(const std::string& body)
{
  return translate(model::Dialect::openai_chat, body, model::ProviderKind::anthropic);
}

inline model::Json anthropic_to_openai(const std::string& body,
                                       model::ProviderKind to = model::ProviderKind::openai)
{
  return translate(model::Dialect::anthropic_messages, body, to);
}

} // namespace tokenrouter::test
