#pragma once
// A fake LLM provider on a real loopback socket, speaking OpenAI Chat Completions and Anthropic
// Messages (non-streaming and SSE, tool calls, usage with cache fields) with injectable faults.

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace tokenrouter::testing {

class PromptCaches; // prefix_cache_sim.hpp

enum class Fault {
  none,
  status,            // answer `status` with `body` (and retry-after when >= 0)
  reset_mid_stream,  // send a few events, then drop the connection
  stall_mid_stream,  // send a few events, then go silent for `stall_ms`
  stall_headers,     // wait `stall_ms` before answering at all
  malformed_json,    // 200 with a body that is not JSON
  malformed_sse,     // 200 text/event-stream whose data is not JSON
  wrong_content_type,// 200 text/html
  endless_stream,    // events forever (until the client leaves)
};

struct FaultSpec {
  Fault fault = Fault::none;
  int status = 500;
  std::string body;
  int retry_after_s = -1;
  int stall_ms = 0;
};

// What the fake answers with (when no fault): text, optional tool calls, thinking, usage.
struct Scripted {
  std::string text = "Hello from the fake upstream.";
  std::string thinking;                                        // "" = none
  std::vector<std::pair<std::string, nlohmann::json>> tool_calls; // name, input
  int64_t input_tokens = 0;                                     // 0 = derived from the body size
  int64_t cached_tokens = 0;                                    // cache read
  int64_t cache_write_tokens = 0;
  int64_t output_tokens = 12;
  int event_delay_ms = 0;                                      // between SSE events
};

struct Received {
  std::string path;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
};

class FakeUpstream {
public:
  FakeUpstream();
  ~FakeUpstream();
  FakeUpstream(const FakeUpstream&) = delete;
  FakeUpstream& operator=(const FakeUpstream&) = delete;

  int port() const { return m_port; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

  // Next answers: faults queued with push_fault are used first, in order; then `scripted`.
  void push_fault(FaultSpec fault);
  void set_script(Scripted scripted);
  // Caching mode: the fake remembers every prefix it was sent and reports the cache reads and
  // writes the provider would (tests/support/prefix_cache_sim.hpp) in place of the scripted
  // input and cache fields — OpenAI in usage.prompt_tokens_details.cached_tokens, Anthropic in
  // cache_read_input_tokens / cache_creation_input_tokens.
  void simulate_prompt_caching();
  // Every request carrying `secret` (as Bearer or x-api-key) gets `fault`, before any queued one:
  // makes credential-pool rotation observable.
  void fail_credential(std::string secret, FaultSpec fault);
  // Requests received that carried `secret`.
  size_t calls_with(const std::string& secret) const;
  std::vector<Received> received() const;
  size_t calls() const;
  // Streams that ended because the gateway closed the connection (a write failed).
  int streams_cut_by_client() const;
  void clear();

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  int m_port = 0;
};

} // namespace tokenrouter::testing
