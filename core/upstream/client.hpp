#pragma once
// Pooled keep-alive HTTP(S) clients for upstream providers. The only user of httplib::Client.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/result.hpp"

namespace httplib {
class Client;
}

namespace tokenrouter::upstream {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Timeouts {
  int connect_s = 10;
  int first_byte_s = 120; // non-streaming: until the whole answer (headers and body)
  int idle_s = 120;       // streaming: until the headers, then between two chunks
  int total_s = 900;      // the whole exchange
};

struct Request {
  std::string base_url; // scheme://host[:port][/prefix], e.g. https://api.openai.com/v1
  std::string path;     // appended to the prefix, e.g. /chat/completions
  Headers headers;
  std::string body;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;

  // First value of a header, case-insensitively; "" when absent.
  std::string header(std::string_view name) const;
};

// Streaming callbacks: on_head gets the status and headers once; on_data each piece of body as
// it arrives. Either returns false to cancel the exchange.
struct StreamCallbacks {
  std::function<bool(int status, const Headers& headers)> on_head;
  std::function<bool(std::string_view data)> on_data;
};

// Lets another thread abort a stream() in progress at once, even while it waits on a silent
// upstream (shuts the socket down; httplib's only thread-safe interruption).
class StopHandle {
public:
  void stop();

private:
  friend class Client;
  bool attach(httplib::Client* client);
  void detach();

  std::mutex m_mutex;
  httplib::Client* m_active = nullptr;
  bool m_stopped = false;
};

// Outcome of a transport failure, mapped from httplib's errors.
enum class Failure { connect, timeout, reset, canceled, tls, other };

class Client {
public:
  explicit Client(Timeouts timeouts);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // A whole request/response. Transport failures are upstream_failed (connection refused,
  // reset) or upstream_timeout; any HTTP status is a successful Response.
  [[nodiscard]] Result<Response> send(const Request& request);

  // A streamed request: the callbacks run on the calling thread as data arrives. Returns when
  // the body ended, a callback cancelled (ok), `cancel` became true, or the transport failed.
  [[nodiscard]] Status stream(const Request& request,
                              const StreamCallbacks& callbacks,
                              const std::atomic<bool>* cancel = nullptr,
                              StopHandle* stop = nullptr);

  // Connections currently idle in the pools (for metrics and tests).
  size_t idle_connections() const;

private:
  struct Pool;
  struct Lease;
  Lease acquire(const std::string& origin, bool streaming);
  void release(Lease&& lease, bool reusable);

  Timeouts m_timeouts;
  mutable std::mutex m_mutex;
  std::map<std::string, std::unique_ptr<Pool>> m_pools;
};

// Splits a base URL into origin (scheme://host:port) and path prefix ("" or "/v1").
std::pair<std::string, std::string> split_base_url(std::string_view base_url);

} // namespace tokenrouter::upstream
