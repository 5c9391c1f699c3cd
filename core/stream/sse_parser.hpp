#pragma once
// Incremental Server-Sent Events parser: bytes split anywhere in, complete events out.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.hpp"

namespace tokenrouter::stream {

struct SseEvent {
  std::string event; // the `event:` field; empty when the event has none
  std::string data;  // the `data:` lines joined with '\n'
};

// Follows the WHATWG event-stream rules: LF, CR and CRLF end lines (also when split across
// feeds), `:` lines are comments, one space after the colon is dropped, `id:`/`retry:` and
// unknown fields are ignored, and a blank line dispatches an event that has data.
class SseParser {
public:
  static constexpr size_t k_default_max_line_bytes = 8 * 1024 * 1024;

  explicit SseParser(size_t max_line_bytes = k_default_max_line_bytes);

  // The events completed by `bytes`. A line or event longer than the limit is an
  // upstream_failed error, after which the parser must not be fed again.
  [[nodiscard]] Result<std::vector<SseEvent>> feed(std::string_view bytes);

private:
  Status take_line(std::string_view line, std::vector<SseEvent>& events);
  Status check_size(size_t size) const;

  size_t m_max_line_bytes;
  std::string m_line;
  bool m_skip_lf = false; // the previous chunk ended in CR: a leading LF belongs to it
  SseEvent m_pending;
  bool m_has_data = false;
};

} // namespace tokenrouter::stream
