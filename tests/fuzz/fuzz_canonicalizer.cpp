// The canonical serialisation is a fixed point: canonical(parse(canonical(x))) == canonical(x),
// and canonical_arguments() takes any string (a model may emit broken tool arguments).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/pipeline/canonicalizer.hpp"

using namespace tokenrouter;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)pipeline::canonical_arguments(text);
  const auto parsed = model::Json::parse(text, nullptr, false);
  if (parsed.is_discarded()) {
    return 0;
  }
  const std::string once = pipeline::canonical_dump(parsed);
  const std::string twice = pipeline::canonical_dump(model::Json::parse(once));
  if (once != twice) {
    std::abort();
  }
  return 0;
}
