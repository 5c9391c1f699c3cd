// The TOML config loader on arbitrary text: a Config or an error naming file:line:key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/config/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)tokenrouter::config::load_config_text(text, "fuzz.toml");
  return 0;
}
