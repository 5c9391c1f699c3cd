#include <doctest/doctest.h>

#include "core/routing/router.hpp"

using namespace tokenrouter;

namespace {

config::Config two_providers()
{
  config::Config c;
  c.providers.push_back({.name = "oa", .kind = model::ProviderKind::openai, .base_url = "http://x/v1"});
  c.providers.push_back({.name = "an", .kind = model::ProviderKind::anthropic, .base_url = "http://y"});
  c.models.push_back({.name = "claude-*", .deployments = {{.provider = "an"}}});
  c.models.push_back({.name = "claude-special", .deployments = {{.provider = "oa", .upstream = "gpt-4o"}}});
  c.models.push_back({.name = "gpt-4o", .deployments = {{.provider = "oa"}}});
  return c;
}

} // namespace

TEST_SUITE("routing::Router")
{
  TEST_CASE("exact names win over globs, whatever their order")
  {
    const auto config = two_providers();
    routing::Router router(config);
    auto special = router.resolve("claude-special");
    REQUIRE(special);
    CHECK(special->provider->name == "oa");
    CHECK(special->upstream_model == "gpt-4o");
    auto glob = router.resolve("claude-sonnet-4-5");
    REQUIRE(glob);
    CHECK(glob->provider->name == "an");
    CHECK(glob->upstream_model == "claude-sonnet-4-5");
  }

  TEST_CASE("an unknown model is not_found and lists the available names")
  {
    const auto config = two_providers();
    routing::Router router(config);
    auto missing = router.resolve("llama-3");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == ErrorCode::not_found);
    CHECK(missing.error().message.find("claude-*, claude-special, gpt-4o") != std::string::npos);
  }
}
