#pragma once
// A fast token estimate: exactness is not needed, monotonic consistency is (more text never
// estimates fewer tokens). About 4 bytes of English or JSON per token for current tokenizers.

#include <cstdint>
#include <string_view>

namespace tokenrouter::pipeline {

inline int64_t estimate_tokens(std::string_view text)
{
  return static_cast<int64_t>((text.size() + 3) / 4);
}

} // namespace tokenrouter::pipeline
