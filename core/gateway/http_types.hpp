#pragma once
// Transport-free request and reply shapes: daemon/http adapts httplib to these, tests call the
// gateway with them directly.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tokenrouter::gateway {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;
  std::string path;                              // without the query string
  std::map<std::string, std::string> query;
  HeaderList headers;                            // names as received
  std::string body;
  std::string request_id;                        // already validated or generated
  std::string remote_addr;

  // First value of a header, case-insensitively; "" when absent.
  std::string header(std::string_view name) const;
};

// Where a streamed reply writes; write() returns false once the client is gone.
class ChunkSink {
public:
  virtual ~ChunkSink() = default;
  virtual bool write(std::string_view data) = 0;
};

struct HttpReply {
  int status = 200;
  HeaderList headers;
  std::string content_type = "application/json";
  std::string body;
  // Set for a streamed (SSE) reply: called once, writes everything, returns when done.
  std::function<void(ChunkSink&)> stream;
  // Called once after the reply was fully written or abandoned (releases resources).
  std::function<void()> on_close;
};

} // namespace tokenrouter::gateway
