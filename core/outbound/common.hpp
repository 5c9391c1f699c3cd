#pragma once
// Helpers shared by the outbound builders (internal to core/outbound).
//
// Rule of every builder: fields the Envelope models are written for any source dialect where the
// target has a slot for them; `extra` (unknown fields, at every level) is replayed only when the
// target speaks the dialect the client spoke (`same`), since it may be foreign to the upstream.

#include <string>
#include <vector>

#include "core/model/envelope.hpp"
#include "core/outbound/build.hpp"

namespace tokenrouter::outbound::detail {

using model::Json;

struct Context {
  const model::Envelope& envelope;
  const BuildOptions& options;
  bool same = false; // the upstream speaks the client's dialect: replay extras verbatim
};

// A copy of `extra` to start an object from when `same`, else an empty object.
Json start_object(const Json& extra, bool same);

// A selection of a message's blocks, without copying them.
using BlockRefs = std::vector<const model::Block*>;

// Text blocks' texts joined with '\n' (other blocks are skipped).
std::string join_text(const BlockRefs& blocks);

// True when `blocks` is one text block without cache_control or extra: it can be a plain string.
bool is_plain_text(const BlockRefs& blocks);

// The blocks of `blocks` whose kind is not `skip_a` or `skip_b`.
BlockRefs select(const std::vector<model::Block>& blocks, model::Block::Kind skip_a,
                 model::Block::Kind skip_b);

// Anthropic image source → OpenAI image_url url (a data URL for base64); "" for file sources.
std::string url_from_image_source(const Json& source);

// A tool_use id Anthropic accepts (^[a-zA-Z0-9_-]+$): other characters become '_'.
std::string anthropic_tool_id(std::string_view id);

// A JSON Schema for a tool that declared none.
Json empty_object_schema();

} // namespace tokenrouter::outbound::detail
