#include "core/gateway/stream_bridge.hpp"

namespace tokenrouter::gateway {

StreamBridge::StreamBridge(upstream::Client& client,
                           upstream::Request request,
                           std::shared_ptr<std::atomic<bool>> cancel_all)
    : StreamBridge(
          [&client](const upstream::Request& r, const upstream::StreamCallbacks& callbacks,
                    const std::atomic<bool>* cancel, upstream::StopHandle* stop) {
            return client.stream(r, callbacks, cancel, stop);
          },
          std::move(request), std::move(cancel_all))
{
}

StreamBridge::StreamBridge(Streamer streamer,
                           upstream::Request request,
                           std::shared_ptr<std::atomic<bool>> cancel_all)
    : m_cancel_all(std::move(cancel_all))
    , m_streamer(std::move(streamer))
{
  m_thread = std::thread([this, request = std::move(request)]() mutable {
    run(m_streamer, std::move(request));
  });
}

StreamBridge::~StreamBridge()
{
  cancel();
}

void StreamBridge::run(const Streamer& streamer, upstream::Request request)
{
  upstream::StreamCallbacks callbacks;
  callbacks.on_head = [this](int status, const upstream::Headers& headers) {
    std::lock_guard lock(m_mutex);
    m_status = status;
    m_headers = headers;
    m_head = true;
    m_cv.notify_all();
    return !m_cancel.load();
  };
  callbacks.on_data = [this](std::string_view data) { return push(data); };
  auto outcome = streamer(request, callbacks, &m_cancel, &m_stop);
  std::lock_guard lock(m_mutex);
  if (!outcome) {
    m_error = outcome.error();
  }
  m_finished = true;
  m_cv.notify_all();
}

bool StreamBridge::push(std::string_view data)
{
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [this] {
    return m_queued_bytes < k_max_queued_bytes || m_cancel.load() || m_cancel_all->load();
  });
  if (m_cancel.load() || m_cancel_all->load()) {
    return false;
  }
  m_queued_bytes += data.size();
  m_chunks.emplace_back(data);
  m_cv.notify_all();
  return true;
}

bool StreamBridge::wait_head()
{
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [this] { return m_head || m_finished; });
  return m_head;
}

std::optional<std::string> StreamBridge::next()
{
  std::unique_lock lock(m_mutex);
  m_cv.wait(lock, [this] { return !m_chunks.empty() || m_finished; });
  if (m_chunks.empty()) {
    return std::nullopt;
  }
  std::string chunk = std::move(m_chunks.front());
  m_chunks.pop_front();
  m_queued_bytes -= chunk.size();
  m_cv.notify_all();
  return chunk;
}

std::optional<Error> StreamBridge::error() const
{
  std::lock_guard lock(m_mutex);
  return m_error;
}

std::string StreamBridge::drain()
{
  std::string body;
  while (auto chunk = next()) {
    if (body.size() < (1 << 20)) {
      body += *chunk;
    }
  }
  return body;
}

void StreamBridge::cancel()
{
  {
    std::lock_guard lock(m_mutex);
    m_cancel.store(true);
    m_cv.notify_all();
  }
  m_stop.stop();
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

} // namespace tokenrouter::gateway
