#pragma once
// Envelope → Anthropic Messages request body (internal to core/outbound).

#include "core/outbound/common.hpp"

namespace tokenrouter::outbound::detail {

Json build_anthropic_body(const Context& context);

} // namespace tokenrouter::outbound::detail
