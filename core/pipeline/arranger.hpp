#pragma once
// arranger: puts a request's parts in a deterministic order without changing what is asked.
//   - leading system/developer messages merge into one message (their blocks in order), so the
//     system part has one shape whatever way a client splits its instructions;
//   - tools are ordered by name (clients built on hash maps send them in a different order each
//     turn, and a tool list that moves breaks every cached prefix after it); the tool positions
//     the client marked with cache_control stay marked;
//   - conversation turns are never reordered;
//   - optionally (off by default) the oldest history is dropped to fit a context window, cutting
//     only before a user message that answers no tool call, so a call and its result go together.

#include <cstdint>

#include "core/model/envelope.hpp"

namespace tokenrouter::pipeline {

struct ArrangeOptions {
  int64_t context_window = 0; // tokens; 0 = never truncate
  bool truncate = false;      // drop the oldest history when the estimate exceeds the window
};

[[nodiscard]] model::Envelope arrange(model::Envelope envelope, const ArrangeOptions& options = {});

// The steps, for tests.
[[nodiscard]] model::Envelope merge_leading_system(model::Envelope envelope);
[[nodiscard]] model::Envelope sort_tools(model::Envelope envelope);
// Drops whole exchanges from the start of the conversation until the estimate (plus
// max_tokens) fits `context_window`; keeps at least the current turn.
[[nodiscard]] model::Envelope truncate_history(model::Envelope envelope, int64_t context_window);

} // namespace tokenrouter::pipeline
