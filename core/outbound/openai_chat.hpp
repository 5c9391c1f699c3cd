#pragma once
// Envelope → OpenAI chat completions request body (internal to core/outbound).

#include "core/outbound/common.hpp"

namespace tokenrouter::outbound::detail {

Json build_openai_chat(const Context& context);

} // namespace tokenrouter::outbound::detail
