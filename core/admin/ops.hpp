#pragma once
// Administrative operations, transport-free: the CLI runs them on the local database, the
// daemon's /admin API runs the very same ones, so both print exactly the same thing.
// Each op takes a JSON object of arguments and returns a JSON object.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config/config.hpp"
#include "core/store/database.hpp"
#include "core/util/clock.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::routing {
class RoutingState;
} // namespace tokenrouter::routing

namespace tokenrouter::admin {

using Json = nlohmann::json;

struct AdminContext {
  store::Database& db;
  const config::Config& config;
  const util::Clock& clock;
  std::string actor = "cli"; // recorded in audit rows: "cli" or "admin-api"
};

using OpHandler = std::function<Result<Json>(AdminContext&, const Json& args)>;

struct OpSpec {
  std::string_view name; // "keys.create"
  OpHandler handler;
};

// Runs op `name`; unknown ops are not_found, bad arguments invalid_request.
[[nodiscard]] Result<Json> execute(AdminContext& context, std::string_view name, const Json& args);

// Every op, for the admin API's route table and its test.
const std::vector<OpSpec>& all_ops();

// The ops of each area, one function per file (core/admin/<area>_ops.cpp).
std::vector<OpSpec> key_ops();
std::vector<OpSpec> user_ops();
std::vector<OpSpec> plan_ops();
std::vector<OpSpec> status_ops();
std::vector<OpSpec> quota_ops();
std::vector<OpSpec> pricing_ops();
std::vector<OpSpec> usage_ops();
std::vector<OpSpec> cache_ops();
std::vector<OpSpec> routing_ops();

// What only a running daemon knows (the ledger queue), merged into `status` when the op runs
// inside it; set by run_daemon, cleared (nullptr) before it stops.
void set_live_status(std::function<Json()> live);

// The daemon's live routing state (capacity, credential pools) for upstreams.* and strategy;
// set by run_daemon, cleared (nullptr) before it stops. Without it those ops show the config
// and the persisted state only.
void set_live_routing(routing::RoutingState* state);

// Argument helpers: a typed field or an invalid_request error naming it.
[[nodiscard]] Result<std::string> required_string(const Json& args, std::string_view field);
std::string optional_string(const Json& args, std::string_view field, std::string fallback = "");
[[nodiscard]] Result<std::optional<int64_t>> optional_int(const Json& args, std::string_view field);
// A limit that may be changed or cleared: absent → nullopt (unchanged); null or "unlimited" →
// a present nullopt; a non-negative integer (or its decimal text) → that number.
[[nodiscard]] Result<std::optional<std::optional<int64_t>>> optional_limit(const Json& args,
                                                                           std::string_view field);

} // namespace tokenrouter::admin
