#pragma once
// The prompt-cache pipeline (design.md "The pipeline stages"): Envelope in, Envelope out, plus
// the hashes the usage row records. Each stage is a pure function in its own file:
//   arrange → canonicalize → chunk → hash → cache_inject
// Stages switched off in `[pipeline]` are skipped; chunking and hashing always run (the hashes
// are recorded whatever is switched on). Serialise the built body with serialize().

#include <string>

#include "core/config/config.hpp"
#include "core/model/envelope.hpp"
#include "core/pipeline/arranger.hpp"
#include "core/pipeline/cache_inject.hpp"
#include "core/pipeline/chunker.hpp"
#include "core/pipeline/hasher.hpp"

namespace tokenrouter::pipeline {

struct Options {
  bool arrange = true;
  bool canonicalize = true;
  bool cache_inject = true;
  ArrangeOptions arranging;
  InjectOptions injecting;
};

struct Shaped {
  model::Envelope envelope;
  Chunks chunks;
  Hashes hashes;
};

// Options for one request from the `[pipeline]` config and where the request goes.
[[nodiscard]] Options options_for(const config::PipelineConfig& config,
                                  model::ProviderKind provider,
                                  std::string upstream_model,
                                  std::string key_id);

// [pipeline] with a provider's [providers.pipeline] overrides applied.
[[nodiscard]] config::PipelineConfig effective_config(const config::PipelineConfig& config,
                                                      const config::PipelineOverrides& overrides);

// As above, for a request to `provider`, its overrides applied.
[[nodiscard]] Options options_for(const config::PipelineConfig& config,
                                  const config::ProviderConfig& provider,
                                  std::string upstream_model,
                                  std::string key_id);

[[nodiscard]] Shaped run(model::Envelope envelope, const Options& options);

// The upstream body's bytes: canonical (canonicalizer.hpp) when `canonical`, else dump().
[[nodiscard]] std::string serialize(const model::Json& body, bool canonical = true);
[[nodiscard]] std::string serialize(model::Json&& body, bool canonical = true); // no copy

} // namespace tokenrouter::pipeline
