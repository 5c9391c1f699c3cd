#pragma once
// Non-streaming bodies translated between OpenAI chat.completion and Anthropic message.

#include "core/stream/json_util.hpp"
#include "core/stream/translator.hpp"

namespace tokenrouter::stream {

// An Anthropic message → an OpenAI chat.completion for the client.
[[nodiscard]] Result<TranslatedBody> anthropic_body_to_openai(const TranslateOptions& options,
                                                              const Json& message);
// An OpenAI chat.completion → an Anthropic message for the client. Tool arguments that are not a
// JSON object are kept as {"_raw": "<the arguments string>"} (`""` becomes {}).
[[nodiscard]] Result<TranslatedBody> openai_body_to_anthropic(const TranslateOptions& options,
                                                              const Json& completion);
// A chat.completion or an Anthropic message → a Responses `response` object (responses_body.cpp).
[[nodiscard]] Result<TranslatedBody> chat_body_to_responses(const TranslateOptions& options,
                                                            const Json& completion);
[[nodiscard]] Result<TranslatedBody> anthropic_body_to_responses(const TranslateOptions& options,
                                                                 const Json& message);

} // namespace tokenrouter::stream
