#include "core/billing/price_io.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "core/billing/money.hpp"
#include "core/util/strings.hpp"
#include "core/util/time_text.hpp"

namespace tokenrouter::billing {

namespace {

enum class Column { model, provider, from, prompt, completion, read, write, write_1h, other };

Column column_of(std::string_view name)
{
  const std::pair<std::string_view, Column> prefixes[] = {
      {"model", Column::model},        {"provider", Column::provider},
      {"effective", Column::from},     {"prompt", Column::prompt},
      {"input", Column::prompt},       {"completion", Column::completion},
      {"output", Column::completion},  {"cache_read", Column::read},
      {"cache_write_1h", Column::write_1h}, {"cache_write", Column::write}};
  for (const auto& [prefix, column] : prefixes) {
    if (name.starts_with(prefix)) {
      return column;
    }
  }
  return Column::other;
}

std::vector<std::string> split_csv_line(std::string_view line)
{
  std::vector<std::string> cells;
  for (auto& cell : util::split(std::string(line), ',')) {
    cells.emplace_back(util::trim(cell));
  }
  return cells;
}

Result<int64_t> parse_from(const std::string& text, int64_t fallback)
{
  if (text.empty()) {
    return fallback;
  }
  if (text.find('-') == std::string::npos) {
    return parse_decimal_scaled(text, 0);
  }
  return util::parse_iso8601_s(text);
}

Status apply_cell(PriceRow& row, Column column, const std::string& cell, int64_t default_from_s)
{
  switch (column) {
  case Column::model: row.model = cell; return {};
  case Column::provider: row.provider = cell; return {};
  case Column::from: { TKR_TRY_ASSIGN(row.effective_from, parse_from(cell, default_from_s)); return {}; }
  case Column::other: return {};
  default: break;
  }
  if (cell.empty()) {
    return {};
  }
  TKR_TRY_ASSIGN(int64_t nano, parse_decimal_scaled(cell));
  auto& p = row.prices;
  (column == Column::prompt       ? p.prompt
   : column == Column::completion ? p.completion
   : column == Column::read       ? p.cache_read
   : column == Column::write      ? p.cache_write_5m
                                  : p.cache_write_1h) = nano;
  return {};
}

// Cache prices not given cost what the prompt does (-1 marks "not given").
void fill_defaults(Prices& p)
{
  p.cache_read = p.cache_read < 0 ? p.prompt : p.cache_read;
  p.cache_write_5m = p.cache_write_5m < 0 ? p.prompt : p.cache_write_5m;
  p.cache_write_1h = p.cache_write_1h < 0 ? p.cache_write_5m : p.cache_write_1h;
}

Result<int64_t> per_token(const nlohmann::json& entry, std::string_view field)
{
  auto it = entry.find(field);
  if (it == entry.end() || !it->is_number()) {
    return -1;
  }
  return parse_decimal_scaled(it->dump(), 15); // USD/token → nano-USD per million tokens
}

} // namespace

Result<std::vector<PriceRow>> parse_price_csv(std::string_view text, int64_t default_from_s)
{
  auto lines = util::split(std::string(text), '\n');
  if (lines.empty()) {
    return fail(ErrorCode::invalid_request, "empty price sheet");
  }
  std::vector<Column> columns;
  for (const auto& name : split_csv_line(lines[0])) {
    columns.push_back(column_of(name));
  }
  std::vector<PriceRow> rows;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto cells = split_csv_line(lines[i]);
    if (cells.empty() || (cells.size() == 1 && cells[0].empty())) {
      continue;
    }
    PriceRow row{"", "", default_from_s, {0, 0, -1, -1, -1}};
    for (size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
      if (auto applied = apply_cell(row, columns[c], cells[c], default_from_s); !applied) {
        return fail(ErrorCode::invalid_request, "line " + std::to_string(i + 1) + ": " + applied.error().message);
      }
    }
    if (row.model.empty() || row.provider.empty()) {
      return fail(ErrorCode::invalid_request, "line " + std::to_string(i + 1) + ": model and provider are required");
    }
    fill_defaults(row.prices);
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<PriceRow>> parse_litellm_json(std::string_view text, int64_t from_s)
{
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (!doc.is_object()) {
    return fail(ErrorCode::invalid_request, "not a LiteLLM price sheet (a JSON object of models)");
  }
  std::vector<PriceRow> rows;
  for (const auto& [name, entry] : doc.items()) {
    const std::string provider = entry.is_object() ? entry.value("litellm_provider", "") : "";
    if ((provider != "openai" && provider != "anthropic" && provider != "deepseek")
        || entry.value("mode", "chat") != "chat") {
      continue;
    }
    PriceRow row{name.substr(name.find('/') == std::string::npos ? 0 : name.find('/') + 1), provider,
                 from_s, {}};
    TKR_TRY_ASSIGN(row.prices.prompt, per_token(entry, "input_cost_per_token"));
    TKR_TRY_ASSIGN(row.prices.completion, per_token(entry, "output_cost_per_token"));
    TKR_TRY_ASSIGN(row.prices.cache_read, per_token(entry, "cache_read_input_token_cost"));
    if (row.prices.cache_read < 0) {
      TKR_TRY_ASSIGN(row.prices.cache_read, per_token(entry, "input_cost_per_token_cache_hit"));
    }
    TKR_TRY_ASSIGN(row.prices.cache_write_5m, per_token(entry, "cache_creation_input_token_cost"));
    TKR_TRY_ASSIGN(row.prices.cache_write_1h, per_token(entry, "cache_creation_input_token_cost_above_1hr"));
    if (row.prices.prompt < 0 || row.prices.completion < 0) {
      continue;
    }
    fill_defaults(row.prices);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string format_price_csv(const std::vector<PriceRow>& rows)
{
  std::string out = "model,provider,effective_from,prompt_usd_per_mtok,completion_usd_per_mtok,"
                    "cache_read_usd_per_mtok,cache_write_usd_per_mtok,cache_write_1h_usd_per_mtok\n";
  for (const auto& r : rows) {
    const auto& p = r.prices;
    out += r.model + "," + r.provider + "," + std::to_string(r.effective_from) + ","
           + format_nanousd(p.prompt) + "," + format_nanousd(p.completion) + ","
           + format_nanousd(p.cache_read) + "," + format_nanousd(p.cache_write_5m) + ","
           + format_nanousd(p.cache_write_1h) + "\n";
  }
  return out;
}

} // namespace tokenrouter::billing
