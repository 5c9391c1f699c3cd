#pragma once
// The gateway's metric families (README "Operations" lists them) and how one settled exchange
// is counted. Every exchange that reaches settle() is observed once, from its usage row.

#include "core/billing/usage_record.hpp"
#include "core/metrics/labels.hpp"
#include "core/metrics/registry.hpp"

namespace tokenrouter::metrics {

class GatewayMetrics {
public:
  GatewayMetrics(Registry& registry, LabelVocabulary labels);

  // One settled exchange: requests, latency, time to first token, overhead, tokens, cost,
  // cache hit or miss, dedup hit.
  void observe(const billing::UsageRecord& record);
  // One upstream attempt (retries and fallbacks each count); `error_type` "" = it succeeded.
  void upstream_attempt(std::string_view provider, std::string_view error_type);
  // A failure the provider caused (tokenrouter_provider_errors_total).
  void provider_error(std::string_view provider, std::string_view error_type);
  // A stream to `provider` started answering / ended (tokenrouter_active_streams).
  void stream_opened(std::string_view provider);
  void stream_closed(std::string_view provider);

  const LabelVocabulary& labels() const { return m_labels; }

private:
  LabelVocabulary m_labels;
  Family& m_requests;
  Family& m_duration;
  Family& m_ttft;
  Family& m_overhead;
  Family& m_tokens;
  Family& m_cache_hits;
  Family& m_cache_misses;
  Family& m_cache_saved;
  Family& m_cost;
  Family& m_key_cost;
  Family& m_dedup_hits;
  Family& m_attempts;
  Family& m_provider_errors;
  Family& m_active_streams;
};

} // namespace tokenrouter::metrics
