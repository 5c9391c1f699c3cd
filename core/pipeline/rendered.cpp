#include "core/pipeline/rendered.hpp"

#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"

namespace tokenrouter::pipeline {

Rendered render(const model::Envelope& envelope)
{
  Rendered out;
  out.tools.reserve(envelope.tools.size());
  for (const auto& tool : envelope.tools) {
    out.tools.push_back(canonical_dump(logical_tool(tool)));
  }
  out.system = canonical_dump(logical_system(envelope.system));
  out.messages.reserve(envelope.messages.size());
  for (const auto& message : envelope.messages) {
    out.messages.push_back(canonical_dump(logical_message(message)));
  }
  return out;
}

} // namespace tokenrouter::pipeline
