// Cost checked against hand-computed values (protocols.md §8 list prices).
#include <doctest/doctest.h>

#include "core/billing/cost.hpp"
#include "core/billing/price_book.hpp"
#include "core/store/migrate.hpp"

using namespace tokenrouter;
using billing::Prices;

namespace {

// USD per million → nano-USD per million.
constexpr int64_t usd(double per_million)
{
  return static_cast<int64_t>(per_million * 1e9 + 0.5);
}

const Prices k_sonnet{usd(3), usd(15), usd(0.30), usd(3.75), usd(6)};
const Prices k_gpt4o{usd(2.50), usd(10), usd(1.25), usd(2.50), usd(2.50)};

} // namespace

TEST_SUITE("billing::cost")
{
  TEST_CASE("Anthropic usage: input excludes cache tokens, each priced at its own rate")
  {
    // 50×3 + 1800×0.30 + 248×3.75 + 503×15 = 9.165 USD per million = 9,165,000 nano-USD
    const model::Usage usage{.input_tokens = 50, .cache_read_tokens = 1800, .cache_write_tokens = 248,
                             .output_tokens = 503};
    CHECK(billing::cost_nanousd(usage, k_sonnet) == 9'165'000);
    CHECK(billing::cost_nanousd(usage, k_sonnet, 800'000) == 7'332'000); // pro plan ×0.8
    // saved: 1800 × (3 − 0.30) = 4,860 USD/M → 4,860,000 nano-USD
    CHECK(billing::cache_savings_nanousd(usage, k_sonnet) == 4'860'000);
  }

  TEST_CASE("OpenAI usage, normalised (prompt 2006 incl. 1920 cached): no double charge")
  {
    // 86×2.5 + 1920×1.25 + 300×10 = 5,615 USD/M
    const model::Usage usage{.input_tokens = 86, .cache_read_tokens = 1920, .output_tokens = 300};
    CHECK(billing::cost_nanousd(usage, k_gpt4o) == 5'615'000);
    // The classic bug (prompt_tokens all at full price plus cached again) would give 10,415,000.
    CHECK(billing::cost_nanousd(usage, k_gpt4o) != 10'415'000);
  }

  TEST_CASE("1 h cache writes at their own rate; rounding once, half up; huge counts exact")
  {
    const model::Usage usage{.cache_write_tokens = 300, .cache_write_1h_tokens = 100};
    CHECK(billing::cost_nanousd(usage, k_sonnet) == 200 * 3750 + 100 * 6000);
    CHECK(billing::cost_nanousd({.input_tokens = 1}, {.prompt = 1'499'999}) == 1);
    CHECK(billing::cost_nanousd({.input_tokens = 1}, {.prompt = 1'500'000}) == 2);
    const model::Usage huge{.output_tokens = 2'000'000'000};
    CHECK(billing::cost_nanousd(huge, {.completion = usd(75)}) == 150'000'000'000'000);
  }
}

TEST_SUITE("billing::PriceBook")
{
  TEST_CASE("prices in force at the request's time; date suffixes; unpriced models")
  {
    billing::PriceBook book;
    book.load({{"claude-sonnet-4-5", "anthropic", 0, k_sonnet},
               {"claude-sonnet-4-5", "anthropic", 2000, {.prompt = usd(2)}},
               {"gpt-4o", "openai", 0, k_gpt4o}});
    CHECK(book.find("claude-sonnet-4-5", "anthropic", 1999) == k_sonnet);
    CHECK(book.find("claude-sonnet-4-5", "anthropic", 2000)->prompt == usd(2));
    CHECK(book.find("claude-sonnet-4-5-20250929", "anthropic", 10) == k_sonnet);
    CHECK(book.find("gpt-4o-2024-08-06", "openai", 10) == k_gpt4o);
    CHECK(book.find("gpt-4o", "openai-compatible", 10) == k_gpt4o); // any provider as a fallback
    CHECK_FALSE(book.find("llama-3", "openai-compatible", 10).has_value());
    CHECK(billing::without_date_suffix("o3") == "");
  }

  TEST_CASE("the seeded list prices load from a migrated database")
  {
    auto db = store::Database::open(":memory:");
    REQUIRE(db);
    REQUIRE(store::migrate(*db));
    billing::PriceBook book;
    REQUIRE(book.load_from(*db));
    auto sonnet = book.find("claude-sonnet-4-5", "anthropic", 1'800'000'000);
    REQUIRE(sonnet);
    CHECK(*sonnet == k_sonnet);
    auto mini = book.find("gpt-4o-mini", "openai", 1'800'000'000);
    REQUIRE(mini);
    CHECK(mini->cache_read == usd(0.075));
  }
}
