#include "daemon/http/server.hpp"

#include <charconv>
#include <chrono>

#include <httplib.h>
#include <sys/socket.h>
#include <spdlog/spdlog.h>

#include "core/util/crypto.hpp"
#include "core/util/strings.hpp"
#include "daemon/http/adapt.hpp"

namespace tokenrouter::daemon {

namespace {

thread_local std::chrono::steady_clock::time_point t_request_start;


std::string request_id_for(const httplib::Request& req)
{
  const auto incoming = req.get_header_value("x-request-id");
  return util::is_safe_id(incoming) ? incoming : "req_" + util::random_hex(12);
}

void log_access(const httplib::Request& req, const httplib::Response& res)
{
  const auto elapsed = std::chrono::steady_clock::now() - t_request_start;
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  spdlog::info("{} {} {} {:.2f}ms id={} from={}", req.method, req.path, res.status, ms,
               res.get_header_value("x-request-id"), req.remote_addr);
}

gateway::HttpReply health_reply(bool ok, std::string_view what)
{
  gateway::HttpReply reply;
  reply.status = ok ? 200 : 503;
  reply.body = std::string(R"({"status":")") + (ok ? "ok" : "unavailable") + R"(","check":")"
               + std::string(what) + "\"}";
  return reply;
}

} // namespace

Result<std::pair<std::string, int>> parse_listen(const std::string& listen)
{
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return fail(ErrorCode::config, "listen address '" + listen + "' is not HOST:PORT");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = -1;
  const auto* end = listen.data() + listen.size();
  auto [ptr, ec] = std::from_chars(listen.data() + colon + 1, end, port);
  if (ec != std::errc{} || ptr != end || port < 0 || port > 65535) {
    return fail(ErrorCode::config, "listen address '" + listen + "' has no valid port");
  }
  return std::pair{host, port};
}

HttpServer::HttpServer(const config::ServerConfig& config)
    : m_config(config)
    , m_server(std::make_unique<httplib::Server>())
{
  install_handlers();
  install_routes();
}

HttpServer::~HttpServer() = default;

void HttpServer::install_handlers()
{
  auto& server = *m_server;
  const size_t threads = static_cast<size_t>(std::max(1, m_config.threads));
  // Every open connection (a stream, a keep-alive client) holds a worker: the default pool of
  // max(8, cores - 1) would stall at the ninth agent.
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_tcp_nodelay(true);
  // httplib listens with a backlog of 5: a burst of agents (or a load test) would see refused
  // connections. Remember the listening socket so bind() can raise the backlog afterwards.
  server.set_socket_options([this](int fd) {
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    m_listen_fd = fd;
  });
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(75);
  server.set_read_timeout(m_config.read_timeout_s, 0);
  server.set_write_timeout(m_config.write_timeout_s, 0);
  server.set_payload_max_length(static_cast<size_t>(m_config.max_body_bytes));
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    res.set_header("x-request-id", request_id_for(req));
    // Answer uncompressed: httplib would gzip SSE through a buffering compressor, holding
    // events back. Removing the header here is the only switch 0.11 offers.
    const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) {
      return;
    }
    const ErrorCode code = res.status == 413 ? ErrorCode::payload_too_large
                           : res.status == 404 ? ErrorCode::not_found
                                               : ErrorCode::invalid_request;
    const std::string message = res.status == 413 ? "request body exceeds the size limit"
                                                  : "cannot serve " + req.method + " " + req.path;
    Error error{code, message, res.status};
    write_reply(gateway::error_reply(gateway::dialect_for_path(req.path), error), res);
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("internal error on {} {}: {}", req.method, req.path, what);
    write_reply(gateway::error_reply(gateway::dialect_for_path(req.path),
                                     {ErrorCode::internal, "internal error"}),
                res);
  });
  server.set_logger(log_access);
}

void HttpServer::install_routes()
{
  auto& server = *m_server;
  auto data_plane = [this](const httplib::Request& req, httplib::Response& res) {
    write_reply(m_hooks.gateway->handle(to_gateway_request(req, res)), res);
    if (!res.has_header("x-tokenrouter-overhead-ms")) { // answered before any upstream call
      const auto elapsed = std::chrono::steady_clock::now() - t_request_start;
      res.set_header("x-tokenrouter-overhead-ms",
                     std::to_string(std::chrono::duration<double, std::milli>(elapsed).count()));
    }
  };
  server.Post("/v1/chat/completions", data_plane);
  server.Post("/v1/messages", data_plane);
  server.Post("/v1/messages/count_tokens", data_plane);
  server.Post("/v1/responses", data_plane);
  server.Get("/v1/responses", data_plane); // Codex tries a WebSocket first: refused at once
  server.Get("/v1/models", data_plane);
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    write_reply(health_reply(true, "alive"), res);
  });
  server.Get("/ready", [this](const httplib::Request&, httplib::Response& res) {
    write_reply(health_reply(m_hooks.ready && m_hooks.ready(), "store"), res);
  });
  server.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(m_hooks.metrics ? m_hooks.metrics() : std::string(),
                    "text/plain; version=0.0.4");
  });
  auto admin = [this](const httplib::Request& req, httplib::Response& res) {
    if (!m_hooks.admin) {
      res.status = 404;
      return;
    }
    write_reply(m_hooks.admin(to_gateway_request(req, res)), res);
  };
  server.Get("/admin/.*", admin);
  server.Post("/admin/.*", admin);
  server.Delete("/admin/.*", admin);
}

Result<int> HttpServer::bind(const std::string& host, int port)
{
  const int bound = port == 0 ? m_server->bind_to_any_port(host) : (m_server->bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    return fail(ErrorCode::config,
                "cannot listen on " + host + ":" + std::to_string(port) + " (address in use or not available)");
  }
  if (m_listen_fd >= 0) {
    ::listen(m_listen_fd, SOMAXCONN); // Linux takes a new backlog on an already listening socket
  }
  return bound;
}

void HttpServer::run(ServerHooks hooks)
{
  m_hooks = std::move(hooks);
  m_server->listen_after_bind();
}

void HttpServer::stop()
{
  m_server->stop();
}

bool HttpServer::running() const
{
  return m_server->is_running();
}

} // namespace tokenrouter::daemon
