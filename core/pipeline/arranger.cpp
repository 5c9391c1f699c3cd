#include "core/pipeline/arranger.hpp"

#include <algorithm>
#include <tuple>

#include "core/pipeline/chunker.hpp"

namespace tokenrouter::pipeline {

namespace {

using model::Block;
using model::Message;
using model::Role;

// A system message whose name or unknown fields would be lost by merging stays on its own.
bool mergeable(const Message& message)
{
  return message.name.empty() && message.tool_call_id.empty()
         && (message.extra.is_null() || message.extra.empty());
}

// A user message that answers no tool call: the only place an exchange can be cut.
bool opens_exchange(const Message& message)
{
  if (message.role != Role::user) {
    return false;
  }
  return std::none_of(message.content.begin(), message.content.end(),
                      [](const Block& block) { return block.kind == Block::Kind::tool_result; });
}

} // namespace

model::Envelope merge_leading_system(model::Envelope envelope)
{
  auto& messages = envelope.messages;
  const size_t end = conversation_start(envelope);
  if (end < 2 || !std::all_of(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(end),
                              mergeable)) {
    return envelope;
  }
  Message merged = std::move(messages[0]);
  merged.content_is_string = false;
  for (size_t i = 1; i < end; ++i) {
    for (auto& block : messages[i].content) {
      merged.content.push_back(std::move(block));
    }
  }
  messages.erase(messages.begin() + 1, messages.begin() + static_cast<std::ptrdiff_t>(end));
  messages[0] = std::move(merged);
  return envelope;
}

model::Envelope sort_tools(model::Envelope envelope)
{
  auto& tools = envelope.tools;
  std::vector<model::Json> marks; // cache_control by position, kept where the client put it
  for (auto& tool : tools) {
    marks.push_back(std::move(tool.cache_control));
    tool.cache_control = nullptr;
  }
  std::stable_sort(tools.begin(), tools.end(), [](const model::Tool& a, const model::Tool& b) {
    return std::tie(a.name, a.type) < std::tie(b.name, b.type);
  });
  for (size_t i = 0; i < tools.size(); ++i) {
    tools[i].cache_control = std::move(marks[i]);
  }
  return envelope;
}

model::Envelope truncate_history(model::Envelope envelope, int64_t context_window)
{
  const Chunks chunks = chunk(envelope);
  const int64_t budget = context_window - envelope.max_tokens.value_or(0);
  const int64_t excess = chunks.total() - budget;
  if (context_window <= 0 || excess <= 0) {
    return envelope;
  }
  // The smallest cut that drops enough; dropped tokens count only up to a valid cut.
  size_t cut = chunks.history.begin;
  int64_t dropped = 0;
  int64_t through = 0;
  for (size_t j = chunks.history.begin + 1; j <= chunks.current.begin && dropped < excess; ++j) {
    through += chunks.message_tokens[j - 1];
    if (opens_exchange(envelope.messages[j])) {
      cut = j;
      dropped = through;
    }
  }
  auto& messages = envelope.messages;
  messages.erase(messages.begin() + static_cast<std::ptrdiff_t>(chunks.history.begin),
                 messages.begin() + static_cast<std::ptrdiff_t>(cut));
  return envelope;
}

model::Envelope arrange(model::Envelope envelope, const ArrangeOptions& options)
{
  envelope = merge_leading_system(std::move(envelope));
  envelope = sort_tools(std::move(envelope));
  if (options.truncate && options.context_window > 0) {
    envelope = truncate_history(std::move(envelope), options.context_window);
  }
  return envelope;
}

} // namespace tokenrouter::pipeline
