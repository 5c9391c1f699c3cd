#pragma once
// A plain TCP connection to a loopback port, for the requests no HTTP client sends: declared
// bodies that never come, oversized headers, a request trickled byte by byte, a reader that
// stops reading.

#include <chrono>
#include <string>
#include <string_view>

namespace tokenrouter::testing {

class RawSocket {
public:
  // Connects to 127.0.0.1:`port` (throws std::runtime_error if it cannot). A `receive_buffer`
  // > 0 shrinks SO_RCVBUF before connecting, so a client that stops reading stalls the sender soon.
  explicit RawSocket(int port, int receive_buffer = 0);
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  // Sends all of `bytes`; false once the peer has closed or reset the connection.
  bool send(std::string_view bytes);
  // Reads until the peer closes or `timeout` passes; everything that arrived.
  std::string read_until_closed(std::chrono::milliseconds timeout);
  // Reads one HTTP response (head and a Content-Length body) or what came before the peer
  // closed or `timeout` passed.
  std::string read_response(std::chrono::milliseconds timeout);
  void close();

private:
  // Waits up to `timeout` for data; appends it to `into`. False on close, error or timeout.
  bool read_some(std::string& into, std::chrono::milliseconds timeout);

  int m_fd = -1;
};

// The status code of a raw HTTP response ("HTTP/1.1 413 …" → 413), 0 if there is none.
int raw_status(const std::string& response);
// The body of a raw HTTP response (after the blank line), "" if none.
std::string raw_body(const std::string& response);

} // namespace tokenrouter::testing
