#pragma once
// Who is asking: the result of authentication, with the limits that apply to them.

#include <cstdint>
#include <string>
#include <vector>

namespace tokenrouter::auth {

struct Identity {
  std::string key_id;                      // "local" in open mode
  std::string key_prefix;                  // display prefix, safe to log
  std::string user_id;                     // "" when the key has no owner
  std::string plan = "free";               // the owner's plan; "" for a key without owner
  std::vector<std::string> allowed_models; // globs; empty = all
  int64_t rpm = 0;                         // 0 = no limit
  int64_t tpm = 0;                         // 0 = no limit
  int64_t price_multiplier_ppm = 1'000'000;
};

} // namespace tokenrouter::auth
