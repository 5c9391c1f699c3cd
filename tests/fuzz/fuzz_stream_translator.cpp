// Every stream translator on arbitrary upstream bytes: the first byte picks the direction and
// the read size, the rest is the upstream stream. Whatever arrives, the translator must end
// well (take_tail or fail) without crashing.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "core/stream/translator.hpp"

using namespace tokenrouter;
using model::Dialect;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  if (size == 0) {
    return 0;
  }
  static constexpr std::pair<Dialect, Dialect> k_directions[] = {
      {Dialect::openai_chat, Dialect::openai_chat},
      {Dialect::openai_chat, Dialect::anthropic_messages},
      {Dialect::anthropic_messages, Dialect::anthropic_messages},
      {Dialect::anthropic_messages, Dialect::openai_chat},
      {Dialect::openai_chat, Dialect::openai_responses},
      {Dialect::anthropic_messages, Dialect::openai_responses},
      {Dialect::openai_responses, Dialect::openai_responses},
  };
  const auto [upstream, client] = k_directions[data[0] % std::size(k_directions)];
  const size_t step = 1 + (data[0] >> 3);
  stream::TranslateOptions options;
  options.upstream = upstream;
  options.client = client;
  options.client_model = "client-model";
  options.client_include_usage = (data[0] & 4) != 0;
  options.response_id = "resp_fuzz";
  auto translator = stream::make_stream_translator(options);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (size_t at = 0; at < text.size(); at += step) {
    (void)translator->feed(text.substr(at, step));
  }
  (void)translator->usage();
  if (translator->complete()) {
    (void)translator->take_tail();
  } else {
    (void)translator->fail({ErrorCode::upstream_failed, "the upstream ended early"});
  }
  return 0;
}
