#pragma once
// Price sheets in and out: our CSV (USD per million tokens, exact decimals) and LiteLLM's
// model_prices_and_context_window.json (USD per token), the de-facto public price sheet.

#include <string>
#include <string_view>
#include <vector>

#include "core/billing/price_book.hpp"

namespace tokenrouter::billing {

// CSV with a header naming its columns: model, provider, [effective_from (unix s or ISO-8601)],
// prompt, completion, [cache_read], [cache_write], [cache_write_1h] — prices in USD per million
// tokens (a column may carry a suffix such as prompt_usd_per_mtok). Missing cache prices default
// to the prompt price (no discount, no surcharge); effective_from to `default_from_s`.
[[nodiscard]] Result<std::vector<PriceRow>> parse_price_csv(std::string_view text, int64_t default_from_s);

// LiteLLM's JSON: entries of providers openai, anthropic and deepseek with input/output costs
// (chat models; "deepseek/deepseek-chat" becomes "deepseek-chat"); others are skipped.
[[nodiscard]] Result<std::vector<PriceRow>> parse_litellm_json(std::string_view text, int64_t from_s);

// The CSV parse_price_csv reads back (every row, effective_from in unix seconds).
std::string format_price_csv(const std::vector<PriceRow>& rows);

} // namespace tokenrouter::billing
