#pragma once
// How a key looks in admin answers (keys list/show, users show): never its
// secret or hash.

#include "core/admin/ops.hpp"
#include "core/auth/key_store.hpp"

namespace tokenrouter::admin {

Json key_json(const auth::KeyRow& key, int64_t now_s);

} // namespace tokenrouter::admin
