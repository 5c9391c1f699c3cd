#include "core/pipeline/pipeline.hpp"

#include "core/pipeline/canonicalizer.hpp"

namespace tokenrouter::pipeline {

Options options_for(const config::PipelineConfig& config,
                    model::ProviderKind provider,
                    std::string upstream_model,
                    std::string key_id)
{
  Options out;
  out.arrange = config.arrange;
  out.canonicalize = config.canonicalize;
  out.cache_inject = config.cache_inject;
  out.injecting = {provider, std::move(upstream_model), std::move(key_id)};
  return out;
}

config::PipelineConfig effective_config(const config::PipelineConfig& config,
                                        const config::PipelineOverrides& overrides)
{
  config::PipelineConfig out = config;
  out.arrange = overrides.arrange.value_or(config.arrange);
  out.canonicalize = overrides.canonicalize.value_or(config.canonicalize);
  out.cache_inject = overrides.cache_inject.value_or(config.cache_inject);
  out.dedup = overrides.dedup.value_or(config.dedup);
  return out;
}

Options options_for(const config::PipelineConfig& config,
                    const config::ProviderConfig& provider,
                    std::string upstream_model,
                    std::string key_id)
{
  return options_for(effective_config(config, provider.pipeline),
                     provider.kind,
                     std::move(upstream_model),
                     std::move(key_id));
}

Shaped run(model::Envelope envelope, const Options& options)
{
  if (options.arrange) {
    envelope = arrange(std::move(envelope), options.arranging);
  }
  if (options.canonicalize) {
    envelope = canonicalize(std::move(envelope));
  }
  Shaped out;
  const Rendered rendered = render(envelope);
  out.chunks = chunk(envelope, rendered);
  out.hashes = hash_request(envelope, out.chunks, rendered);
  if (options.cache_inject) {
    envelope = inject_cache(std::move(envelope), out.chunks, out.hashes, options.injecting);
  }
  out.envelope = std::move(envelope);
  return out;
}

std::string serialize(const model::Json& body, bool canonical)
{
  return canonical ? canonical_dump(body) : body.dump();
}

std::string serialize(model::Json&& body, bool canonical)
{
  return canonical ? canonical_dump(std::move(body)) : body.dump();
}

} // namespace tokenrouter::pipeline
