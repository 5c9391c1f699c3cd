#pragma once
// OpenAI chat `messages[]` → Envelope messages (internal to core/inbound).

#include <vector>

#include "core/model/envelope.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::inbound::detail {

// Parses the `messages` array, moving content out of it. `messages` must be an array.
[[nodiscard]] Result<std::vector<model::Message>> parse_openai_messages(model::Json& messages);

// An image_url `url` → Anthropic's source object: a `data:<type>;base64,<data>` URL becomes a
// base64 source, anything else a url source.
model::Json image_source_from_url(std::string url);

} // namespace tokenrouter::inbound::detail
