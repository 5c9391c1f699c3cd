#pragma once
// The daemon's HTTP front: cpp-httplib configured for a gateway (worker pool sized for many
// open streams, TCP_NODELAY, timeouts, body cap), the route table, the access log.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/config/config.hpp"
#include "core/gateway/gateway.hpp"
#include "core/util/result.hpp"

namespace httplib {
class Server;
}

namespace tokenrouter::daemon {

struct ServerHooks {
  gateway::Gateway* gateway = nullptr;
  // /ready: true once the store is open and migrated.
  std::function<bool()> ready;
  // /metrics body (Prometheus text), "" when metrics are not wired.
  std::function<std::string()> metrics;
  // /admin/*: handled by the admin API; nullptr = 404.
  std::function<gateway::HttpReply(const gateway::HttpRequest&)> admin;
};

class HttpServer {
public:
  explicit HttpServer(const config::ServerConfig& config);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 = any free port); returns the bound port. Port in use → error.
  [[nodiscard]] Result<int> bind(const std::string& host, int port);
  // Serves until stop() with `hooks`; returns after in-flight requests finished. Binding
  // comes first so a port in use fails before anything else is touched.
  void run(ServerHooks hooks);
  // Stops accepting; in-flight requests go on until they finish.
  void stop();
  bool running() const;

private:
  void install_routes();
  void install_handlers();

  config::ServerConfig m_config;
  ServerHooks m_hooks;
  std::unique_ptr<httplib::Server> m_server;
  int m_listen_fd = -1;
};

// Splits "host:port" (IPv6 in brackets); error on a malformed address.
[[nodiscard]] Result<std::pair<std::string, int>> parse_listen(const std::string& listen);

} // namespace tokenrouter::daemon
