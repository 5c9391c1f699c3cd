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

std::string url_from_image_source(const Json& source)
{
  if (!source.is_object()) {
    return {};
  }
  const std::string type = source.value("type", "");
  if (type == "base64") {
    const auto data = source.find("data");
    std::string url = "data:" + source.value("media_type", "") + ";base64,";
    if (data != source.end() && data->is_string()) {
      url += data->get_ref<const std::string&>();
    }
    return url;
  }
  if (type == "url") {
    return source.value("url", "");
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
