#pragma once
// Sends a cassette's recorded client requests to a gateway, as the client sent them, and
// measures each answer: status, usage (from the answer itself), latency, and cost priced with
// the local price book.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands/replay_summary.hpp"
#include "core/billing/cost.hpp"
#include "core/replay/cassette.hpp"

namespace tokenrouter::cli {

struct ReplayRunOptions {
  std::string target;    // base URL of the gateway, e.g. http://127.0.0.1:8787
  std::string key;       // virtual key, "" = none
  int jobs = 1;          // requests in flight; 1 = recorded order
  bool progress = false; // draw a progress bar on stdout (a TTY)
};

// The prices of `model` as the client named it, if known.
using PriceLookup =
    std::function<std::optional<billing::Prices>(const std::string& model, model::Dialect client)>;

class Context;

// A cassette's directory: a name under [replay].dir (default: "cassettes" next to the
// database), or a path (anything with a '/'). invalid_request for a name that is not safe.
[[nodiscard]] Result<std::string> locate_cassette(Context& context, const std::string& cassette);

// One Outcome per record, in the records' order.
[[nodiscard]] std::vector<Outcome> run_replay(const std::vector<replay::Record>& records,
                                              const ReplayRunOptions& options,
                                              const PriceLookup& prices);

// The usage an answer reports, in the client's dialect: a JSON body, or an SSE stream (OpenAI
// chat streams carry usage only when the request asked for stream_options.include_usage).
[[nodiscard]] model::Usage
usage_of_answer(model::Dialect dialect, bool streamed, const std::string& body);

} // namespace tokenrouter::cli
