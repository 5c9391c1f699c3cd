#include "core/upstream/client.hpp"

#include <chrono>

#include <httplib.h>

#include "core/util/strings.hpp"

namespace tokenrouter::upstream {

namespace {

constexpr size_t k_max_idle_per_origin = 64;

int64_t now_ms()
{
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Headers to_headers(const httplib::Headers& in)
{
  Headers out;
  out.reserve(in.size());
  for (const auto& [name, value] : in) {
    out.emplace_back(name, value);
  }
  return out;
}

httplib::Request make_request(const Request& request, const std::string& prefix)
{
  httplib::Request req;
  req.method = "POST";
  req.path = prefix + request.path;
  for (const auto& [name, value] : request.headers) {
    req.headers.emplace(name, value);
  }
  // Uncompressed: streams must not wait on a compressor, and loopback gains nothing from it.
  req.headers.emplace("Accept-Encoding", "identity");
  req.body = request.body;
  if (!req.has_header("Content-Type")) {
    req.headers.emplace("Content-Type", "application/json");
  }
  return req;
}

Error transport_error(httplib::Error error, int64_t elapsed_ms, int timeout_s, const std::string& origin)
{
  using httplib::Error;
  const bool timed_out = elapsed_ms + 50 >= int64_t{timeout_s} * 1000;
  switch (error) {
  case Error::Connection:
    return {ErrorCode::upstream_failed, "upstream " + origin + ": connection failed"};
  case Error::SSLConnection:
  case Error::SSLServerVerification:
  case Error::SSLLoadingCerts:
    return {ErrorCode::upstream_failed, "upstream " + origin + ": TLS handshake failed"};
  case Error::Read:
  case Error::Write:
    if (timed_out) {
      return {ErrorCode::upstream_timeout, "upstream " + origin + ": timed out"};
    }
    return {ErrorCode::upstream_failed, "upstream " + origin + ": connection reset"};
  default:
    return {ErrorCode::upstream_failed,
            "upstream " + origin + ": " + httplib::to_string(error)};
  }
}

} // namespace

std::string Response::header(std::string_view name) const
{
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && util::starts_with_ci(key, name)) {
      return value;
    }
  }
  return {};
}

std::pair<std::string, std::string> split_base_url(std::string_view base_url)
{
  const auto scheme_end = base_url.find("://");
  const size_t host_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto path_start = base_url.find('/', host_start);
  if (path_start == std::string_view::npos) {
    return {std::string(base_url), ""};
  }
  std::string prefix(base_url.substr(path_start));
  while (!prefix.empty() && prefix.back() == '/') {
    prefix.pop_back();
  }
  return {std::string(base_url.substr(0, path_start)), prefix};
}

struct Client::Pool {
  std::vector<std::unique_ptr<httplib::Client>> idle;
};

struct Client::Lease {
  std::string origin;
  std::unique_ptr<httplib::Client> client;
};

Client::Client(Timeouts timeouts) : m_timeouts(timeouts) {}

Client::~Client() = default;

Client::Lease Client::acquire(const std::string& origin, bool streaming)
{
  Lease lease{origin, nullptr};
  {
    std::lock_guard lock(m_mutex);
    auto& pool = m_pools[origin];
    if (!pool) {
      pool = std::make_unique<Pool>();
    }
    if (!pool->idle.empty()) {
      lease.client = std::move(pool->idle.back());
      pool->idle.pop_back();
    }
  }
  if (!lease.client) {
    lease.client = std::make_unique<httplib::Client>(origin);
    lease.client->set_keep_alive(true);
    lease.client->set_tcp_nodelay(true);
    lease.client->set_connection_timeout(m_timeouts.connect_s, 0);
    lease.client->set_write_timeout(m_timeouts.idle_s, 0);
    lease.client->set_decompress(false);
  }
  const int read_s = streaming ? m_timeouts.idle_s : std::min(m_timeouts.first_byte_s, m_timeouts.total_s);
  lease.client->set_read_timeout(read_s, 0);
  return lease;
}

void Client::release(Lease&& lease, bool reusable)
{
  if (!reusable || !lease.client) {
    return;
  }
  std::lock_guard lock(m_mutex);
  auto& pool = m_pools[lease.origin];
  if (pool->idle.size() < k_max_idle_per_origin) {
    pool->idle.push_back(std::move(lease.client));
  }
}

size_t Client::idle_connections() const
{
  std::lock_guard lock(m_mutex);
  size_t total = 0;
  for (const auto& [origin, pool] : m_pools) {
    total += pool->idle.size();
  }
  return total;
}

Result<Response> Client::send(const Request& request)
{
  const auto [origin, prefix] = split_base_url(request.base_url);
  Lease lease = acquire(origin, false);
  httplib::Request req = make_request(request, prefix);
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const int64_t started = now_ms();
  const bool ok = lease.client->send(req, res, error);
  if (!ok) {
    return fail(transport_error(error, now_ms() - started, m_timeouts.first_byte_s, origin));
  }
  Response response{res.status, to_headers(res.headers), std::move(res.body)};
  release(std::move(lease), true);
  return response;
}

void StopHandle::stop()
{
  std::lock_guard lock(m_mutex);
  m_stopped = true;
  if (m_active != nullptr) {
    m_active->stop();
  }
}

bool StopHandle::attach(httplib::Client* client)
{
  std::lock_guard lock(m_mutex);
  m_active = client;
  return !m_stopped;
}

void StopHandle::detach()
{
  std::lock_guard lock(m_mutex);
  m_active = nullptr;
}

Status Client::stream(const Request& request,
                      const StreamCallbacks& callbacks,
                      const std::atomic<bool>* cancel,
                      StopHandle* stop)
{
  const auto [origin, prefix] = split_base_url(request.base_url);
  Lease lease = acquire(origin, true);
  if (stop != nullptr && !stop->attach(lease.client.get())) {
    return {};
  }
  httplib::Request req = make_request(request, prefix);
  const int64_t started = now_ms();
  const int64_t deadline = started + int64_t{m_timeouts.total_s} * 1000;
  bool stopped_by_us = false;
  bool past_deadline = false;
  req.response_handler = [&](const httplib::Response& head) {
    if (cancel != nullptr && cancel->load()) {
      stopped_by_us = true;
      return false;
    }
    stopped_by_us = !callbacks.on_head(head.status, to_headers(head.headers));
    return !stopped_by_us;
  };
  req.content_receiver = [&](const char* data, size_t size, uint64_t, uint64_t) {
    if ((cancel != nullptr && cancel->load()) || now_ms() > deadline) {
      past_deadline = now_ms() > deadline;
      stopped_by_us = !past_deadline;
      return false;
    }
    stopped_by_us = !callbacks.on_data(std::string_view(data, size));
    return !stopped_by_us;
  };
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  const bool ok = lease.client->send(req, res, error);
  if (stop != nullptr) {
    stop->detach();
  }
  if (ok && !stopped_by_us) {
    release(std::move(lease), true);
    return {};
  }
  if (ok) {
    return {};
  }
  if (past_deadline) {
    return fail(ErrorCode::upstream_timeout, "upstream " + origin + ": total timeout exceeded");
  }
  if (stopped_by_us || error == httplib::Error::Canceled) {
    return {};
  }
  return fail(transport_error(error, now_ms() - started, m_timeouts.idle_s, origin));
}

} // namespace tokenrouter::upstream
