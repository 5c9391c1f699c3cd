// default_config_text: generated from the key table, so the documented defaults are the real ones.

#include "core/config/keys.hpp"
#include "core/config/show.hpp"

namespace tokenrouter::config {

namespace {

constexpr std::string_view k_header =
    R"(# tokenrouter configuration (TOML), written by `tokenrouter config init`.
# Every key is shown commented out with its built-in default: uncomment a line to change it.
# Unknown keys and wrong types are errors naming the file, line and key (`tokenrouter config check`).
# Found at: --config FILE, else $TOKENROUTER_CONFIG, else $XDG_CONFIG_HOME/tokenrouter/config.toml
# (~/.config/tokenrouter/config.toml). Priority: defaults < this file < environment < flags.
)";

constexpr std::string_view k_examples = R"(
# Providers: where requests go. Without any [[providers]], each of OPENAI_API_KEY,
# ANTHROPIC_API_KEY and DEEPSEEK_API_KEY that is set enables its provider, serving gpt-*/o1*/
# o3*/o4*/chatgpt-*, claude-* and deepseek-* respectively.
#
# [[providers]]
# name = "anthropic"
# kind = "anthropic"                 # openai | anthropic | deepseek | openai-compatible
# base_url = "https://api.anthropic.com"  # the kind's default; required for openai-compatible
# api_key_env = "ANTHROPIC_API_KEY"  # a variable name, or a list of names for a credential pool
# # credential = "passthrough"       # forward the client's own upstream credential instead
# # acquire_command = ["/usr/local/bin/fetch-token"]  # prints a fresh credential on stdout
# # [[providers.credentials]]        # instead of api_key_env: credentials with a priority
# # env = "ANTHROPIC_POOL_KEY"
# # priority = "pool"                # primary | pool
# # [providers.pipeline]             # this provider's [pipeline] switches; unset = as [pipeline]
# # cache_inject = false             # arrange | canonicalize | cache_inject | dedup
#
# Models: what clients may ask for, and where each name is served.
#
# [[models]]
# name = "claude-sonnet-4-5"         # exact name, or a glob like "claude-*"
# provider = "anthropic"             # shorthand for one deployment
# upstream = "claude-sonnet-4-5"     # optional: the name sent upstream
# fallbacks = []                     # other [[models]] names, tried in order before the first byte
# context_window = 0                 # 0 = unknown
# max_output_tokens = 0              # 0 = unknown
# # [[models.deployments]]           # instead of provider: several deployments
# # provider = "anthropic"
# # upstream = "claude-sonnet-4-5"
# # weight = 1
# # capacity_tpm = 0                 # tokens per minute; 0 = unlimited
# # capacity_concurrent_tokens = 0   # 0 = unlimited
)";

} // namespace

std::string default_config_text()
{
  const Config defaults;
  std::string out(k_header);
  std::string_view section;
  for (const KeyInfo& info : key_table()) {
    if (info.section != section) {
      section = info.section;
      out += "\n[" + std::string(section) + "]\n";
    }
    out += "# " + std::string(info.doc);
    if (!info.env.empty()) {
      out += " (env: " + std::string(info.env) + ")";
    }
    out += "\n# " + std::string(info.key) + " = " + info.get(defaults).dump() + "\n";
  }
  out += k_examples;
  return out;
}

} // namespace tokenrouter::config
