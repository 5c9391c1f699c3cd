#include "core/pipeline/hasher.hpp"

#include "core/pipeline/canonicalizer.hpp"
#include "core/pipeline/logical.hpp"
#include "core/util/crypto.hpp"

namespace tokenrouter::pipeline {

namespace {

void feed(std::string& text, const model::Json& part)
{
  text += canonical_dump(part);
  text += '\n';
}

void feed_messages(std::string& text, const model::Envelope& envelope, const MessageRange& range)
{
  for (size_t i = range.begin; i < range.end; ++i) {
    feed(text, logical_message(envelope.messages[i]));
  }
}

} // namespace

Hashes hash_request(const model::Envelope& envelope, const Chunks& chunks)
{
  std::string text = "tools\n";
  for (const auto& tool : envelope.tools) {
    feed(text, logical_tool(tool));
  }
  text += "system\n";
  feed(text, logical_system(envelope.system));
  feed_messages(text, envelope, chunks.system);
  Hashes out;
  out.static_hash = util::sha256_hex(text);
  text += "history\n";
  feed_messages(text, envelope, chunks.history);
  out.prefix_hash = util::sha256_hex(text);
  feed_messages(text, envelope, chunks.current);
  text += "parameters\n";
  feed(text, logical_parameters(envelope));
  out.full_hash = util::sha256_hex(text);
  return out;
}

} // namespace tokenrouter::pipeline
