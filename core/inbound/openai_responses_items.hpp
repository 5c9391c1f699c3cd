#pragma once
// OpenAI Responses `input` items and `tools` → Envelope messages and tools (internal to
// core/inbound).

#include <vector>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound::detail {

// Parses the `input` array (moved from). Messages keep their role; function_call and
// custom_tool_call items become tool_use blocks of the assistant turn they follow, their outputs
// `tool` messages; reasoning and other items stay whole as Kind::other blocks of the assistant
// turn. `additional_tools` items add their tools to `tools`.
[[nodiscard]] Status parse_responses_input(model::Json& input,
                                           std::vector<model::Message>& messages,
                                           std::vector<model::Tool>& tools);

// One Responses tool: a flat function tool, or any other type (custom, web_search, …) kept whole
// in `extra` with `type` set.
[[nodiscard]] Result<model::Tool> parse_responses_tool(model::Json& tool, const std::string& path);

} // namespace tokenrouter::inbound::detail
