#pragma once
// Record and replay (core/replay) at the upstream call. A replayed exchange gets its upstream
// answer from a cassette instead of the network and goes on exactly like a live one:
// translated for the client's dialect, priced, quota-charged and recorded (flagged replayed).
// A recorded exchange goes upstream and its answer is appended to a cassette when it settles.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/config/config.hpp"
#include "core/gateway/http_types.hpp"
#include "core/gateway/stream_bridge.hpp"
#include "core/model/envelope.hpp"
#include "core/replay/cassette.hpp"
#include "core/replay/index.hpp"
#include "core/upstream/client.hpp"

namespace tokenrouter::billing {
struct UsageRecord;
} // namespace tokenrouter::billing

namespace tokenrouter::gateway {

struct Exchange;

// What one exchange does with a cassette (Exchange::tape).
struct ReplayTape {
  std::string cassette;                         // its name
  std::string dir;                              // where it is
  std::shared_ptr<const replay::Record> played; // replaying: the recorded answer
  std::shared_ptr<replay::Index> index; // recording for replay-or-forward: replayable at once
  int speed = 1; // replayed streams: N times the recorded pace, 0 = no pauses

  std::mutex mutex;         // the capture is written on the bridge thread
  replay::Record recording; // recording: the request side, then the answer
  bool captured = false;    // a whole upstream answer was seen
};

// Picks record / replay for each exchange from [replay] and the request's
// x-tokenrouter-record / x-tokenrouter-replay headers; loads cassettes on first use.
class ReplayDesk {
public:
  // `config.dir` is the cassette root ("" = ./cassettes). In the replay modes the configured
  // cassette is loaded at once.
  explicit ReplayDesk(config::ReplayConfig config);

  // For a shaped exchange (x.upstream built, x.record.full_hash set), before billing: sets
  // x.tape (and, replaying, x.record.replayed and the recorded upstream dialect). A reply when
  // the exchange ends here: a strict miss (404 replay_miss naming the nearest recorded request)
  // or a bad cassette name (400).
  [[nodiscard]] std::optional<HttpReply>
  attach(Exchange& x, const HttpRequest& request, const model::Envelope& shaped);

private:
  std::shared_ptr<replay::Index> index_for(const std::string& name, const std::string& dir);

  config::ReplayConfig m_config;
  std::mutex m_mutex;
  std::map<std::string, std::shared_ptr<replay::Index>> m_indexes; // by cassette name
};

// Non-streaming: the recorded answer when replaying, else `call()`'s (captured when recording).
template <class Call>
Result<upstream::Response> replay_or(Exchange& x, Call&& call);

// Streaming: what the bridge reads: the cassette's events at the recorded pace, or the
// upstream (its answer captured when recording).
[[nodiscard]] StreamBridge::Streamer streamer_for(const Exchange& x, upstream::Client& client);

// At settle: appends a recorded exchange's whole answer to its cassette (with the usage that
// was billed); nothing for other exchanges. Failures are logged, never fail the request.
void finish_tape(const Exchange& x, const billing::UsageRecord& record);

// Implementation details of replay_or.
std::optional<upstream::Response> played_response(const Exchange& x);
void capture_response(const Exchange& x, const Result<upstream::Response>& response);

template <class Call>
Result<upstream::Response> replay_or(Exchange& x, Call&& call)
{
  if (auto played = played_response(x)) {
    return std::move(*played);
  }
  auto response = call();
  capture_response(x, response);
  return response;
}

} // namespace tokenrouter::gateway
