#pragma once
// Envelope → the request body an upstream expects.

#include <string>

#include "core/model/envelope.hpp"

namespace tokenrouter::outbound {

struct BuildOptions {
  model::ProviderKind provider = model::ProviderKind::openai;
  std::string upstream_model;     // the model name sent upstream
  int64_t default_max_tokens = 8192; // Anthropic requires max_tokens; used when the client set none
};

// The upstream request body as JSON (serialised by the canonicalizer or dump()).
// Streams to OpenAI-style upstreams always ask for stream_options.include_usage, so usage is
// captured even when the client did not ask for it (the translator strips it again).
// Fields an upstream would reject are dropped when translating (e.g. cache_control for OpenAI).
[[nodiscard]] model::Json build(const model::Envelope& envelope, const BuildOptions& options);

} // namespace tokenrouter::outbound
