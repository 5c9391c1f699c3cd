// [providers.pipeline]: per-provider switches over [pipeline] — parsing, errors naming
// file:line:key, `config show`, and the options a request to that provider gets.

#include "core/config/loader.hpp"
#include "core/config/show.hpp"
#include "core/pipeline/pipeline.hpp"

#include <doctest/doctest.h>

#include <string>

using tokenrouter::config::load_config_text;

namespace {

constexpr const char* k_two_providers = R"([pipeline]
arrange = true
cache_inject = true

[[providers]]
name = "an"
kind = "anthropic"
  [providers.pipeline]
  cache_inject = false
  dedup = false

[[providers]]
name = "oa"
kind = "openai"
pipeline = { arrange = false }

[[providers]]
name = "ds"
kind = "deepseek"
)";

std::string error_of(const std::string& toml)
{
  const auto config = load_config_text(toml, "/etc/tr.toml");
  REQUIRE_FALSE(config.has_value());
  return config.error().message;
}

const std::string k_provider = "[[providers]]\nname = \"a\"\nkind = \"openai\"\n";

} // namespace

TEST_SUITE("config::PipelineOverrides")
{
  TEST_CASE("a sub-table or an inline table sets only the keys it names")
  {
    const auto config = load_config_text(k_two_providers, "/etc/tr.toml");
    REQUIRE_MESSAGE(config.has_value(), (config ? "" : config.error().message));
    REQUIRE(config->providers.size() == 3);
    const auto& an = config->providers[0].pipeline;
    CHECK(an.cache_inject == false);
    CHECK(an.dedup == false);
    CHECK_FALSE(an.arrange.has_value());
    CHECK_FALSE(an.canonicalize.has_value());
    CHECK(config->providers[1].pipeline.arrange == false);
    CHECK_FALSE(config->providers[1].pipeline.cache_inject.has_value());
    CHECK(config->providers[2].pipeline == tokenrouter::config::PipelineOverrides{});
  }

  TEST_CASE("unknown keys and wrong types name file, line and key")
  {
    CHECK(error_of(k_provider + "[providers.pipeline]\ncache_injekt = false\n")
          == "/etc/tr.toml:5: unknown key [[providers]].pipeline.cache_injekt "
             "(did you mean cache_inject?)");
    CHECK(error_of(k_provider + "pipeline = { dedup_scope = \"global\" }\n")
          == "/etc/tr.toml:4: unknown key [[providers]].pipeline.dedup_scope");
    CHECK(error_of(k_provider + "[providers.pipeline]\narrange = \"no\"\n")
          == "/etc/tr.toml:5: [[providers]].pipeline.arrange: expected true or false, "
             "got string \"no\"");
    CHECK(error_of(k_provider + "pipeline = false\n")
          == "/etc/tr.toml:4: [[providers]].pipeline: expected a table, got boolean false");
  }

  TEST_CASE("config show prints the overrides a provider sets, and only those")
  {
    const auto config = load_config_text(k_two_providers, "/etc/tr.toml");
    REQUIRE(config.has_value());
    const auto json = tokenrouter::config::config_to_json(*config);
    CHECK(json["providers"][0]["pipeline"]
          == nlohmann::json({{"cache_inject", false}, {"dedup", false}}));
    CHECK(json["providers"][1]["pipeline"] == nlohmann::json({{"arrange", false}}));
    CHECK(json["providers"][2]["pipeline"] == nlohmann::json::object());
  }

  TEST_CASE("a request's options follow its provider's overrides, else [pipeline]")
  {
    const auto config = load_config_text(k_two_providers, "/etc/tr.toml");
    REQUIRE(config.has_value());
    namespace pipeline = tokenrouter::pipeline;
    const auto an = pipeline::options_for(config->pipeline, config->providers[0], "m", "k");
    CHECK_FALSE(an.cache_inject);
    CHECK(an.arrange);
    CHECK(an.canonicalize);
    const auto oa = pipeline::options_for(config->pipeline, config->providers[1], "m", "k");
    CHECK_FALSE(oa.arrange);
    CHECK(oa.cache_inject);
    CHECK(oa.injecting.provider == tokenrouter::model::ProviderKind::openai);
    const auto ds = pipeline::options_for(config->pipeline, config->providers[2], "m", "k");
    CHECK(ds.arrange);
    CHECK(ds.cache_inject);
    CHECK_FALSE(pipeline::effective_config(config->pipeline, config->providers[0].pipeline).dedup);
    CHECK(pipeline::effective_config(config->pipeline, config->providers[1].pipeline).dedup);
  }
}
