#include "core/billing/price_store.hpp"

namespace tokenrouter::billing {

namespace {

constexpr std::string_view k_select =
    "SELECT model, provider, effective_from, prompt_nanousd_per_mtok, completion_nanousd_per_mtok, "
    "cache_read_nanousd_per_mtok, cache_write_5m_nanousd_per_mtok, cache_write_1h_nanousd_per_mtok "
    "FROM model_pricing p ";

} // namespace

Result<std::vector<PriceRow>> read_prices(store::Database& db, int64_t in_force_at_s)
{
  const std::string where =
      in_force_at_s < 0 ? ""
                        : "WHERE effective_from = (SELECT max(effective_from) FROM model_pricing q "
                          "WHERE q.model = p.model AND q.provider = p.provider AND q.effective_from <= ?1) ";
  TKR_TRY_ASSIGN(auto st, db.prepare(std::string(k_select) + where + "ORDER BY provider, model, effective_from"));
  if (in_force_at_s >= 0) {
    st.bind(1, in_force_at_s);
  }
  std::vector<PriceRow> rows;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return rows;
    }
    rows.push_back({st.column_text(0), st.column_text(1), st.column_int64(2),
                    {st.column_int64(3), st.column_int64(4), st.column_int64(5), st.column_int64(6),
                     st.column_int64(7)}});
  }
}

Status write_price(store::Database& db, const PriceRow& r)
{
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "INSERT OR REPLACE INTO model_pricing (model, provider, effective_from, prompt_nanousd_per_mtok, "
      "completion_nanousd_per_mtok, cache_read_nanousd_per_mtok, cache_write_5m_nanousd_per_mtok, "
      "cache_write_1h_nanousd_per_mtok) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  const auto& p = r.prices;
  st.bind_all(r.model, r.provider, r.effective_from, p.prompt, p.completion, p.cache_read,
              p.cache_write_5m, p.cache_write_1h);
  return st.run();
}

Result<int64_t> import_prices(store::Database& db, const std::vector<PriceRow>& rows)
{
  TKR_TRY_ASSIGN(auto existing, read_prices(db));
  // The price in force for exactly this model and provider (no fallbacks: a new model is new).
  const auto in_force = [&existing](const PriceRow& row) -> const PriceRow* {
    const PriceRow* found = nullptr;
    for (const auto& r : existing) {
      if (r.model == row.model && r.provider == row.provider && r.effective_from <= row.effective_from) {
        found = &r; // rows are ordered by effective_from
      }
    }
    return found;
  };
  TKR_TRY_ASSIGN(auto tx, store::Transaction::begin(db));
  int64_t written = 0;
  for (const auto& row : rows) {
    const PriceRow* current = in_force(row);
    if (current != nullptr && current->prices == row.prices) {
      continue;
    }
    TKR_TRY(write_price(db, row));
    ++written;
  }
  TKR_TRY(tx.commit());
  return written;
}

Result<std::vector<UnpricedModel>> unpriced_models(store::Database& db, int64_t now_s)
{
  TKR_TRY_ASSIGN(auto prices, read_prices(db));
  PriceBook book;
  book.load(std::move(prices));
  TKR_TRY_ASSIGN(auto st, db.prepare(
      "SELECT model, coalesce(provider, ''), count(*), "
      "sum(input_tokens + cache_read_tokens + cache_write_tokens + output_tokens), max(created_at) "
      "FROM requests WHERE priced = 0 GROUP BY model, provider ORDER BY model"));
  std::vector<UnpricedModel> out;
  while (true) {
    TKR_TRY_ASSIGN(bool more, st.step());
    if (!more) {
      return out;
    }
    UnpricedModel m{st.column_text(0), st.column_text(1), st.column_int64(2), st.column_int64(3),
                    st.column_int64(4)};
    if (!book.find(m.model, "", now_s)) {
      out.push_back(std::move(m));
    }
  }
}

} // namespace tokenrouter::billing
