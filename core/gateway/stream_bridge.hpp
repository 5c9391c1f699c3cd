#pragma once
// Couples an upstream stream (read on its own thread) to the client's writer thread through a
// bounded queue: a client that stops reading stops the upstream read (backpressure), a client
// that leaves cancels the upstream exchange.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/upstream/client.hpp"

namespace tokenrouter::gateway {

class StreamBridge {
public:
  // Where the stream comes from: upstream::Client::stream, or a cassette (replay_source.hpp).
  using Streamer = std::function<Status(const upstream::Request&,
                                        const upstream::StreamCallbacks&,
                                        const std::atomic<bool>* cancel,
                                        upstream::StopHandle* stop)>;

  // Starts the upstream exchange on its own thread.
  StreamBridge(upstream::Client& client,
               upstream::Request request,
               std::shared_ptr<std::atomic<bool>> cancel_all);
  StreamBridge(Streamer streamer,
               upstream::Request request,
               std::shared_ptr<std::atomic<bool>> cancel_all);
  ~StreamBridge();
  StreamBridge(const StreamBridge&) = delete;
  StreamBridge& operator=(const StreamBridge&) = delete;

  // Blocks until the upstream answered with a status (true) or failed before that (false).
  bool wait_head();
  int status() const { return m_status; }
  const upstream::Headers& headers() const { return m_headers; }

  // Next piece of body; std::nullopt once the upstream body ended (then see error()).
  std::optional<std::string> next();
  // The transport error that ended the exchange, if any.
  std::optional<Error> error() const;
  // The whole remaining body (for error answers).
  std::string drain();

  // Stops the upstream exchange and joins its thread. Idempotent.
  void cancel();

private:
  void run(const Streamer& streamer, upstream::Request request);
  bool push(std::string_view data);

  static constexpr size_t k_max_queued_bytes = 1 << 20;

  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_head = false;
  bool m_finished = false;
  int m_status = 0;
  upstream::Headers m_headers;
  std::deque<std::string> m_chunks;
  size_t m_queued_bytes = 0;
  std::optional<Error> m_error;
  std::atomic<bool> m_cancel{false};
  upstream::StopHandle m_stop;
  std::shared_ptr<std::atomic<bool>> m_cancel_all;
  Streamer m_streamer;
  std::thread m_thread;
};

} // namespace tokenrouter::gateway
