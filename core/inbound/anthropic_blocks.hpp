#pragma once
// Anthropic content blocks and messages → Envelope (internal to core/inbound).

#include <string>
#include <vector>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound::detail {

// One content block (text, image, tool_use, tool_result, thinking, redacted_thinking; any
// other type is kept whole as Kind::other). Moves fields out of `block`.
[[nodiscard]] Result<model::Block> parse_anthropic_block(model::Json& block,
                                                        const std::string& path);

// A `system` value or `content` array: an array of blocks.
[[nodiscard]] Result<std::vector<model::Block>> parse_anthropic_blocks(model::Json& blocks,
                                                                       const std::string& path);

// The `messages` array (roles user, assistant and mid-conversation system).
[[nodiscard]] Result<std::vector<model::Message>> parse_anthropic_messages_array(
    model::Json& messages);

} // namespace tokenrouter::inbound::detail
