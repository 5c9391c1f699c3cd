#include "core/billing/price_book.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace tokenrouter::billing {

namespace {

bool all_digits(std::string_view text)
{
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

} // namespace

std::string without_date_suffix(const std::string& model)
{
  // -YYYYMMDD
  if (model.size() > 9 && model[model.size() - 9] == '-' && all_digits(std::string_view(model).substr(model.size() - 8))) {
    return model.substr(0, model.size() - 9);
  }
  // -YYYY-MM-DD
  if (model.size() > 11) {
    const std::string_view tail = std::string_view(model).substr(model.size() - 11);
    if (tail[0] == '-' && all_digits(tail.substr(1, 4)) && tail[5] == '-' && all_digits(tail.substr(6, 2))
        && tail[8] == '-' && all_digits(tail.substr(9, 2))) {
      return model.substr(0, model.size() - 11);
    }
  }
  return {};
}

void PriceBook::load(std::vector<PriceRow> rows)
{
  std::map<std::pair<std::string, std::string>, std::vector<PriceRow>> next;
  for (auto& row : rows) {
    next[{row.model, row.provider}].push_back(std::move(row));
  }
  for (auto& [key, list] : next) {
    std::sort(list.begin(), list.end(),
              [](const PriceRow& a, const PriceRow& b) { return a.effective_from < b.effective_from; });
  }
  std::unique_lock lock(m_mutex);
  m_rows = std::move(next);
}

Status PriceBook::load_from(store::Database& db)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "SELECT model, provider, effective_from, prompt_nanousd_per_mtok, completion_nanousd_per_mtok, "
      "cache_read_nanousd_per_mtok, cache_write_5m_nanousd_per_mtok, cache_write_1h_nanousd_per_mtok "
      "FROM model_pricing"));
  std::vector<PriceRow> rows;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      break;
    }
    rows.push_back({st.column_text(0), st.column_text(1), st.column_int64(2),
                    {st.column_int64(3), st.column_int64(4), st.column_int64(5), st.column_int64(6),
                     st.column_int64(7)}});
  }
  load(std::move(rows));
  return {};
}

std::optional<Prices> PriceBook::find_exact(const std::string& model, const std::string& provider, int64_t at_s) const
{
  auto search = [&](const std::vector<PriceRow>& rows) -> std::optional<Prices> {
    std::optional<Prices> found;
    for (const auto& row : rows) {
      if (row.effective_from <= at_s) {
        found = row.prices;
      }
    }
    return found;
  };
  if (auto it = m_rows.find({model, provider}); it != m_rows.end()) {
    if (auto prices = search(it->second)) {
      return prices;
    }
  }
  for (const auto& [key, rows] : m_rows) {
    if (key.first == model) {
      if (auto prices = search(rows)) {
        return prices;
      }
    }
  }
  return std::nullopt;
}

std::optional<Prices> PriceBook::find(const std::string& model, const std::string& provider, int64_t at_s) const
{
  std::shared_lock lock(m_mutex);
  if (auto prices = find_exact(model, provider, at_s)) {
    return prices;
  }
  const std::string base = without_date_suffix(model);
  return base.empty() ? std::nullopt : find_exact(base, provider, at_s);
}

} // namespace tokenrouter::billing
