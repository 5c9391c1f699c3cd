#pragma once
// Where stored Responses answers live (`store: true`, for `previous_response_id`): the
// conversation a response ended (its request's input items + its output items), readable only
// by the key that made it, until it expires.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/store/database.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::gateway {

struct StoredResponse {
  std::string id;
  std::string key_id;
  int64_t created_at_s = 0;
  int64_t expires_at_s = 0;
  std::string body; // {"input": [...], "output": [...]}
};

class ResponsesStore {
public:
  virtual ~ResponsesStore() = default;
  // The body stored for `id` by `key_id`; nullopt when unknown, expired or another key's.
  [[nodiscard]] virtual Result<std::optional<std::string>> load(const std::string& id,
                                                                const std::string& key_id,
                                                                int64_t now_s) = 0;
  // Stores `response` (and drops expired ones).
  [[nodiscard]] virtual Status save(const StoredResponse& response) = 0;
};

// How long a stored response can be continued from (OpenAI keeps them 30 days).
inline constexpr int64_t k_response_retention_s = 30 * 24 * 3600;

// The `responses_store` table of the database, over its own connection.
std::unique_ptr<ResponsesStore> make_sql_responses_store(store::Database db);
// A process-local store (a gateway built without a database, e.g. in tests).
std::unique_ptr<ResponsesStore> make_memory_responses_store();

} // namespace tokenrouter::gateway
