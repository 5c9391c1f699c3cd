#include "daemon/daemon_metrics.hpp"

#include <cmath>

#include <spdlog/spdlog.h>

#include "core/billing/plan_usage.hpp"
#include "core/billing/retention.hpp"
#include "core/metrics/process.hpp"
#include "core/routing/routing_state.hpp"
#include "core/util/clock.hpp"

namespace tokenrouter::daemon {

namespace {

using metrics::Family;
using metrics::Kind;

Family& gauge(metrics::Registry& registry, std::string name, std::string help,
              std::vector<std::string> labels = {}, double divisor = 1.0)
{
  return registry.add({std::move(name), std::move(help), Kind::gauge, std::move(labels), {}, divisor, 200});
}

Family& counter(metrics::Registry& registry, std::string name, std::string help)
{
  return registry.add({std::move(name), std::move(help), Kind::counter, {}, {}, 1.0, 1});
}

void watch_ledger(metrics::Registry& registry, const billing::LedgerWriter& ledger)
{
  Family& depth = gauge(registry, "tokenrouter_ledger_queue_depth", "Usage rows waiting for the ledger writer.");
  Family& capacity = gauge(registry, "tokenrouter_ledger_queue_capacity",
                           "Usage rows the ledger queue holds before answering 503.");
  Family& rows = counter(registry, "tokenrouter_ledger_rows_committed_total", "Usage rows committed.");
  registry.add_collector([&ledger, d = &depth, c = &capacity, r = &rows] {
    d->set(static_cast<int64_t>(ledger.queue_depth()));
    c->set(static_cast<int64_t>(ledger.capacity()));
    r->set(ledger.committed_rows());
  });
}

void watch_dedup(metrics::Registry& registry, const gateway::Gateway& gateway)
{
  Family& waits = counter(registry, "tokenrouter_dedup_waits_total",
                          "Requests that waited for an identical request in flight.");
  Family& timeouts = counter(registry, "tokenrouter_dedup_wait_timeouts_total",
                             "Dedup waits that gave up (timeout or failed leader) and went upstream.");
  registry.add_collector([&gateway, w = &waits, t = &timeouts] {
    const auto stats = gateway.dedup_stats();
    w->set(stats.hits + stats.misses);
    t->set(stats.misses);
  });
}

// Retention and quota fill are read from the database (one reader connection, one scrape at a
// time: Registry::render serialises collectors).
void watch_store(metrics::Registry& registry, store::Database& db)
{
  Family& last_run = gauge(registry, "tokenrouter_retention_last_run_timestamp_seconds",
                           "When retention last ran (0 = never).", {}, 1000.0);
  Family& removed = gauge(registry, "tokenrouter_retention_rows_removed",
                          "Request rows the last retention run removed.");
  Family& quota = gauge(registry, "tokenrouter_quota_usage_percent",
                        "The fullest quota of each plan, in percent of its limit.", {"plan"}, 1000.0);
  registry.add_collector([&db, l = &last_run, r = &removed, q = &quota] {
    if (auto run = billing::last_retention_run(db)) {
      l->set(run->ran_at_ms);
      r->set(run->rows_removed);
    }
    auto usage = billing::quota_usage_by_plan(db, util::system_clock().now_ms());
    if (!usage) {
      spdlog::warn("metrics: cannot read quota usage: {}", usage.error().message);
      return;
    }
    for (const auto& plan : *usage) {
      q->with({plan.plan}).set(std::llround(plan.max_percent * 1000.0));
    }
  });
}

struct RoutingFamilies {
  Family& capacity;
  Family& used;
  Family& in_flight;
  Family& cooling;
  Family& alloc_failures;
  Family& credentials;
  Family& credential_requests;
  Family& credential_errors;
};

// Labels are config names: deployment ids ("gpt-4o#0@openai-a"), providers, credential
// variable names (never their values).
RoutingFamilies routing_families(metrics::Registry& r)
{
  const std::vector<std::string> deployment = {"model", "deployment"};
  return {gauge(r, "tokenrouter_deployment_capacity_tpm", "A deployment's tokens-per-minute capacity (0 = unlimited).",
                deployment),
          gauge(r, "tokenrouter_deployment_window_tokens", "Tokens used and reserved on a deployment this minute.",
                deployment),
          gauge(r, "tokenrouter_deployment_in_flight", "Allocations a deployment holds now.", deployment),
          gauge(r, "tokenrouter_deployment_cooling_down", "1 while a deployment is cooling down after failures.",
                deployment),
          r.add({"tokenrouter_allocation_failures_total", "Requests for which no deployment of the model had room.",
                 Kind::counter, {"model"}, {}, 1.0, 200}),
          gauge(r, "tokenrouter_credentials", "Upstream credentials by provider and status.", {"provider", "status"}),
          r.add({"tokenrouter_credential_requests_total", "Requests sent with a credential.", Kind::counter,
                 {"provider", "credential"}, {}, 1.0, 200}),
          r.add({"tokenrouter_credential_errors_total", "Failed requests sent with a credential.", Kind::counter,
                 {"provider", "credential"}, {}, 1.0, 200})};
}

void collect_routing(const RoutingFamilies& f, const routing::RoutingSnapshot& snapshot, int64_t now_ms)
{
  for (const auto& model : snapshot.models) {
    f.alloc_failures.with({model.model}).set(model.alloc_failures);
    for (const auto& d : model.deployments) {
      const std::initializer_list<std::string_view> labels = {model.model, d.id};
      f.capacity.with(labels).set(d.capacity_tpm);
      f.used.with(labels).set(d.window_used + d.reserved);
      f.in_flight.with(labels).set(d.in_flight);
      f.cooling.with(labels).set(d.cooldown_until_ms > now_ms ? 1 : 0);
    }
  }
  for (const auto& provider : snapshot.providers) {
    std::map<std::string, int64_t> by_status;
    for (const auto& credential : provider.credentials) {
      ++by_status[credential.status];
      f.credential_requests.with({provider.name, credential.name}).set(credential.requests);
      f.credential_errors.with({provider.name, credential.name}).set(credential.errors);
    }
    for (const auto& [status, count] : by_status) {
      f.credentials.with({provider.name, status}).set(count);
    }
  }
}

} // namespace

void DaemonMetrics::watch_routing(const routing::RoutingState& routing)
{
  m_registry.add_collector([&routing, families = routing_families(m_registry)] {
    collect_routing(families, routing.snapshot(), util::system_clock().now_ms());
  });
}

DaemonMetrics::DaemonMetrics(const config::Config& config)
    : m_gateway(m_registry, metrics::LabelVocabulary(config))
{
  m_registry.add({"tokenrouter_build_info", "The running version.", Kind::gauge, {"version"}, {}, 1.0, 2})
      .with({TKR_VERSION})
      .set(1);
  metrics::add_process_metrics(m_registry);
}

void DaemonMetrics::watch(const gateway::Gateway& gateway, const billing::LedgerWriter& ledger, store::Database db)
{
  m_db = std::make_unique<store::Database>(std::move(db));
  watch_ledger(m_registry, ledger);
  watch_dedup(m_registry, gateway);
  watch_store(m_registry, *m_db);
}

} // namespace tokenrouter::daemon
