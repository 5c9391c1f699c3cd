#include "core/config/node.hpp"

namespace tokenrouter::config {

const Node* Node::find(std::string_view key) const
{
  for (const Field& field : fields) {
    if (field.key == key) {
      return &field.value;
    }
  }
  return nullptr;
}

std::string_view type_name(Node::Type type)
{
  switch (type) {
  case Node::Type::boolean:
    return "boolean";
  case Node::Type::integer:
    return "integer";
  case Node::Type::floating:
    return "float";
  case Node::Type::string:
    return "string";
  case Node::Type::array:
    return "array";
  case Node::Type::table:
    return "table";
  case Node::Type::datetime:
    return "date-time";
  }
  return "value";
}

std::string describe(const Node& node)
{
  switch (node.type) {
  case Node::Type::boolean:
    return node.boolean ? "boolean true" : "boolean false";
  case Node::Type::integer:
    return "integer " + std::to_string(node.integer);
  case Node::Type::string:
    return "string \"" + node.string + "\"";
  default:
    return std::string(type_name(node.type));
  }
}

namespace {

tl::unexpected<Error> type_error(std::string_view expected, const Node& node)
{
  return fail(ErrorCode::config, "expected " + std::string(expected) + ", got " + describe(node));
}

} // namespace

Result<int64_t> as_integer(const Node& node)
{
  if (node.type != Node::Type::integer) {
    return type_error("an integer", node);
  }
  return node.integer;
}

Result<bool> as_boolean(const Node& node)
{
  if (node.type != Node::Type::boolean) {
    return type_error("true or false", node);
  }
  return node.boolean;
}

Result<std::string> as_string(const Node& node)
{
  if (node.type != Node::Type::string) {
    return type_error("a string", node);
  }
  return node.string;
}

Result<std::vector<std::string>> as_string_array(const Node& node)
{
  if (node.type != Node::Type::array) {
    return type_error("an array of strings", node);
  }
  std::vector<std::string> out;
  for (const Node& item : node.items) {
    if (item.type != Node::Type::string) {
      return type_error("an array of strings", item);
    }
    out.push_back(item.string);
  }
  return out;
}

} // namespace tokenrouter::config
