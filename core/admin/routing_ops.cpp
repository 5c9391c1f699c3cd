// upstreams.list, upstreams.stats, strategy: deployments, capacity and credential pools.
// Live numbers (reserved, used, cooldowns, credential health, acquisitions) exist only inside
// the daemon; run locally (no --server) these ops show the config and what the database
// holds (reservations persisted in `allocations`, the strategy set with `strategy set`).
#include "core/admin/ops.hpp"
#include "core/routing/routing_settings.hpp"
#include "core/routing/routing_state.hpp"

#include <map>
#include <mutex>

namespace tokenrouter::admin {

namespace {

std::mutex g_routing_mutex;
routing::RoutingState* g_routing = nullptr; // set by run_daemon while it serves

constexpr std::string_view k_local_note =
    "no daemon: configuration and persisted state only (reserved tokens of in-flight requests "
    "from the allocations table); use --server for live capacity, cooldowns and credential health";

Json deployment_json(const routing::DeploymentState& d) {
  return {{"id", d.id},
          {"weight", d.weight},
          {"capacity_tpm", d.capacity_tpm},
          {"capacity_concurrent_tokens", d.capacity_concurrent},
          {"reserved_tokens", d.reserved},
          {"used_tokens", d.window_used},
          {"in_flight", d.in_flight},
          {"allocations", d.allocations},
          {"skipped_full", d.skipped_full},
          {"failures", d.failures},
          {"cooldown_until_ms", d.cooldown_until_ms}};
}

Json credential_json(const routing::CredentialState& c) {
  return {{"name", c.name},
          {"priority", c.primary ? "primary" : "pool"},
          {"status", c.status},
          {"cooldown_until_ms", c.cooldown_until_ms},
          {"error_percent", c.error_percent},
          {"mean_latency_ms", c.mean_latency_ms},
          {"requests", c.requests},
          {"quota_errors", c.quota_errors},
          {"errors", c.errors}};
}

Json acquisition_json(const routing::AcquisitionState& a) {
  Json decisions = Json::object();
  for (size_t i = 0; i < a.decisions.size(); ++i) {
    decisions[std::string(routing::to_string(static_cast<routing::AcquireDecision>(i)))] =
        a.decisions[i];
  }
  return {{"runs_last_hour", a.runs_last_hour},
          {"runs_last_day", a.runs_last_day},
          {"cached", a.cached},
          {"cache_expires_ms", a.cache_expires_ms},
          {"backoff_until_ms", a.backoff_until_ms},
          {"decisions", decisions}};
}

Json live_stats(const routing::RoutingSnapshot& s) {
  Json models = Json::array();
  for (const auto& m : s.models) {
    Json deployments = Json::array();
    for (const auto& d : m.deployments) {
      deployments.push_back(deployment_json(d));
    }
    models.push_back({{"model", m.model},
                      {"window_reset_ms", m.window_reset_ms},
                      {"alloc_failures", m.alloc_failures},
                      {"deployments", deployments}});
  }
  Json providers = Json::array();
  for (const auto& p : s.providers) {
    Json credentials = Json::array();
    for (const auto& c : p.credentials) {
      credentials.push_back(credential_json(c));
    }
    providers.push_back(
        {{"name", p.name},
         {"credentials", credentials},
         {"acquisition", p.acquisition ? acquisition_json(*p.acquisition) : Json(nullptr)}});
  }
  return {{"live", true},
          {"strategy", routing::to_string(s.strategy)},
          {"models", models},
          {"providers", providers}};
}

// Reserved tokens per deployment id from the allocations table (not expired).
Result<std::map<std::string, std::pair<int64_t, int64_t>>>
persisted_reservations(AdminContext& context) {
  TKR_TRY_ASSIGN(auto select,
                 context.db.prepare("SELECT deployment, count(*), sum(tokens) FROM allocations "
                                    "WHERE expires_at > ?1 GROUP BY deployment"));
  select.bind(1, context.clock.now_ms());
  std::map<std::string, std::pair<int64_t, int64_t>> out;
  while (true) {
    TKR_TRY_ASSIGN(const bool row, select.step());
    if (!row) {
      return out;
    }
    out[select.column_text(0)] = {select.column_int64(1), select.column_int64(2)};
  }
}

Result<std::string> persisted_or_config_strategy(AdminContext& context) {
  TKR_TRY_ASSIGN(const auto persisted, routing::load_strategy(context.db));
  return persisted ? std::string(routing::to_string(*persisted)) : context.config.routing.strategy;
}

Result<Json> local_stats(AdminContext& context) {
  TKR_TRY_ASSIGN(const auto reserved, persisted_reservations(context));
  Json models = Json::array();
  for (const auto& model : context.config.models) {
    Json deployments = Json::array();
    for (size_t i = 0; i < model.deployments.size(); ++i) {
      const auto& d = model.deployments[i];
      const std::string id = routing::deployment_id(model, i);
      const auto it = reserved.find(id);
      deployments.push_back({{"id", id},
                             {"weight", d.weight},
                             {"capacity_tpm", d.capacity_tpm},
                             {"capacity_concurrent_tokens", d.capacity_concurrent_tokens},
                             {"in_flight", it == reserved.end() ? 0 : it->second.first},
                             {"reserved_tokens", it == reserved.end() ? 0 : it->second.second}});
    }
    models.push_back({{"model", model.name}, {"deployments", deployments}});
  }
  TKR_TRY_ASSIGN(const std::string strategy, persisted_or_config_strategy(context));
  return Json{{"live", false}, {"note", k_local_note}, {"strategy", strategy}, {"models", models}};
}

routing::RoutingState* live_routing() {
  std::lock_guard lock(g_routing_mutex);
  return g_routing;
}

Result<Json> upstreams_stats(AdminContext& context, const Json&) {
  if (auto* live = live_routing()) {
    return live_stats(live->snapshot());
  }
  return local_stats(context);
}

Result<Json> upstreams_list(AdminContext& context, const Json&) {
  Json models = Json::array();
  for (const auto& model : context.config.models) {
    Json deployments = Json::array();
    for (size_t i = 0; i < model.deployments.size(); ++i) {
      const auto& d = model.deployments[i];
      deployments.push_back({{"id", routing::deployment_id(model, i)},
                             {"provider", d.provider},
                             {"upstream", d.upstream.empty() ? Json(nullptr) : Json(d.upstream)},
                             {"weight", d.weight},
                             {"capacity_tpm", d.capacity_tpm},
                             {"capacity_concurrent_tokens", d.capacity_concurrent_tokens}});
    }
    models.push_back(
        {{"model", model.name}, {"deployments", deployments}, {"fallbacks", model.fallbacks}});
  }
  Json providers = Json::array();
  for (const auto& p : context.config.providers) {
    Json credentials = Json::array();
    for (const auto& c : p.credentials) {
      credentials.push_back({{"env", c.env}, {"priority", c.priority}});
    }
    providers.push_back(
        {{"name", p.name},
         {"kind", model::to_string(p.kind)},
         {"base_url", p.base_url},
         {"passthrough", p.passthrough},
         {"credentials", credentials},
         {"acquire_command",
          p.acquire_command.empty() ? Json(nullptr) : Json(p.acquire_command.front())}});
  }
  return Json{{"live", live_routing() != nullptr}, {"models", models}, {"providers", providers}};
}

// GET: the strategy in force and where it comes from; with {"strategy": …}: sets it (persisted,
// and applied at once when run inside the daemon; a daemon elsewhere picks it up within a second).
Result<Json> strategy(AdminContext& context, const Json& args) {
  auto* live = live_routing();
  const std::string wanted = optional_string(args, "strategy");
  if (wanted.empty()) {
    TKR_TRY_ASSIGN(const auto persisted, routing::load_strategy(context.db));
    const std::string source = live != nullptr ? "live" : persisted ? "persisted" : "config";
    const std::string value = live != nullptr ? std::string(routing::to_string(live->strategy()))
                              : persisted     ? std::string(routing::to_string(*persisted))
                                              : context.config.routing.strategy;
    return Json{{"strategy", value}, {"source", source}};
  }
  const auto parsed = routing::strategy_from_string(wanted);
  if (!parsed) {
    return fail(ErrorCode::invalid_request, "strategy: expected best or largest, got " + wanted);
  }
  TKR_TRY(routing::save_strategy(context.db, *parsed, context.clock.now_ms()));
  if (live != nullptr) {
    live->set_strategy(*parsed);
  }
  return Json{{"strategy", wanted}, {"applied", live != nullptr ? "live" : "persisted"}};
}

} // namespace

void set_live_routing(routing::RoutingState* state) {
  std::lock_guard lock(g_routing_mutex);
  g_routing = state;
}

std::vector<OpSpec> routing_ops() {
  return {{"upstreams", upstreams_stats},
          {"upstreams.stats", upstreams_stats},
          {"upstreams.list", upstreams_list},
          {"strategy", strategy}};
}

} // namespace tokenrouter::admin
