#pragma once
// Client request bodies → Envelope. One parser per dialect; bad input is invalid_request with a
// message naming the offending field (`messages[2].content: expected string or array`).
// Bodies nesting deeper than 128 levels, or not valid UTF-8, are refused before any field is read.
// Whatever the Envelope does not model stays verbatim in the `extra` of its level, so that
// outbound::build() to the same dialect gives back an equal body.

#include <string_view>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound {

[[nodiscard]] Result<model::Envelope> parse_openai_chat(std::string_view body);
[[nodiscard]] Result<model::Envelope> parse_anthropic_messages(std::string_view body);
// Responses: calls and outputs are read the OpenAI-chat way (tool_use blocks, `tool` messages).
[[nodiscard]] Result<model::Envelope> parse_openai_responses(std::string_view body);
[[nodiscard]] Result<model::Envelope> parse(model::Dialect dialect, std::string_view body);

} // namespace tokenrouter::inbound
