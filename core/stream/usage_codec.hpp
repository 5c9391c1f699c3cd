#pragma once
// Usage on the wire ↔ model::Usage (disjoint counts). OpenAI's prompt_tokens includes
// cached_tokens and cache_write_tokens, so parsing subtracts them; Anthropic's input_tokens
// excludes cache reads and writes, so parsing keeps them as they are.

#include "core/model/usage.hpp"
#include "core/stream/json_util.hpp"

namespace tokenrouter::stream {

// OpenAI chat `usage` (also DeepSeek's prompt_cache_hit_tokens). Null or absent fields are 0.
model::Usage parse_openai_usage(const Json& usage);
// OpenAI Responses `usage` (input_tokens includes input_tokens_details.cached_tokens).
model::Usage parse_responses_usage(const Json& usage);
// Anthropic `usage` (message, message_start.message.usage or message_delta.usage).
model::Usage parse_anthropic_usage(const Json& usage);
// `base` updated with the fields present in an Anthropic `usage` object: message_delta usage is
// cumulative and may repeat or revise input and cache counts.
model::Usage merge_anthropic_usage(model::Usage base, const Json& usage);

// {"prompt_tokens": prompt_total, "completion_tokens", "total_tokens",
//  "prompt_tokens_details": {"cached_tokens", "cache_write_tokens"},
//  "completion_tokens_details": {"reasoning_tokens"}}
OrderedJson render_openai_usage(const model::Usage& usage);
// {"input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "output_tokens"},
// the cache fields always present (Claude Code reads them).
OrderedJson render_anthropic_usage(const model::Usage& usage);

} // namespace tokenrouter::stream
