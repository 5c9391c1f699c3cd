#include "core/auth/admin_key.hpp"

#include "core/util/crypto.hpp"

namespace tokenrouter::auth {

bool admin_key_matches(std::string_view presented, std::string_view configured)
{
  const bool equal =
      util::constant_time_equal(util::sha256_raw(presented), util::sha256_raw(configured));
  return equal && !configured.empty();
}

} // namespace tokenrouter::auth
