#pragma once
// Config: a plain aggregate with defaults, loaded once, immutable, passed by const&.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/model/dialect.hpp"

namespace tokenrouter::config {

struct ServerConfig {
  std::string listen = "127.0.0.1:8787";
  int threads = 128;                       // each open connection holds a worker
  int64_t max_body_bytes = 33554432;       // 32 MiB, as Anthropic's own limit
  int read_timeout_s = 60;                 // client → daemon
  int write_timeout_s = 60;                // daemon → client (a client that never reads)
  int shutdown_grace_s = 30;               // in-flight requests may finish this long after SIGTERM

  bool operator==(const ServerConfig&) const = default;
};

struct StoreConfig {
  std::string path;                        // "" = XDG data dir (or --db / $TOKENROUTER_DB)
  std::string durability = "ack";          // "ack" | "async"
  int queue_capacity = 65536;              // ledger writer queue; full → 503

  bool operator==(const StoreConfig&) const = default;
};

struct AuthConfig {
  std::string mode = "keys";               // "keys" | "open"

  bool operator==(const AuthConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";
  std::string format = "text";             // "text" | "json"

  bool operator==(const LogConfig&) const = default;
};

struct UpstreamTimeouts {
  int connect_s = 10;
  int first_byte_s = 120;                  // until the upstream's response headers
  int idle_s = 120;                        // between two chunks of a stream
  int total_s = 900;                       // the whole request

  bool operator==(const UpstreamTimeouts&) const = default;
};

struct CredentialConfig {
  std::string env;                         // environment variable holding the secret
  std::string priority = "primary";        // "primary" | "pool"

  bool operator==(const CredentialConfig&) const = default;
};

// [providers.pipeline]: this provider's switches over [pipeline]; unset = as in [pipeline].
struct PipelineOverrides {
  std::optional<bool> arrange;
  std::optional<bool> canonicalize;
  std::optional<bool> cache_inject;
  std::optional<bool> dedup;

  bool operator==(const PipelineOverrides&) const = default;
};

struct ProviderConfig {
  std::string name;
  model::ProviderKind kind = model::ProviderKind::openai;
  std::string base_url;
  std::vector<CredentialConfig> credentials; // from api_key_env (a name or list) or [[providers.credentials]]
  bool passthrough = false;                // credential = "passthrough": forward the client's own key
  std::vector<std::string> acquire_command;
  PipelineOverrides pipeline;
  int line = 0;                            // where it was defined, for error messages

  bool operator==(const ProviderConfig&) const = default;
};

struct DeploymentConfig {
  std::string provider;
  std::string upstream;                    // "" = the client's model name
  int weight = 1;
  int64_t capacity_tpm = 0;                // 0 = unlimited
  int64_t capacity_concurrent_tokens = 0;  // 0 = unlimited
  int line = 0;                            // where it was defined, for error messages

  bool operator==(const DeploymentConfig&) const = default;
};

struct ModelConfig {
  std::string name;                        // exact name or glob ("claude-*")
  std::vector<DeploymentConfig> deployments;
  std::vector<std::string> fallbacks;
  int64_t context_window = 0;              // 0 = unknown
  int64_t max_output_tokens = 0;           // 0 = unknown (a default is used)
  int line = 0;                            // where it was defined, for error messages

  bool operator==(const ModelConfig&) const = default;
};

struct PipelineConfig {
  bool arrange = true;
  bool canonicalize = true;
  bool cache_inject = true;
  bool dedup = true;
  std::string dedup_scope = "key";         // "key" | "global"
  int dedup_wait_ms = 30000;

  bool operator==(const PipelineConfig&) const = default;
};

struct RoutingConfig {
  std::string strategy = "best";           // "best" | "largest"
  int64_t large_request_tokens = 32000;
  // Retries before the first byte (core/gateway/upstream_attempts.cpp).
  int retries = 2;                         // same deployment, on connect errors and 5xx
  int retry_backoff_ms = 250;              // first backoff, doubled per retry, jittered
  int deployment_cooldown_failures = 3;    // consecutive failures that cool a deployment down
  int deployment_cooldown_s = 30;
  // Credential pool (core/routing/credentials).
  int credential_cooldown_base_s = 5;      // after a quota error without retry-after, doubled
  int credential_cooldown_cap_s = 300;
  int health_window = 20;                  // requests in the rolling health score
  int health_error_percent = 30;           // above this error rate: out of rotation
  int health_latency_ms = 5000;            // above this mean latency: out of rotation
  int health_probe_s = 60;                 // then probed back after this long
  // acquire_command guard (core/routing/acquisition).
  int acquire_per_hour = 3;
  int acquire_per_day = 20;
  int acquire_min_interval_s = 300;
  int acquire_backoff_base_s = 600;        // after a failed run, doubled per failure
  int acquire_backoff_cap_s = 3600;
  int acquire_ttl_s = 3600;                // an acquired credential is used this long
  int acquire_timeout_s = 30;              // the command is killed after this long

  bool operator==(const RoutingConfig&) const = default;
};

struct RetentionConfig {
  bool enabled = true;                     // delete old `requests` rows in the background
  int days = 180;                          // keep rows this many days
  int interval_hours = 24;                 // how often the pruning runs

  bool operator==(const RetentionConfig&) const = default;
};

struct ReplayConfig {
  std::string mode = "off";                // "off" | "record" | "replay" | "replay-or-forward"
  std::string dir;                         // cassette root; "" = "cassettes" next to the database
  std::string cassette = "default";        // used when no x-tokenrouter-record/-replay header names one
  int speed = 1;                           // replayed streams: N times the recorded pace; 0 = no pauses

  bool operator==(const ReplayConfig&) const = default;
};

struct Config {
  std::string source;                      // the file it came from, "" = built-in defaults
  ServerConfig server;
  StoreConfig store;
  AuthConfig auth;
  LogConfig log;
  UpstreamTimeouts upstream;
  PipelineConfig pipeline;
  RoutingConfig routing;
  RetentionConfig retention;
  ReplayConfig replay;
  std::vector<ProviderConfig> providers;
  std::vector<ModelConfig> models;

  bool operator==(const Config&) const = default;
};

} // namespace tokenrouter::config
