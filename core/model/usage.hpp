#pragma once
// Token usage normalised across providers, so that cost is never double-counted.

#include <cstdint>

namespace tokenrouter::model {

// Disjoint counts: the prompt is input_tokens + cache_read_tokens + cache_write_tokens.
// (Anthropic reports them disjoint already; OpenAI's prompt_tokens includes cached_tokens,
// so its normaliser subtracts; see core/stream/usage_codec.hpp.)
struct Usage {
  int64_t input_tokens = 0;          // prompt tokens neither read from nor written to a cache
  int64_t cache_read_tokens = 0;     // prompt tokens served from the provider's prompt cache
  int64_t cache_write_tokens = 0;    // prompt tokens written to the cache (all TTLs)
  int64_t cache_write_1h_tokens = 0; // the part of cache_write_tokens written with a 1 h TTL
  int64_t output_tokens = 0;         // completion tokens, reasoning included
  int64_t reasoning_tokens = 0;      // the part of output_tokens spent on reasoning

  int64_t prompt_total() const { return input_tokens + cache_read_tokens + cache_write_tokens; }
  int64_t total() const { return prompt_total() + output_tokens; }
  bool operator==(const Usage&) const = default;
};

} // namespace tokenrouter::model
