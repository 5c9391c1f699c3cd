#pragma once
// Authentication: the credentials a request carries → an Identity, or `unauthorized`.

#include <string>

#include "core/auth/identity.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::auth {

// What a request presents. The virtual key is taken from `x-tokenrouter-key` first (so a
// passthrough provider can receive the client's own upstream credential in the usual
// headers), then `Authorization: Bearer`, then `x-api-key`.
struct Credentials {
  std::string virtual_key;
  std::string remote_addr;
};

class Authenticator {
public:
  virtual ~Authenticator() = default;
  // Failures say nothing about whether a key exists.
  [[nodiscard]] virtual Result<Identity> authenticate(const Credentials& credentials) = 0;
};

// `[auth] mode = "open"`: every request is the built-in `local` identity.
class OpenAuthenticator final : public Authenticator {
public:
  Result<Identity> authenticate(const Credentials&) override
  {
    Identity identity;
    identity.key_id = "local";
    identity.key_prefix = "local";
    identity.plan = "enterprise";
    return identity;
  }
};

} // namespace tokenrouter::auth
