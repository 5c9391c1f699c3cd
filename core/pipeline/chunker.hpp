#pragma once
// chunker: splits a request into the blocks a provider prefix cache sees, in its order —
// tools, system, stable history, current turn — each with an estimated token count.
//
// The stable history is what the previous request of an append-only session already sent:
// every conversation message before the last assistant answer. The current turn is that answer
// plus what the client appended after it (tool results, a new user message). A request without
// an earlier assistant answer is all current turn.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/model/envelope.hpp"
#include "core/pipeline/rendered.hpp"

namespace tokenrouter::pipeline {

// Messages [begin, end) of Envelope::messages, and their estimated tokens.
struct MessageRange {
  size_t begin = 0;
  size_t end = 0;
  int64_t tokens = 0;

  bool empty() const { return begin == end; }
};

struct Chunks {
  int64_t tool_tokens = 0;
  int64_t system_tokens = 0;  // Envelope::system plus the leading system/developer messages
  MessageRange system;        // the leading system/developer messages
  MessageRange history;       // stable history
  MessageRange current;       // current turn
  std::vector<int64_t> message_tokens; // per message, same index as Envelope::messages

  int64_t total() const { return tool_tokens + system_tokens + history.tokens + current.tokens; }
  // Estimated tokens of everything up to and including message `index`.
  int64_t tokens_through(size_t index) const;
};

// Token estimates are per block of the logical view (logical.hpp), so they are monotonic:
// appending content never lowers a count, and cache_control never changes one.
[[nodiscard]] int64_t estimate_tool_tokens(const model::Tool& tool);
[[nodiscard]] int64_t estimate_message_tokens(const model::Message& message);

[[nodiscard]] Chunks chunk(const model::Envelope& envelope);
// The same from the request's rendering (render(envelope)), which the hasher shares.
[[nodiscard]] Chunks chunk(const model::Envelope& envelope, const Rendered& rendered);

// Index of the first message that is not a leading system/developer message.
[[nodiscard]] size_t conversation_start(const model::Envelope& envelope);

} // namespace tokenrouter::pipeline
