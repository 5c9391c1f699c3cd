#include "core/metrics/labels.hpp"

#include <array>

#include "core/util/result.hpp"
#include "core/util/strings.hpp"

namespace tokenrouter::metrics {

namespace {

constexpr int k_first_status = 100;
constexpr int k_last_status = 599;

const std::array<std::string, k_last_status - k_first_status + 1>& status_texts()
{
  static const auto texts = [] {
    std::array<std::string, k_last_status - k_first_status + 1> out;
    for (int s = k_first_status; s <= k_last_status; ++s) {
      out[static_cast<size_t>(s - k_first_status)] = std::to_string(s);
    }
    return out;
  }();
  return texts;
}

} // namespace

LabelVocabulary::LabelVocabulary(const config::Config& config)
{
  for (const auto& model : config.models) {
    m_models.push_back(model.name);
  }
  for (const auto& provider : config.providers) {
    m_providers.push_back(provider.name);
  }
}

std::string_view LabelVocabulary::model(std::string_view requested) const
{
  for (const auto& name : m_models) {
    if (name == requested) {
      return name;
    }
  }
  for (const auto& name : m_models) {
    if (util::glob_match(name, requested)) {
      return name;
    }
  }
  return k_other;
}

std::string_view LabelVocabulary::provider(std::string_view name) const
{
  for (const auto& known : m_providers) {
    if (known == name) {
      return known;
    }
  }
  return k_other;
}

std::string_view status_label(int status)
{
  if (status < k_first_status || status > k_last_status) {
    return k_other;
  }
  return status_texts()[static_cast<size_t>(status - k_first_status)];
}

std::string_view error_type_label(std::string_view error_type)
{
  if (error_type.empty() || error_type == "client_closed") {
    return error_type;
  }
  for (int code = 0; code <= static_cast<int>(ErrorCode::internal); ++code) {
    const std::string_view name = to_string(static_cast<ErrorCode>(code));
    if (name == error_type) {
      return name;
    }
  }
  return k_other;
}

} // namespace tokenrouter::metrics
