#pragma once
// The quota flags of `tokenrouter keys create` (--quota-tokens/-usd/-requests, --period): the
// keys command adds them and, once the key exists, applies them through op quota.set.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace tokenrouter::cli {

struct KeyQuotaFlags {
  std::string tokens;
  std::string usd;
  std::string requests;
  std::string period;
};

void add_key_quota_flags(CLI::App* create, const std::shared_ptr<KeyQuotaFlags>& flags);

// Sets the quota of the key `created` (keys.create's result) when a flag was given; the result
// gains a "quota" field.
[[nodiscard]] Result<Json> apply_key_quota(Context& context, Json created, const KeyQuotaFlags& flags);

} // namespace tokenrouter::cli
