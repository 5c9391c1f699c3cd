// The [routing] section of the key table: strategy, retries, credential health, acquisition
// guard. Kept apart from keys.cpp because it is long and owned by the routing stage.

#include "core/config/keys.hpp"

#include "core/config/values.hpp"

namespace tokenrouter::config {

namespace {

using json = nlohmann::json;
using K = ValueKind;

// One integer field of RoutingConfig in [Min, Max]: the setter and getter the table needs.
template <int RoutingConfig::*Field, int64_t Min, int64_t Max>
Status set_routing_int(Config& c, const Node& n)
{
  return set_int(c.routing.*Field, n, Min, Max);
}

template <int RoutingConfig::*Field>
json get_routing_int(const Config& c)
{
  return c.routing.*Field;
}

#define TKR_ROUTING_INT(key, min, max, doc)                                                        \
  KeyInfo                                                                                          \
  {                                                                                                \
    "routing", #key, K::integer, "", doc, &set_routing_int<&RoutingConfig::key, min, max>,         \
        &get_routing_int<&RoutingConfig::key>                                                      \
  }

constexpr int64_t k_day_s = 86400;

constexpr KeyInfo k_routing_keys[] = {
    {"routing",
     "strategy",
     K::string,
     "",
     "\"best\" (least spare capacity that fits) | \"largest\" (most spare capacity)",
     [](Config& c, const Node& n) {
       return set_enum(c.routing.strategy, n, {"best", "largest"});
     },
     [](const Config& c) -> json { return c.routing.strategy; }},
    {"routing",
     "large_request_tokens",
     K::integer,
     "",
     "requests of at least this many tokens always use \"largest\"",
     [](Config& c, const Node& n) { return set_int64(c.routing.large_request_tokens, n, 0); },
     [](const Config& c) -> json { return c.routing.large_request_tokens; }},
    TKR_ROUTING_INT(retries, 0, 10, "retries of the same deployment on connect errors and 5xx"),
    TKR_ROUTING_INT(retry_backoff_ms, 0, 60000, "first retry backoff (doubled per retry, jittered)"),
    TKR_ROUTING_INT(deployment_cooldown_failures,
                    1,
                    1000,
                    "consecutive failures that take a deployment out for a while"),
    TKR_ROUTING_INT(deployment_cooldown_s, 0, k_day_s, "how long a failing deployment rests"),
    TKR_ROUTING_INT(credential_cooldown_base_s,
                    1,
                    k_day_s,
                    "credential cooldown after a quota error without retry-after (doubled)"),
    TKR_ROUTING_INT(credential_cooldown_cap_s, 1, k_day_s, "longest credential cooldown"),
    TKR_ROUTING_INT(health_window, 1, 10000, "requests in a credential's rolling health score"),
    TKR_ROUTING_INT(health_error_percent, 1, 100, "error rate that takes a credential out"),
    TKR_ROUTING_INT(health_latency_ms, 1, 3600000, "mean latency that takes a credential out"),
    TKR_ROUTING_INT(health_probe_s, 1, k_day_s, "an unhealthy credential is probed after this"),
    TKR_ROUTING_INT(acquire_per_hour, 0, 1000, "acquire_command runs per provider and hour"),
    TKR_ROUTING_INT(acquire_per_day, 0, 10000, "acquire_command runs per provider and day"),
    TKR_ROUTING_INT(acquire_min_interval_s, 0, k_day_s, "least time between two runs"),
    TKR_ROUTING_INT(acquire_backoff_base_s, 0, k_day_s, "wait after a failed run (doubled)"),
    TKR_ROUTING_INT(acquire_backoff_cap_s, 0, k_day_s, "longest wait after failed runs"),
    TKR_ROUTING_INT(acquire_ttl_s, 1, k_day_s, "an acquired credential is used this long"),
    TKR_ROUTING_INT(acquire_timeout_s, 1, 3600, "the command is killed after this long"),
};

#undef TKR_ROUTING_INT

} // namespace

std::span<const KeyInfo> routing_keys()
{
  return k_routing_keys;
}

} // namespace tokenrouter::config
