#include "core/pipeline/chunker.hpp"

#include <numeric>

#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"
#include "core/pipeline/token_estimate.hpp"

namespace tokenrouter::pipeline {

namespace {

using model::Role;

int64_t sum(const std::vector<int64_t>& tokens, size_t begin, size_t end)
{
  return std::accumulate(tokens.begin() + static_cast<std::ptrdiff_t>(begin),
                         tokens.begin() + static_cast<std::ptrdiff_t>(end), int64_t{0});
}

// The last assistant answer before the final message (a final assistant message is a prefill
// the client wrote, part of the current turn either way).
size_t current_turn_start(const model::Envelope& envelope, size_t start)
{
  const auto& messages = envelope.messages;
  if (messages.empty()) {
    return start;
  }
  for (size_t i = messages.size() - 1; i > start; --i) {
    if (messages[i - 1].role == Role::assistant) {
      return i - 1;
    }
  }
  return start;
}

} // namespace

int64_t Chunks::tokens_through(size_t index) const
{
  return tool_tokens + system_tokens - system.tokens + sum(message_tokens, 0, index + 1);
}

int64_t estimate_tool_tokens(const model::Tool& tool)
{
  return estimate_tokens(canonical_dump(logical_tool(tool)));
}

int64_t estimate_message_tokens(const model::Message& message)
{
  return estimate_tokens(canonical_dump(logical_message(message)));
}

size_t conversation_start(const model::Envelope& envelope)
{
  size_t start = 0;
  while (start < envelope.messages.size() && (envelope.messages[start].role == Role::system ||
                                              envelope.messages[start].role == Role::developer)) {
    ++start;
  }
  return start;
}

Chunks chunk(const model::Envelope& envelope)
{
  return chunk(envelope, render(envelope));
}

Chunks chunk(const model::Envelope& envelope, const Rendered& rendered)
{
  Chunks out;
  for (const auto& tool : rendered.tools) {
    out.tool_tokens += estimate_tokens(tool);
  }
  out.message_tokens.reserve(rendered.messages.size());
  for (const auto& message : rendered.messages) {
    out.message_tokens.push_back(estimate_tokens(message));
  }
  const size_t start = conversation_start(envelope);
  const size_t current = current_turn_start(envelope, start);
  const size_t end = envelope.messages.size();
  out.system = {0, start, sum(out.message_tokens, 0, start)};
  out.history = {start, current, sum(out.message_tokens, start, current)};
  out.current = {current, end, sum(out.message_tokens, current, end)};
  out.system_tokens = out.system.tokens;
  if (!envelope.system.empty()) {
    out.system_tokens += estimate_tokens(rendered.system);
  }
  return out;
}

} // namespace tokenrouter::pipeline
