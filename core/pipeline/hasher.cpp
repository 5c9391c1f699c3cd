#include "core/pipeline/hasher.hpp"

#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::pipeline {

namespace {

void feed(std::string& text, std::string_view part)
{
  text += part;
  text += '\n';
}

void feed_messages(std::string& text, const Rendered& rendered, const MessageRange& range)
{
  for (size_t i = range.begin; i < range.end; ++i) {
    feed(text, rendered.messages[i]);
  }
}

} // namespace

Hashes hash_request(const model::Envelope& envelope, const Chunks& chunks)
{
  return hash_request(envelope, chunks, render(envelope));
}

Hashes hash_request(const model::Envelope& envelope, const Chunks& chunks, const Rendered& rendered)
{
  std::string text = "tools\n";
  for (const auto& tool : rendered.tools) {
    feed(text, tool);
  }
  text += "system\n";
  feed(text, rendered.system);
  feed_messages(text, rendered, chunks.system);
  Hashes out;
  out.static_hash = util::sha256_hex(text);
  text += "history\n";
  feed_messages(text, rendered, chunks.history);
  out.prefix_hash = util::sha256_hex(text);
  feed_messages(text, rendered, chunks.current);
  text += "parameters\n";
  feed(text, canonical_dump(logical_parameters(envelope)));
  out.full_hash = util::sha256_hex(text);
  return out;
}

} // namespace tokenrouter::pipeline
