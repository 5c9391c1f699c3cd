#include "core/stream/usage_codec.hpp"

#include <algorithm>

namespace tokenrouter::stream {

namespace {

// Splits an inclusive prompt count into disjoint parts; never negative.
void split_prompt(model::Usage& usage, int64_t prompt, int64_t cached, int64_t written)
{
  usage.cache_read_tokens = std::max<int64_t>(cached, 0);
  usage.cache_write_tokens = std::max<int64_t>(written, 0);
  usage.input_tokens =
      std::max<int64_t>(prompt - usage.cache_read_tokens - usage.cache_write_tokens, 0);
}

} // namespace

model::Usage parse_openai_usage(const Json& usage)
{
  model::Usage out;
  const Json& prompt_details = member(usage, "prompt_tokens_details");
  int64_t cached = int_member(prompt_details, "cached_tokens");
  if (cached == 0) {
    cached = int_member(usage, "prompt_cache_hit_tokens"); // DeepSeek
  }
  split_prompt(out,
               int_member(usage, "prompt_tokens"),
               cached,
               int_member(prompt_details, "cache_write_tokens"));
  out.output_tokens = int_member(usage, "completion_tokens");
  out.reasoning_tokens =
      int_member(member(usage, "completion_tokens_details"), "reasoning_tokens");
  return out;
}

model::Usage parse_responses_usage(const Json& usage)
{
  model::Usage out;
  const Json& input_details = member(usage, "input_tokens_details");
  split_prompt(out,
               int_member(usage, "input_tokens"),
               int_member(input_details, "cached_tokens"),
               int_member(input_details, "cache_write_tokens"));
  out.output_tokens = int_member(usage, "output_tokens");
  out.reasoning_tokens = int_member(member(usage, "output_tokens_details"), "reasoning_tokens");
  return out;
}

model::Usage parse_anthropic_usage(const Json& usage)
{
  return merge_anthropic_usage(model::Usage{}, usage);
}

model::Usage merge_anthropic_usage(model::Usage base, const Json& usage)
{
  const auto update = [&usage](int64_t& field, std::string_view key) {
    if (member(usage, key).is_number()) {
      field = int_member(usage, key);
    }
  };
  update(base.input_tokens, "input_tokens");
  update(base.cache_read_tokens, "cache_read_input_tokens");
  update(base.cache_write_tokens, "cache_creation_input_tokens");
  update(base.output_tokens, "output_tokens");
  const Json& creation = member(usage, "cache_creation");
  if (member(creation, "ephemeral_1h_input_tokens").is_number()) {
    base.cache_write_1h_tokens = int_member(creation, "ephemeral_1h_input_tokens");
  }
  const Json& output_details = member(usage, "output_tokens_details");
  if (member(output_details, "thinking_tokens").is_number()) {
    base.reasoning_tokens = int_member(output_details, "thinking_tokens");
  }
  return base;
}

OrderedJson render_openai_usage(const model::Usage& usage)
{
  OrderedJson out;
  out["prompt_tokens"] = usage.prompt_total();
  out["completion_tokens"] = usage.output_tokens;
  out["total_tokens"] = usage.total();
  out["prompt_tokens_details"] = {{"cached_tokens", usage.cache_read_tokens},
                                  {"cache_write_tokens", usage.cache_write_tokens}};
  out["completion_tokens_details"] = {{"reasoning_tokens", usage.reasoning_tokens}};
  return out;
}

OrderedJson render_anthropic_usage(const model::Usage& usage)
{
  OrderedJson out;
  out["input_tokens"] = usage.input_tokens;
  out["cache_creation_input_tokens"] = usage.cache_write_tokens;
  out["cache_read_input_tokens"] = usage.cache_read_tokens;
  out["output_tokens"] = usage.output_tokens;
  return out;
}

} // namespace tokenrouter::stream
