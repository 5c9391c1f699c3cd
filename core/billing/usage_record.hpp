#pragma once
// One row of the usage ledger (`requests`), and the interface the gateway records through.

#include <cstdint>
#include <string>
#include <vector>

#include "core/billing/quota.hpp"
#include "core/model/usage.hpp"
#include "core/util/result.hpp"

namespace tokenrouter::billing {

struct UsageRecord {
  std::string request_id;
  std::string idempotency_key;
  int64_t created_at_ms = 0;
  std::string user_id;
  std::string key_id;
  std::string model;           // as the client asked
  std::string upstream_model;
  std::string provider;
  std::string dialect;
  bool stream = false;
  int status = 0;              // HTTP status the client got (499: client went away)
  std::string error_type;      // "" on success
  model::Usage usage;
  int64_t cost_nanousd = 0;
  int64_t saved_nanousd = 0;   // what cache reads saved against the prompt price
  bool priced = false;         // false: no price known for the model (cost recorded as 0)
  int64_t latency_ms = 0;
  int64_t ttfb_ms = 0;
  int64_t overhead_us = 0;     // time spent in tokenrouter, the upstream excluded
  std::string prefix_hash;
  std::string full_hash;
  bool dedup_hit = false;
  bool replayed = false;
  // Written in the same transaction as the row, so balances always equal the ledger:
  std::vector<QuotaCharge> charges; // what the request adds to each quota it held
  std::string idempotent_body;      // "" = none; else the answer a repeat of the key replays
};

// Where usage goes. record() returns once the row is durable when the sink is in "ack" mode
// (guarantee 2: the row is committed before the response's last byte is written), or once it
// is queued in "async" mode. A full queue is `unavailable` (503), never a silent drop.
class UsageSink {
public:
  virtual ~UsageSink() = default;
  [[nodiscard]] virtual Status record(UsageRecord record) = 0;
};

} // namespace tokenrouter::billing
