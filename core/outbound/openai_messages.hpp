#pragma once
// Envelope messages → OpenAI chat `messages` (internal to core/outbound).

#include "core/outbound/common.hpp"

namespace tokenrouter::outbound::detail {

// The `messages` array: the Envelope's top-level system first (one system message), then every
// message; Anthropic tool_result blocks become `tool` messages placed before the user's other
// content, thinking blocks are dropped.
Json build_openai_messages(const Context& context);

} // namespace tokenrouter::outbound::detail
