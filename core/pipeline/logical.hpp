#pragma once
// The logical view of a request: what the model is asked, independent of wire form. Used to
// hash (hasher), to estimate sizes (chunker) and to compare meaning (transparency tests).
// cache_control is left out (a caching hint, not meaning) and content is always a block list
// (a plain string and one text block are the same thing).

#include "core/model/envelope.hpp"

namespace tokenrouter::pipeline {

[[nodiscard]] model::Json logical_block(const model::Block& block);
[[nodiscard]] model::Json logical_message(const model::Message& message);
[[nodiscard]] model::Json logical_tool(const model::Tool& tool);
[[nodiscard]] model::Json logical_system(const std::vector<model::Block>& system);

// Everything that is neither tools, system nor messages: model, sampling, tool_choice, stream,
// metadata, thinking, response_format, unknown fields. prompt_cache_key is routing, not
// meaning, and is left out too.
[[nodiscard]] model::Json logical_parameters(const model::Envelope& envelope);

} // namespace tokenrouter::pipeline
