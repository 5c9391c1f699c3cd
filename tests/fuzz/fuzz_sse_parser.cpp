// The SSE parser on arbitrary bytes, fed in arbitrary splits: the events must not depend on
// where the upstream's reads happened to split the stream.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/stream/sse_parser.hpp"

using namespace tokenrouter;

namespace {

std::vector<stream::SseEvent> parse_in_steps(std::string_view text, size_t step)
{
  stream::SseParser parser(4096);
  std::vector<stream::SseEvent> out;
  for (size_t at = 0; at < text.size(); at += step) {
    auto events = parser.feed(text.substr(at, step));
    if (!events) {
      return out; // over the line limit: the parser must not be fed again
    }
    out.insert(out.end(), events->begin(), events->end());
  }
  return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (size == 0) {
    return 0;
  }
  const size_t step = 1 + data[0] % 16;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto whole = parse_in_steps(text, text.size() + 1);
  const auto split = parse_in_steps(text, step);
  if (whole.size() != split.size()) {
    std::abort();
  }
  for (size_t i = 0; i < whole.size(); ++i) {
    if (whole[i].event != split[i].event || whole[i].data != split[i].data) {
      std::abort();
    }
  }
  return 0;
}
