#pragma once
// Envelope system and messages → Anthropic `system` and `messages` (internal to core/outbound).

#include "core/outbound/common.hpp"

namespace tokenrouter::outbound::detail {

// The `system` value (string or text blocks); null when there is none. From OpenAI, every
// system/developer message is hoisted here in order.
Json build_anthropic_system(const Context& context);

// The `messages` array. From OpenAI: consecutive `tool` messages become one user message of
// tool_result blocks (a following user message's content is appended after them), assistant
// tool_calls become tool_use blocks, empty text is dropped.
Json build_anthropic_messages(const Context& context);

} // namespace tokenrouter::outbound::detail
