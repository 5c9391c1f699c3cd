#include "core/dedup/inflight.hpp"

namespace tokenrouter::dedup {

std::string dedup_key(std::string_view scope, std::string_view key_id, std::string_view full_hash)
{
  if (scope == "global") {
    return std::string(full_hash);
  }
  std::string out(key_id);
  out += ':';
  out += full_hash;
  return out;
}

} // namespace tokenrouter::dedup
