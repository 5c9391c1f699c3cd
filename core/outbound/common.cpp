#include "core/outbound/common.hpp"

namespace tokenrouter::outbound::detail {

Json start_object(const Json& extra, bool same)
{
  if (same && extra.is_object()) {
    return extra;
  }
  return Json::object();
}

std::string join_text(const BlockRefs& blocks)
{
  std::string out;
  bool first = true;
  for (const auto* block : blocks) {
    if (block->kind != model::Block::Kind::text) {
      continue;
    }
    if (!first) {
      out += '\n';
    }
    out += block->text;
    first = false;
  }
  return out;
}

bool is_plain_text(const BlockRefs& blocks)
{
  return blocks.size() == 1 && blocks[0]->kind == model::Block::Kind::text &&
         blocks[0]->cache_control.is_null() &&
         (blocks[0]->extra.is_null() || blocks[0]->extra.empty());
}

BlockRefs select(const std::vector<model::Block>& blocks, model::Block::Kind skip_a,
                 model::Block::Kind skip_b)
{
  BlockRefs out;
  out.reserve(blocks.size());
  for (const auto& block : blocks) {
    if (block.kind != skip_a && block.kind != skip_b) {
      out.push_back(&block);
    }
  }
  return out;
}

namespace {

// source[key] when it is a string, else "" (the source object is the client's, unchecked).
std::string_view string_field(const Json& object, std::string_view key)
{
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                               : std::string_view();
}

} // namespace

std::string url_from_image_source(const Json& source)
{
  if (!source.is_object()) {
    return {};
  }
  const std::string_view type = string_field(source, "type");
  if (type == "base64") {
    const std::string_view media_type = string_field(source, "media_type");
    const std::string_view data = string_field(source, "data");
    std::string url;
    url.reserve(media_type.size() + data.size() + 13);
    url.append("data:").append(media_type).append(";base64,").append(data);
    return url;
  }
  if (type == "url") {
    return std::string(string_field(source, "url"));
  }
  return {};
}

std::string anthropic_tool_id(std::string_view id)
{
  std::string out(id);
  for (char& c : out) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) {
      c = '_';
    }
  }
  return out;
}

Json empty_object_schema()
{
  return Json{{"type", "object"}, {"properties", Json::object()}};
}

} // namespace tokenrouter::outbound::detail
