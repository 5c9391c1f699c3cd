#include "core/stream/sse_parser.hpp"

#include <utility>

namespace tokenrouter::stream {

SseParser::SseParser(size_t max_line_bytes)
  : m_max_line_bytes(max_line_bytes)
{
}

Result<std::vector<SseEvent>> SseParser::feed(std::string_view bytes)
{
  std::vector<SseEvent> events;
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (std::exchange(m_skip_lf, false) && bytes[pos] == '\n') {
      ++pos;
      continue;
    }
    const size_t end = bytes.find_first_of("\r\n", pos);
    const size_t stop = end == std::string_view::npos ? bytes.size() : end;
    TKR_TRY(check_size(m_line.size() + (stop - pos)));
    m_line.append(bytes.substr(pos, stop - pos));
    if (end == std::string_view::npos) {
      break;
    }
    m_skip_lf = bytes[end] == '\r';
    pos = end + 1;
    const Status taken = take_line(m_line, events);
    m_line.clear(); // keeps its capacity for the next line
    TKR_TRY(taken);
  }
  return events;
}

Status SseParser::check_size(size_t size) const
{
  if (size > m_max_line_bytes) {
    return fail(ErrorCode::upstream_failed,
                "upstream SSE line longer than " + std::to_string(m_max_line_bytes) + " bytes");
  }
  return {};
}

Status SseParser::take_line(std::string_view line, std::vector<SseEvent>& events)
{
  if (line.empty()) {
    if (m_has_data) {
      events.push_back(std::exchange(m_pending, {}));
    }
    m_pending.event.clear();
    m_has_data = false;
    return {};
  }
  if (line.front() == ':') {
    return {}; // comment
  }
  const size_t colon = line.find(':');
  const std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
  }
  if (field == "event") {
    m_pending.event = value;
  } else if (field == "data") {
    TKR_TRY(check_size(m_pending.data.size() + value.size() + 1));
    if (m_has_data) {
      m_pending.data.push_back('\n');
    }
    m_pending.data.append(value);
    m_has_data = true;
  }
  return {};
}

} // namespace tokenrouter::stream
