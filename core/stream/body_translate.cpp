// Non-streaming bodies: same dialect keeps every byte but `model`; across dialects the body is
// rebuilt (body_cross.cpp). Either way usage and the finish reason are read from the upstream.

#include "core/stream/body_cross.hpp"
#include "core/stream/usage_codec.hpp"

namespace tokenrouter::stream {

namespace {

Result<TranslatedBody> same_dialect(const TranslateOptions& options,
                                    const Json& parsed,
                                    std::string_view upstream_body)
{
  TranslatedBody out;
  const Json& usage = member(parsed, "usage");
  switch (options.client) {
  case model::Dialect::openai_chat: {
    const Json& choices = member(parsed, "choices");
    if (!choices.is_array()) {
      return fail(ErrorCode::upstream_failed, "upstream chat.completion has no choices");
    }
    out.usage = parse_openai_usage(usage);
    out.finish_reason = choices.empty() ? "" : string_member(choices.front(), "finish_reason");
    break;
  }
  case model::Dialect::anthropic_messages:
    if (!member(parsed, "content").is_array()) {
      return fail(ErrorCode::upstream_failed, "upstream message has no content array");
    }
    out.usage = parse_anthropic_usage(usage);
    out.finish_reason = string_member(parsed, "stop_reason");
    break;
  case model::Dialect::openai_responses:
    out.usage = parse_responses_usage(usage);
    out.finish_reason = string_member(parsed, "status");
    break;
  }
  out.body = replace_string_member(upstream_body, {"model"}, options.client_model);
  return out;
}

} // namespace

Result<TranslatedBody> translate_body(const TranslateOptions& options,
                                      std::string_view upstream_body)
{
  TKR_TRY_ASSIGN(const Json parsed, parse_object(upstream_body, "a response body"));
  using model::Dialect;
  if (options.upstream == options.client) {
    return same_dialect(options, parsed, upstream_body);
  }
  if (options.upstream == Dialect::anthropic_messages && options.client == Dialect::openai_chat) {
    return anthropic_body_to_openai(options, parsed);
  }
  if (options.upstream == Dialect::openai_chat && options.client == Dialect::anthropic_messages) {
    return openai_body_to_anthropic(options, parsed);
  }
  if (options.client == Dialect::openai_responses && options.upstream == Dialect::openai_chat) {
    return chat_body_to_responses(options, parsed);
  }
  if (options.client == Dialect::openai_responses
      && options.upstream == Dialect::anthropic_messages) {
    return anthropic_body_to_responses(options, parsed);
  }
  return fail(ErrorCode::internal,
              "no body translation from " + std::string(model::to_string(options.upstream))
                  + " to " + std::string(model::to_string(options.client)));
}

} // namespace tokenrouter::stream
