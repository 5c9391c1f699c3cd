// build(): picks the target dialect from the provider kind; extras are replayed only when the
// upstream speaks the client's own dialect.
#include "core/outbound/build.hpp"

#include "core/outbound/anthropic_messages.hpp"
#include "core/outbound/openai_chat.hpp"

namespace tokenrouter::outbound {

model::Json build(const model::Envelope& envelope, const BuildOptions& options)
{
  const model::Dialect target = model::upstream_dialect(options.provider);
  const detail::Context context{envelope, options, envelope.dialect == target};
  if (target == model::Dialect::anthropic_messages) {
    return detail::build_anthropic_body(context);
  }
  return detail::build_openai_chat(context);
}

} // namespace tokenrouter::outbound
