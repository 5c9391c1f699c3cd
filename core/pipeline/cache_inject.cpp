#include "core/pipeline/cache_inject.hpp"

#include <array>
#include <compare>
#include <optional>
#include <vector>

#include "core/util/crypto.hpp"

namespace tokenrouter::pipeline {

namespace {

using model::Block;
using model::Json;
using model::Role;

// A block's place in the provider's order: section 0 tools, 1 top-level system, 2 messages.
struct Spot {
  int section = 0;
  size_t index = 0;
  size_t block = 0;

  auto operator<=>(const Spot&) const = default;
};

struct Candidate {
  Spot spot;
  Json* mark = nullptr; // the cache_control to set
  int64_t tokens = 0;   // estimated prefix tokens through this block
};

struct MinimumEntry {
  std::string_view pattern;
  int64_t tokens;
};

// protocols.md §5 (Claude API). Checked in order, first substring match wins.
constexpr std::array<MinimumEntry, 12> k_minimums{{
    {"haiku-4-5", 4096}, {"haiku-4.5", 4096}, {"opus-4-5", 4096}, {"opus-4-6", 4096},
    {"3-5-haiku", 2048}, {"haiku-3-5", 2048}, {"opus-4-7", 2048}, {"mythos-preview", 2048},
    {"opus-5", 512},     {"fable-5", 512},    {"mythos-5", 512},  {"sonnet", 1024},
}};

bool cacheable(const Block& block)
{
  switch (block.kind) {
  case Block::Kind::text: return !block.text.empty();
  case Block::Kind::thinking:
  case Block::Kind::redacted_thinking: return false; // cached only as part of later turns
  default: return true;
  }
}

bool hoisted(const model::Message& message)
{
  return message.role == Role::system || message.role == Role::developer;
}

void visit_marks(const std::vector<Block>& blocks, Spot spot, std::vector<std::pair<Spot, const Json*>>& out)
{
  for (size_t j = 0; j < blocks.size(); ++j) {
    spot.block = j;
    if (!blocks[j].cache_control.is_null()) {
      out.emplace_back(spot, &blocks[j].cache_control);
    }
    visit_marks(blocks[j].content, spot, out); // tool_result content: the enclosing block's spot
  }
}

std::vector<std::pair<Spot, const Json*>> client_marks(const model::Envelope& envelope)
{
  std::vector<std::pair<Spot, const Json*>> out;
  for (size_t i = 0; i < envelope.tools.size(); ++i) {
    if (!envelope.tools[i].cache_control.is_null()) {
      out.emplace_back(Spot{0, i, 0}, &envelope.tools[i].cache_control);
    }
  }
  visit_marks(envelope.system, Spot{1, 0, 0}, out);
  for (size_t i = 0; i < envelope.messages.size(); ++i) {
    visit_marks(envelope.messages[i].content, Spot{2, i, 0}, out);
  }
  return out;
}

// The last client breakpoint with a 1-hour TTL: 5-minute ones may not precede it.
std::optional<Spot> last_one_hour(const model::Envelope& envelope)
{
  std::optional<Spot> out;
  for (const auto& [spot, mark] : client_marks(envelope)) {
    if (mark->is_object() && mark->value("ttl", "") == "1h" && (!out || *out < spot)) {
      out = spot;
    }
  }
  return out;
}

// The last cacheable block of messages [begin, end), searching backwards.
std::optional<Candidate> last_block_in(model::Envelope& envelope, const Chunks& chunks, size_t begin,
                                       size_t end)
{
  for (size_t i = end; i-- > begin;) {
    auto& message = envelope.messages[i];
    if (hoisted(message)) {
      continue;
    }
    for (size_t j = message.content.size(); j-- > 0;) {
      if (cacheable(message.content[j])) {
        return Candidate{{2, i, j}, &message.content[j].cache_control, chunks.tokens_through(i)};
      }
    }
  }
  return std::nullopt;
}

std::optional<Candidate> last_text(std::vector<Block>& blocks, Spot spot, int64_t tokens)
{
  for (size_t j = blocks.size(); j-- > 0;) {
    if (blocks[j].kind == Block::Kind::text && !blocks[j].text.empty()) {
      spot.block = j;
      return Candidate{spot, &blocks[j].cache_control, tokens};
    }
  }
  return std::nullopt;
}

std::optional<Candidate> system_end(model::Envelope& envelope, const Chunks& chunks)
{
  const int64_t tokens = chunks.tool_tokens + chunks.system_tokens;
  for (size_t i = chunks.system.end; i-- > chunks.system.begin;) {
    if (auto found = last_text(envelope.messages[i].content, Spot{2, i, 0}, tokens)) {
      return found;
    }
  }
  return last_text(envelope.system, Spot{1, 0, 0}, tokens);
}

// Only function tools carry their own cache_control on the wire (hosted tools go verbatim).
std::optional<Candidate> tools_end(model::Envelope& envelope, const Chunks& chunks)
{
  for (size_t i = envelope.tools.size(); i-- > 0;) {
    if (envelope.tools[i].type.empty()) {
      return Candidate{{0, i, 0}, &envelope.tools[i].cache_control, chunks.tool_tokens};
    }
  }
  return std::nullopt;
}

model::Envelope inject_anthropic(model::Envelope envelope, const Chunks& chunks, int64_t minimum)
{
  int used = count_breakpoints(envelope);
  const auto one_hour = last_one_hour(envelope);
  std::array<std::optional<Candidate>, 4> candidates{
      envelope.cache_control.is_null()
          ? last_block_in(envelope, chunks, chunks.current.begin, chunks.current.end)
          : std::nullopt,
      last_block_in(envelope, chunks, chunks.history.begin, chunks.history.end),
      system_end(envelope, chunks),
      tools_end(envelope, chunks),
  };
  for (const auto& candidate : candidates) {
    if (used >= k_max_breakpoints) {
      break;
    }
    if (!candidate || candidate->tokens < minimum || !candidate->mark->is_null()
        || (one_hour && candidate->spot < *one_hour)) {
      continue;
    }
    *candidate->mark = Json{{"type", "ephemeral"}};
    ++used;
  }
  return envelope;
}

} // namespace

int64_t min_cacheable_tokens(std::string_view model)
{
  for (const auto& entry : k_minimums) {
    if (model.find(entry.pattern) != std::string_view::npos) {
      return entry.tokens;
    }
  }
  return 1024;
}

int count_breakpoints(const model::Envelope& envelope)
{
  const auto marks = client_marks(envelope);
  return static_cast<int>(marks.size()) + (envelope.cache_control.is_null() ? 0 : 1);
}

std::string prompt_cache_key(std::string_view key_id, std::string_view static_hash)
{
  std::string seed(key_id);
  seed += '\n';
  seed += static_hash;
  return "tkr-" + util::sha256_hex(seed).substr(0, 32);
}

model::Envelope inject_cache(model::Envelope envelope,
                             const Chunks& chunks,
                             const Hashes& hashes,
                             const InjectOptions& options)
{
  switch (options.provider) {
  case model::ProviderKind::anthropic:
    return inject_anthropic(std::move(envelope), chunks, min_cacheable_tokens(options.upstream_model));
  case model::ProviderKind::openai:
    if (envelope.prompt_cache_key.empty()) {
      envelope.prompt_cache_key = prompt_cache_key(options.key_id, hashes.static_hash);
    }
    return envelope;
  case model::ProviderKind::deepseek:
  case model::ProviderKind::openai_compatible: return envelope;
  }
  return envelope;
}

} // namespace tokenrouter::pipeline
