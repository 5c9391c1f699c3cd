#pragma once
// Client request bodies → Envelope. One parser per dialect; bad input is invalid_request with a
// message naming the offending field.

#include <string_view>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound {

[[nodiscard]] Result<model::Envelope> parse_openai_chat(std::string_view body);
[[nodiscard]] Result<model::Envelope> parse_anthropic_messages(std::string_view body);
[[nodiscard]] Result<model::Envelope> parse(model::Dialect dialect, std::string_view body);

} // namespace tokenrouter::inbound
