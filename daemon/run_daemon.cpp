// tokenrouterd: load the config, open and migrate the store, start the ledger writer, serve,
// and on SIGTERM/SIGINT stop accepting, let in-flight requests finish (bounded by
// [server].shutdown_grace_s), flush the ledger and exit 0.
#include "daemon/run_daemon.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <pthread.h>
#include <unistd.h>
#include <spdlog/spdlog.h>

#include "core/auth/key_store.hpp"
#include "core/auth/last_used.hpp"
#include "core/auth/store_authenticator.hpp"
#include "core/admin/ops.hpp"
#include "core/billing/ledger_writer.hpp"
#include "core/billing/services.hpp"
#include "core/gateway/gateway.hpp"
#include "core/gateway/responses_store.hpp"
#include "core/limits/rate_limiter.hpp"
#include "core/store/migrate.hpp"
#include "core/util/logging.hpp"
#include "daemon/daemon_metrics.hpp"
#include "daemon/flags.hpp"
#include "daemon/http/admin_api.hpp"
#include "daemon/http/server.hpp"
#include "daemon/routing_setup.hpp"
#include "daemon/store_watch.hpp"
#include "daemon/startup.hpp"

namespace tokenrouter::daemon {

namespace {

sigset_t shutdown_signals()
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

template <class T>
T or_fatal(Result<T> result, std::string_view what)
{
  if (!result) {
    throw Fatal(std::string(what) + ": " + result.error().message);
  }
  return std::move(*result);
}

std::unique_ptr<auth::Authenticator> make_authenticator(const config::Config& config,
                                                        const std::string& db_path,
                                                        auth::LastUsedRecorder& last_used)
{
  if (config.auth.mode == "open") {
    spdlog::warn("AUTH IS OFF: [auth] mode = \"open\" — every request is served without a key "
                 "and billed to the built-in 'local' identity. Use only on a single-user machine.");
    return std::make_unique<auth::OpenAuthenticator>();
  }
  auto db = or_fatal(store::Database::open(db_path), "cannot open the database");
  return std::make_unique<auth::StoreAuthenticator>(std::move(db), util::system_clock(),
                                                     auth::StoreAuthOptions{.last_used = &last_used});
}

// What `tokenrouter status --server` adds from the running daemon: the ledger queue.
nlohmann::json ledger_status(const billing::LedgerWriter& ledger)
{
  return {{"ledger", {{"queue_depth", ledger.queue_depth()},
                      {"queue_capacity", ledger.capacity()},
                      {"committed_rows", ledger.committed_rows()}}}};
}

// Waits for SIGTERM/SIGINT, then stops the server; a watchdog bounds the drain.
std::thread start_signal_thread(HttpServer& server,
                                gateway::Gateway& gateway,
                                int grace_s,
                                std::atomic<bool>& signaled)
{
  return std::thread([&server, &gateway, grace_s, &signaled] {
    const sigset_t set = shutdown_signals();
    int signal = 0;
    sigwait(&set, &signal);
    if (signaled.exchange(true)) {
      return; // woken by serve() itself after the server ended
    }
    spdlog::info("signal {}: no new connections; waiting up to {}s for {} open stream(s)", signal,
                 grace_s, gateway.active_streams());
    // A signal that comes while the server is still starting must not be lost.
    for (int i = 0; i < 500 && !server.running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    server.stop();
    std::thread([&gateway, grace_s] {
      std::this_thread::sleep_for(std::chrono::seconds(grace_s));
      spdlog::warn("shutdown grace elapsed: cancelling in-flight upstream requests");
      gateway.cancel_all();
    }).detach();
  });
}

int serve(const Flags& flags)
{
  const sigset_t set = shutdown_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr); // every thread inherits the mask; one waits
  std::signal(SIGPIPE, SIG_IGN);

  const Startup startup = or_fatal(load_startup(flags), "configuration");
  const config::Config& config = startup.config;
  if (auto logging = util::setup_logging(config.log.level, config.log.format); !logging) {
    throw Fatal(logging.error().message);
  }
  const auto [host, port] = or_fatal(parse_listen(config.server.listen), "configuration");
  HttpServer server(config.server);
  const int bound = or_fatal(server.bind(host, port), "cannot start the server");

  auto db = or_fatal(store::Database::open(startup.db_path), "cannot open the database");
  const int version = or_fatal(store::migrate(db), "cannot prepare the database");
  print_dev_key_if_first_start(config, db);
  auto ledger = or_fatal(billing::LedgerWriter::start({startup.db_path, config.store.durability == "ack",
                                                       static_cast<size_t>(config.store.queue_capacity)}),
                         "cannot start the usage ledger");
  auth::LastUsedRecorder last_used(or_fatal(store::Database::open(startup.db_path), "cannot open the database"));
  auto authenticator = make_authenticator(config, startup.db_path, last_used);
  limits::RateLimiter limiter(util::system_clock());
  billing::PriceBook prices;
  auto billing_services = or_fatal(billing::BillingServices::start(startup.db_path, config, util::system_clock()),
                          "cannot start billing");
  admin::set_live_status([&ledger] { return ledger_status(*ledger); });
  RoutingRuntime routing(config, startup.db_path);
  StoreWatch watch(or_fatal(store::Database::open(startup.db_path), "cannot open the database"),
                   {[&prices](store::Database& watched) {
                     if (auto loaded = prices.load_from(watched); !loaded) {
                       spdlog::error("cannot load prices: {}", loaded.error().message);
                     }
                   },
                    [&billing_services](store::Database& watched) { billing_services->reload(watched); },
                    [&routing](store::Database& watched) { routing.reload(watched); }});
  auto responses = gateway::make_sql_responses_store(
      or_fatal(store::Database::open(startup.db_path), "cannot open the database"));
  DaemonMetrics metrics(config);
  gateway::GatewayDeps gateway_deps{config, *authenticator, *ledger, prices, util::system_clock(), &limiter,
                                    billing_services->quotas(), &billing_services->idempotency(),
                                    responses.get()};
  gateway_deps.metrics = &metrics.gateway();
  gateway_deps.routing = &routing.state();
  gateway::Gateway gateway(gateway_deps);
  metrics.watch(gateway, *ledger, or_fatal(store::Database::open(startup.db_path), "cannot open the database"));
  metrics.watch_routing(routing.state());
  const char* admin_key = std::getenv("TOKENROUTER_ADMIN_KEY");
  AdminApi admin(or_fatal(store::Database::open(startup.db_path), "cannot open the database"), config,
                 admin_key == nullptr ? "" : admin_key);
  std::atomic<bool> ready{true};
  spdlog::info("tokenrouterd {} listening on http://{}:{} (database {} at schema v{}, config {})",
               TKR_VERSION, host, bound, startup.db_path, version,
               config.source.empty() ? "built-in defaults" : config.source);
  log_providers(config);

  std::atomic<bool> signaled{false};
  std::thread signals =
      start_signal_thread(server, gateway, config.server.shutdown_grace_s, signaled);
  server.run({&gateway,
              [&ready] { return ready.load(); },
              [&metrics] { return metrics.render(); },
              [&admin](const gateway::HttpRequest& request) { return admin.handle(request); }});
  ready = false;
  admin::set_live_status(nullptr);
  ledger->stop();
  spdlog::info("stopped cleanly ({} usage rows written)", ledger->committed_rows());
  if (!signaled.exchange(true)) {
    kill(getpid(), SIGTERM); // the server ended by itself: wake the signal thread to join it
  }
  signals.join();
  return 0;
}

} // namespace

int run_daemon(int argc, char** argv)
{
  auto flags = parse_flags(argc, argv);
  if (!flags) {
    std::fprintf(stderr, "tokenrouterd: %s\n%s", flags.error().message.c_str(), usage_text());
    return 2;
  }
  if (flags->help) {
    std::fputs(usage_text(), stdout);
    return 0;
  }
  if (flags->version) {
    std::printf("tokenrouterd %s\n", TKR_VERSION);
    return 0;
  }
  try {
    return serve(*flags);
  } catch (const Fatal& fatal) {
    std::fprintf(stderr, "tokenrouterd: error: %s\n", fatal.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tokenrouterd: error: %s\n", e.what());
    return 1;
  }
}

} // namespace tokenrouter::daemon
