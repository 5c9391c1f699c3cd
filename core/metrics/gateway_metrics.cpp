#include "core/metrics/gateway_metrics.hpp"

namespace tokenrouter::metrics {

namespace {

constexpr double k_us_per_s = 1e6;
constexpr double k_nanousd_per_usd = 1e9;
constexpr size_t k_max_keys = 100;

// Upper bounds in microseconds.
const std::vector<int64_t> k_latency_buckets = {5'000,     10'000,    25'000,    50'000,     100'000,
                                                250'000,   500'000,   1'000'000, 2'500'000,  5'000'000,
                                                10'000'000, 30'000'000, 60'000'000, 120'000'000, 300'000'000};
const std::vector<int64_t> k_ttft_buckets = {10'000,    25'000,    50'000,    100'000,    250'000,   500'000,
                                             1'000'000, 2'000'000, 5'000'000, 10'000'000, 30'000'000, 60'000'000};
const std::vector<int64_t> k_overhead_buckets = {100,    250,     500,     1'000,   2'500,   5'000,
                                                 10'000, 25'000,  50'000,  100'000, 250'000, 1'000'000};

FamilySpec counter(std::string name, std::string help, std::vector<std::string> labels)
{
  return {std::move(name), std::move(help), Kind::counter, std::move(labels), {}, 1.0, 200};
}

FamilySpec seconds_histogram(std::string name, std::string help, std::vector<std::string> labels,
                             const std::vector<int64_t>& buckets)
{
  return {std::move(name), std::move(help), Kind::histogram, std::move(labels), buckets, k_us_per_s, 200};
}

FamilySpec usd_counter(std::string name, std::string help)
{
  return {std::move(name), std::move(help), Kind::counter, {"model"}, {}, k_nanousd_per_usd, 200};
}

} // namespace

GatewayMetrics::GatewayMetrics(Registry& registry, LabelVocabulary labels)
    : m_labels(std::move(labels))
    , m_requests(registry.add(counter("tokenrouter_requests_total",
                                      "Chat requests answered after routing, by model, provider and HTTP status.",
                                      {"model", "provider", "status"})))
    , m_duration(registry.add(seconds_histogram("tokenrouter_request_duration_seconds",
                                                "Time from arrival to the last byte, by model and provider.",
                                                {"model", "provider"}, k_latency_buckets)))
    , m_ttft(registry.add(seconds_histogram("tokenrouter_time_to_first_token_seconds",
                                            "Time from arrival to the first byte of a successful answer.",
                                            {"model", "provider"}, k_ttft_buckets)))
    , m_overhead(registry.add(seconds_histogram("tokenrouter_overhead_seconds",
                                                "Time spent in tokenrouter itself, the upstream excluded.",
                                                {}, k_overhead_buckets)))
    , m_tokens(registry.add(counter("tokenrouter_tokens_total",
                                    "Tokens by model and type (prompt = uncached prompt tokens; "
                                    "prompt + cache_read + cache_write = the whole prompt).",
                                    {"model", "type"})))
    , m_cache_hits(registry.add(counter("tokenrouter_cache_hits_total",
                                        "Successful requests that read from the provider's prompt cache.",
                                        {"model", "provider"})))
    , m_cache_misses(registry.add(counter("tokenrouter_cache_misses_total",
                                          "Successful requests that read nothing from the prompt cache.",
                                          {"model", "provider"})))
    , m_cache_saved(registry.add(usd_counter("tokenrouter_cache_saved_usd_total",
                                             "USD saved by prompt-cache reads against the prompt price.")))
    , m_cost(registry.add(usd_counter("tokenrouter_cost_usd_total", "Cost in USD, by model.")))
    // Key ids (never secrets) are admin-created, so bounded; the cap keeps it so.
    , m_key_cost(registry.add({"tokenrouter_key_cost_usd_total", "Cost in USD, by virtual key id.",
                               Kind::counter, {"key"}, {}, k_nanousd_per_usd, k_max_keys}))
    , m_dedup_hits(registry.add(counter("tokenrouter_dedup_hits_total",
                                        "Requests answered by an identical request in flight.", {"model"})))
    , m_attempts(registry.add(counter("tokenrouter_upstream_attempts_total",
                                      "Upstream calls, retries and fallbacks included, by provider.",
                                      {"provider"})))
    , m_provider_errors(registry.add(counter("tokenrouter_provider_errors_total",
                                             "Failed upstream calls (and streams broken after their head), "
                                             "by provider and error type.",
                                             {"provider", "error_type"})))
    , m_active_streams(registry.add({"tokenrouter_active_streams", "Streams open now, by provider.",
                                     Kind::gauge, {"provider"}, {}, 1.0, 200}))
{
}

void GatewayMetrics::observe(const billing::UsageRecord& record)
{
  const std::string_view model = m_labels.model(record.model);
  const std::string_view provider = m_labels.provider(record.provider);
  const bool ok = record.status >= 200 && record.status < 300;
  m_requests.with({model, provider, status_label(record.status)}).add();
  m_duration.observe({model, provider}, record.latency_ms * 1000);
  m_overhead.observe(record.overhead_us);
  if (ok) {
    m_ttft.observe({model, provider}, record.ttfb_ms * 1000);
  }
  const auto& usage = record.usage;
  const std::pair<std::string_view, int64_t> tokens[] = {{"prompt", usage.input_tokens},
                                                         {"completion", usage.output_tokens},
                                                         {"cache_read", usage.cache_read_tokens},
                                                         {"cache_write", usage.cache_write_tokens}};
  for (const auto& [type, count] : tokens) {
    if (count > 0) {
      m_tokens.with({model, type}).add(count);
    }
  }
  if (ok && !record.dedup_hit && usage.prompt_total() > 0) {
    (usage.cache_read_tokens > 0 ? m_cache_hits : m_cache_misses).with({model, provider}).add();
  }
  if (record.cost_nanousd > 0) {
    m_cost.with({model}).add(record.cost_nanousd);
    m_key_cost.with({record.key_id.empty() ? std::string_view("none") : std::string_view(record.key_id)})
        .add(record.cost_nanousd);
  }
  if (record.saved_nanousd > 0) {
    m_cache_saved.with({model}).add(record.saved_nanousd);
  }
  if (record.dedup_hit) {
    m_dedup_hits.with({model}).add();
  }
}

void GatewayMetrics::upstream_attempt(std::string_view provider, std::string_view error_type)
{
  m_attempts.with({m_labels.provider(provider)}).add();
  if (!error_type.empty()) {
    provider_error(provider, error_type);
  }
}

void GatewayMetrics::provider_error(std::string_view provider, std::string_view error_type)
{
  m_provider_errors.with({m_labels.provider(provider), error_type_label(error_type)}).add();
}

void GatewayMetrics::stream_opened(std::string_view provider)
{
  m_active_streams.with({m_labels.provider(provider)}).add(1);
}

void GatewayMetrics::stream_closed(std::string_view provider)
{
  m_active_streams.with({m_labels.provider(provider)}).add(-1);
}

} // namespace tokenrouter::metrics
