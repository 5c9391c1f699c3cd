#pragma once
// cache_inject: makes the upstream's prompt cache work for the request.
//
// Anthropic caches only where a request places `cache_control` breakpoints (max 4; a read
// looks back at most 20 blocks from a breakpoint for an entry an earlier request wrote). The
// client's own breakpoints are kept; free slots are filled, in this order of value:
//   1. the rolling end of the conversation — writes the entry the next turn reads;
//   2. the end of the stable history — exactly where the previous request ended, so it reads
//      that request's rolling entry however many blocks this turn adds (the lookback rule);
//   3. the end of the system prompt and 4. the end of the tools — shared by every session of
//      the same agent, and they survive history rewrites (compaction).
// A breakpoint is placed only where the prefix reaches the model's minimum cacheable length
// (shorter prefixes are silently not cached), never twice on one block, never before a
// client's 1-hour breakpoint (1h entries must precede 5m ones), and never beside a top-level
// automatic `cache_control` at the rolling end.
// OpenAI caches automatically; requests are routed to cache machines by `prompt_cache_key`,
// which is set (unless the client set one) from the key and the static prefix (tools + system),
// so one agent's sessions stay on one bucket per key while their history grows.
// DeepSeek and other OpenAI-compatible upstreams: nothing to add.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/model/envelope.hpp"
#include "core/pipeline/chunker.hpp"
#include "core/pipeline/hasher.hpp"

namespace tokenrouter::pipeline {

struct InjectOptions {
  model::ProviderKind provider = model::ProviderKind::openai;
  std::string upstream_model; // for the minimum cacheable length
  std::string key_id;         // for prompt_cache_key
};

inline constexpr int k_max_breakpoints = 4;

// Anthropic's minimum cacheable prompt length for `model` (protocols.md §5); 1024 if unknown.
[[nodiscard]] int64_t min_cacheable_tokens(std::string_view model);

// The cache_control markers of `envelope` (tools, system, message blocks, nested tool_result
// content, and the top-level automatic one).
[[nodiscard]] int count_breakpoints(const model::Envelope& envelope);

// OpenAI prompt_cache_key: "tkr-" + 32 hex characters of SHA-256(key id, static hash).
[[nodiscard]] std::string prompt_cache_key(std::string_view key_id, std::string_view static_hash);

[[nodiscard]] model::Envelope inject_cache(model::Envelope envelope,
                                           const Chunks& chunks,
                                           const Hashes& hashes,
                                           const InjectOptions& options);

} // namespace tokenrouter::pipeline
