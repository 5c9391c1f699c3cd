// The scalar key table. One entry per key; the lambdas only pick the field and its rule.

#include "core/config/keys.hpp"

#include "core/config/values.hpp"

#include <algorithm>
#include <cstdint>
#include <span>

namespace tokenrouter::config {

namespace {

using json = nlohmann::json;

constexpr int64_t k_int_max = INT32_MAX;
constexpr int64_t k_day_s = 86400;

using K = ValueKind;

constexpr KeyInfo k_server_keys[] = {
    {"server",
     "listen",
     K::string,
     "TOKENROUTER_LISTEN",
     "HOST:PORT to listen on",
     [](Config& c, const Node& n) { return set_listen(c.server.listen, n); },
     [](const Config& c) -> json { return c.server.listen; }},
    {"server",
     "threads",
     K::integer,
     "",
     "worker threads; each open connection holds one",
     [](Config& c, const Node& n) { return set_int(c.server.threads, n, 1, k_int_max); },
     [](const Config& c) -> json { return c.server.threads; }},
    {"server",
     "max_body_bytes",
     K::integer,
     "",
     "largest request body accepted (413 above)",
     [](Config& c, const Node& n) { return set_int64(c.server.max_body_bytes, n, 1); },
     [](const Config& c) -> json { return c.server.max_body_bytes; }},
    {"server",
     "read_timeout_s",
     K::integer,
     "",
     "seconds to wait for a client's request",
     [](Config& c, const Node& n) { return set_int(c.server.read_timeout_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.server.read_timeout_s; }},
    {"server",
     "write_timeout_s",
     K::integer,
     "",
     "seconds to wait for a client to read",
     [](Config& c, const Node& n) { return set_int(c.server.write_timeout_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.server.write_timeout_s; }},
    {"server",
     "shutdown_grace_s",
     K::integer,
     "",
     "seconds in-flight requests get after SIGTERM",
     [](Config& c, const Node& n) { return set_int(c.server.shutdown_grace_s, n, 0, k_day_s); },
     [](const Config& c) -> json { return c.server.shutdown_grace_s; }},
};

constexpr KeyInfo k_store_keys[] = {
    {"store",
     "path",
     K::string,
     "TOKENROUTER_DB",
     "database file; \"\" = $XDG_DATA_HOME/tokenrouter/tokenrouter.db",
     [](Config& c, const Node& n) { return set_string(c.store.path, n); },
     [](const Config& c) -> json { return c.store.path; }},
    {"store",
     "durability",
     K::string,
     "",
     "\"ack\": usage committed before a response ends | \"async\"",
     [](Config& c, const Node& n) {
       return set_enum(c.store.durability, n, {"ack", "async"});
     },
     [](const Config& c) -> json { return c.store.durability; }},
    {"store",
     "queue_capacity",
     K::integer,
     "",
     "usage writer queue; when full, answer 503",
     [](Config& c, const Node& n) { return set_int(c.store.queue_capacity, n, 1, k_int_max); },
     [](const Config& c) -> json { return c.store.queue_capacity; }},
};

constexpr KeyInfo k_auth_keys[] = {
    {"auth",
     "mode",
     K::string,
     "",
     "\"keys\": a virtual key is required | \"open\": none, usage attributed to \"local\"",
     [](Config& c, const Node& n) {
       return set_enum(c.auth.mode, n, {"keys", "open"});
     },
     [](const Config& c) -> json { return c.auth.mode; }},
};

constexpr KeyInfo k_log_keys[] = {
    {"log",
     "level",
     K::string,
     "TOKENROUTER_LOG_LEVEL",
     "trace | debug | info | warn | error | critical | off",
     [](Config& c, const Node& n) {
       return set_enum(
           c.log.level, n, {"trace", "debug", "info", "warn", "error", "critical", "off"});
     },
     [](const Config& c) -> json { return c.log.level; }},
    {"log",
     "format",
     K::string,
     "",
     "\"text\" | \"json\" (one object per line)",
     [](Config& c, const Node& n) {
       return set_enum(c.log.format, n, {"text", "json"});
     },
     [](const Config& c) -> json { return c.log.format; }},
};

constexpr KeyInfo k_upstream_keys[] = {
    {"upstream",
     "connect_timeout_s",
     K::integer,
     "",
     "seconds to connect to a provider",
     [](Config& c, const Node& n) { return set_int(c.upstream.connect_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.upstream.connect_s; }},
    {"upstream",
     "first_byte_timeout_s",
     K::integer,
     "",
     "seconds until the provider's response headers",
     [](Config& c, const Node& n) { return set_int(c.upstream.first_byte_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.upstream.first_byte_s; }},
    {"upstream",
     "idle_timeout_s",
     K::integer,
     "",
     "seconds allowed between two stream chunks",
     [](Config& c, const Node& n) { return set_int(c.upstream.idle_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.upstream.idle_s; }},
    {"upstream",
     "total_timeout_s",
     K::integer,
     "",
     "seconds for a whole upstream request",
     [](Config& c, const Node& n) { return set_int(c.upstream.total_s, n, 1, k_day_s); },
     [](const Config& c) -> json { return c.upstream.total_s; }},
};

constexpr KeyInfo k_pipeline_keys[] = {
    {"pipeline",
     "arrange",
     K::boolean,
     "",
     "merge system messages, order tools stably",
     [](Config& c, const Node& n) { return set_bool(c.pipeline.arrange, n); },
     [](const Config& c) -> json { return c.pipeline.arrange; }},
    {"pipeline",
     "canonicalize",
     K::boolean,
     "",
     "serialise requests deterministically",
     [](Config& c, const Node& n) { return set_bool(c.pipeline.canonicalize, n); },
     [](const Config& c) -> json { return c.pipeline.canonicalize; }},
    {"pipeline",
     "cache_inject",
     K::boolean,
     "",
     "place prompt-cache breakpoints where they pay",
     [](Config& c, const Node& n) { return set_bool(c.pipeline.cache_inject, n); },
     [](const Config& c) -> json { return c.pipeline.cache_inject; }},
    {"pipeline",
     "dedup",
     K::boolean,
     "",
     "identical in-flight requests share one upstream call",
     [](Config& c, const Node& n) { return set_bool(c.pipeline.dedup, n); },
     [](const Config& c) -> json { return c.pipeline.dedup; }},
    {"pipeline",
     "dedup_scope",
     K::string,
     "",
     "\"key\": only within one key | \"global\"",
     [](Config& c, const Node& n) {
       return set_enum(c.pipeline.dedup_scope, n, {"key", "global"});
     },
     [](const Config& c) -> json { return c.pipeline.dedup_scope; }},
    {"pipeline",
     "dedup_wait_ms",
     K::integer,
     "",
     "how long a duplicate waits for the first",
     [](Config& c, const Node& n) { return set_int(c.pipeline.dedup_wait_ms, n, 0, k_int_max); },
     [](const Config& c) -> json { return c.pipeline.dedup_wait_ms; }},
};

constexpr KeyInfo k_retention_keys[] = {
    {"retention",
     "enabled",
     K::boolean,
     "",
     "delete old request rows in the background",
     [](Config& c, const Node& n) { return set_bool(c.retention.enabled, n); },
     [](const Config& c) -> json { return c.retention.enabled; }},
    {"retention",
     "days",
     K::integer,
     "TOKENROUTER_RETENTION_DAYS",
     "keep request rows this many days",
     [](Config& c, const Node& n) { return set_int(c.retention.days, n, 1, k_int_max); },
     [](const Config& c) -> json { return c.retention.days; }},
    {"retention",
     "interval_hours",
     K::integer,
     "",
     "how often pruning runs",
     [](Config& c, const Node& n) { return set_int(c.retention.interval_hours, n, 1, k_int_max); },
     [](const Config& c) -> json { return c.retention.interval_hours; }},
};

} // namespace

const std::vector<KeyInfo>& key_table()
{
  static const std::vector<KeyInfo> k_table = [] {
    std::vector<KeyInfo> table;
    using Section = std::span<const KeyInfo>;
    for (const Section section : {Section(k_server_keys),
                                  Section(k_store_keys),
                                  Section(k_auth_keys),
                                  Section(k_log_keys),
                                  Section(k_upstream_keys),
                                  Section(k_pipeline_keys),
                                  routing_keys(),
                                  Section(k_retention_keys),
                                  replay_keys()}) {
      table.insert(table.end(), section.begin(), section.end());
    }
    return table;
  }();
  return k_table;
}

const KeyInfo* find_key(std::string_view section, std::string_view key)
{
  const auto& table = key_table();
  const auto it = std::find_if(table.begin(), table.end(), [&](const KeyInfo& info) {
    return info.section == section && info.key == key;
  });
  return it == table.end() ? nullptr : &*it;
}

std::vector<std::string_view> key_sections()
{
  std::vector<std::string_view> out;
  for (const KeyInfo& info : key_table()) {
    if (std::find(out.begin(), out.end(), info.section) == out.end()) {
      out.push_back(info.section);
    }
  }
  return out;
}

std::vector<std::string_view> keys_of(std::string_view section)
{
  std::vector<std::string_view> out;
  for (const KeyInfo& info : key_table()) {
    if (info.section == section) {
      out.push_back(info.key);
    }
  }
  return out;
}

} // namespace tokenrouter::config
