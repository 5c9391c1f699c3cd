// pricing.list / pricing.set / pricing.import / pricing.export: model prices with history
// (core/billing/price_store). Prices travel as USD-per-million decimal text in and as both
// exact nano-USD integers and decimal text out.
#include "core/admin/ops.hpp"
#include "core/billing/money.hpp"
#include "core/billing/price_io.hpp"
#include "core/billing/price_store.hpp"

namespace tokenrouter::admin {

namespace {

Json price_json(const billing::PriceRow& r)
{
  const auto& p = r.prices;
  const auto both = [](int64_t nano) {
    return Json{{"nanousd_per_mtok", nano}, {"usd_per_mtok", billing::format_nanousd(nano)}};
  };
  return {{"model", r.model},
          {"provider", r.provider},
          {"effective_from", r.effective_from},
          {"prompt", both(p.prompt)},
          {"completion", both(p.completion)},
          {"cache_read", both(p.cache_read)},
          {"cache_write", both(p.cache_write_5m)},
          {"cache_write_1h", both(p.cache_write_1h)}};
}

Result<Json> list_missing(AdminContext& context)
{
  TKR_TRY_ASSIGN(auto models, billing::unpriced_models(context.db, context.clock.now_ms() / 1000));
  Json out = Json::array();
  for (const auto& m : models) {
    out.push_back({{"model", m.model}, {"provider", m.provider}, {"requests", m.requests},
                   {"tokens", m.tokens}, {"last_seen_ms", m.last_seen_ms}});
  }
  return Json{{"missing", std::move(out)}};
}

Result<Json> list(AdminContext& context, const Json& args)
{
  if (args.value("missing", false)) {
    return list_missing(context);
  }
  const bool history = args.value("history", false);
  TKR_TRY_ASSIGN(auto rows, billing::read_prices(context.db, history ? -1 : context.clock.now_ms() / 1000));
  Json out = Json::array();
  for (const auto& row : rows) {
    out.push_back(price_json(row));
  }
  return Json{{"prices", std::move(out)}};
}

// A price argument in USD per million tokens ("2.50"); -1 when absent.
Result<int64_t> usd_per_mtok(const Json& args, std::string_view field)
{
  const auto text = optional_string(args, field);
  if (text.empty()) {
    return -1;
  }
  return billing::parse_decimal_scaled(text);
}

// The provider of a model already priced, when the caller did not name one.
Result<std::string> provider_for(AdminContext& context, const std::string& model, const Json& args)
{
  auto provider = optional_string(args, "provider");
  if (!provider.empty()) {
    return provider;
  }
  TKR_TRY_ASSIGN(auto rows, billing::read_prices(context.db));
  for (const auto& row : rows) {
    provider = row.model == model ? row.provider : provider;
  }
  if (provider.empty()) {
    return fail(ErrorCode::invalid_request, "provider: required for a model not priced yet (" + model + ")");
  }
  return provider;
}

// Cache prices not given: those of the price in force for the model (a new prompt price rarely
// changes the cache discount's terms), else the prompt price.
Status fill_cache_prices(AdminContext& context, billing::PriceRow& row)
{
  TKR_TRY_ASSIGN(auto current, billing::read_prices(context.db, row.effective_from));
  billing::Prices base{row.prices.prompt, row.prices.completion, row.prices.prompt, row.prices.prompt, -1};
  for (const auto& r : current) {
    base = r.model == row.model && r.provider == row.provider ? r.prices : base;
  }
  auto& p = row.prices;
  p.cache_read = p.cache_read < 0 ? base.cache_read : p.cache_read;
  p.cache_write_5m = p.cache_write_5m < 0 ? base.cache_write_5m : p.cache_write_5m;
  p.cache_write_1h = p.cache_write_1h < 0 ? (base.cache_write_1h < 0 ? p.cache_write_5m : base.cache_write_1h)
                                          : p.cache_write_1h;
  return {};
}

Result<Json> set(AdminContext& context, const Json& args)
{
  billing::PriceRow row;
  TKR_TRY_ASSIGN(row.model, required_string(args, "model"));
  TKR_TRY_ASSIGN(row.provider, provider_for(context, row.model, args));
  TKR_TRY_ASSIGN(auto from, optional_int(args, "effective_from"));
  row.effective_from = from.value_or(context.clock.now_ms() / 1000);
  auto& p = row.prices;
  TKR_TRY_ASSIGN(p.prompt, usd_per_mtok(args, "prompt_usd"));
  TKR_TRY_ASSIGN(p.completion, usd_per_mtok(args, "completion_usd"));
  if (p.prompt < 0 || p.completion < 0) {
    return fail(ErrorCode::invalid_request, "prompt_usd and completion_usd (USD per million tokens) are required");
  }
  TKR_TRY_ASSIGN(p.cache_read, usd_per_mtok(args, "cache_read_usd"));
  TKR_TRY_ASSIGN(p.cache_write_5m, usd_per_mtok(args, "cache_write_usd"));
  TKR_TRY_ASSIGN(p.cache_write_1h, usd_per_mtok(args, "cache_write_1h_usd"));
  TKR_TRY(fill_cache_prices(context, row));
  TKR_TRY(billing::write_price(context.db, row));
  return Json{{"price", price_json(row)}};
}

Result<Json> import(AdminContext& context, const Json& args)
{
  TKR_TRY_ASSIGN(auto text, required_string(args, "text"));
  const auto format = optional_string(args, "format", "csv");
  TKR_TRY_ASSIGN(auto from, optional_int(args, "effective_from"));
  const int64_t from_s = from.value_or(context.clock.now_ms() / 1000);
  auto rows = format == "litellm" ? billing::parse_litellm_json(text, from_s)
                                  : billing::parse_price_csv(text, from_s);
  if (!rows) {
    return tl::unexpected(rows.error());
  }
  TKR_TRY_ASSIGN(int64_t written, billing::import_prices(context.db, *rows));
  return Json{{"read", rows->size()}, {"written", written},
              {"unchanged", static_cast<int64_t>(rows->size()) - written}};
}

Result<Json> export_prices(AdminContext& context, const Json&)
{
  TKR_TRY_ASSIGN(auto rows, billing::read_prices(context.db));
  return Json{{"csv", billing::format_price_csv(rows)}, {"rows", rows.size()}};
}

} // namespace

std::vector<OpSpec> pricing_ops()
{
  return {{"pricing.list", list}, {"pricing.set", set}, {"pricing.import", import},
          {"pricing.export", export_prices}};
}

} // namespace tokenrouter::admin
