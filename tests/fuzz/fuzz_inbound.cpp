// Inbound parser → pipeline → outbound build → serialisation, for one client dialect
// (TKR_FUZZ_DIALECT). Whatever the bytes, parse() answers with an Envelope or an error, never a
// crash; an Envelope that parsed must go through every stage for every provider kind, and the
// canonical serialisation must be deterministic.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/inbound/parse.hpp"
#include "core/outbound/build.hpp"
#include "core/pipeline/pipeline.hpp"

using namespace tokenrouter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto envelope = inbound::parse(model::Dialect::TKR_FUZZ_DIALECT, body);
  if (!envelope) {
    return 0;
  }
  for (const auto kind : {model::ProviderKind::openai, model::ProviderKind::anthropic,
                          model::ProviderKind::deepseek}) {
    config::PipelineConfig config;
    const auto shaped = pipeline::run(*envelope, pipeline::options_for(config, kind, "m", "key"));
    const outbound::BuildOptions build{kind, "upstream-model"};
    const auto once = pipeline::serialize(outbound::build(shaped.envelope, build));
    const auto twice = pipeline::serialize(outbound::build(shaped.envelope, build));
    if (once != twice) {
      std::abort(); // the canonical form must not depend on anything but the request
    }
  }
  return 0;
}
