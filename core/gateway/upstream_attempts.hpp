#pragma once
// Retries and fallbacks, before the first byte reaches the client. The forward paths hand in
// "how to send one attempt" (non-streaming: one call; streaming: open the stream and wait for
// its head; replay: a cassette); this loop decides where each attempt goes:
//   1. the capacity allocator picks a deployment of the model (core/routing/allocator);
//   2. the provider's credential pool picks a credential; a 429/quota answer cools it down and
//      the next one is tried; when all are exhausted, the acquisition guard may get a new one;
//   3. connect errors and 5xx are retried on the same deployment (bounded, jittered backoff);
//   4. then the model's other deployments, then its `fallbacks` in order.
// A 2xx head ends the loop: after it nothing is retried. Any other 4xx ends it too (the
// request itself is at fault). Quota reservation and the usage row stay single per request.

#include <functional>
#include <string>
#include <vector>

#include "core/gateway/exchange.hpp"
#include "core/routing/routing_state.hpp"

namespace tokenrouter::gateway {

struct AttemptResult {
  int status = 0; // the upstream's HTTP status; 0 = no answer (see error)
  Error error;    // what the client gets unless 2xx
  int retry_after_s = -1;
  bool from_upstream = true; // false: the loop itself gave up (no capacity, no credential)

  bool ok() const { return status >= 200 && status < 300; }
};

// Sends `x.upstream` as it stands (deployment and credential already chosen).
using SendAttempt = std::function<AttemptResult(Exchange&)>;

struct RetryPolicy {
  int retries = 2;      // same deployment, on connect errors and 5xx
  int backoff_ms = 250; // first backoff, doubled per retry, jittered
};

// Where an exchange may go; made by the gateway, held by the exchange (Exchange::plan).
struct RoutePlan {
  struct Candidate {
    const config::ModelConfig* model = nullptr;
    std::string requested; // the name asked for (the upstream name when a deployment has none)
  };

  routing::RoutingState* routing = nullptr;
  std::vector<Candidate> candidates; // the model asked for, then its fallbacks in order
  std::string request_id;
  int64_t tokens = 0; // estimate reserved on the chosen deployment
  RetryPolicy policy;
  // Points the exchange at deployment `index` of `candidate`: route, body, translation.
  std::function<Status(Exchange&, const Candidate&, size_t index)> retarget;
  int attempts = 0; // upstream calls made

  RoutePlan() = default;
  RoutePlan(const RoutePlan&) = delete;
  RoutePlan& operator=(const RoutePlan&) = delete;
  // Releases a reservation still held (charged in full: the outcome is unknown).
  ~RoutePlan();

  // Releases the reservation, charging `actual_tokens` to the deployment's window.
  void release(int64_t actual_tokens);

  void hold(routing::Allocator* allocator) { m_held = allocator; }

private:
  routing::Allocator* m_held = nullptr;
};

// Runs attempts until one answers 2xx or a final error; without x.plan, one send as is.
// Returns the last upstream answer, or the loop's own error when no attempt could be made.
AttemptResult run_attempts(Exchange& x, const SendAttempt& send);

} // namespace tokenrouter::gateway
