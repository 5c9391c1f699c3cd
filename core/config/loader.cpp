// toml++ adapter: parse, convert to the neutral Node tree (with lines), hand to config_from_node.

#include "core/config/loader.hpp"

#include "core/config/fields.hpp"
#include "core/config/node.hpp"
#include "core/config/parse.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tokenrouter::config {

namespace {

int line_of(const toml::node& node)
{
  return static_cast<int>(node.source().begin.line);
}

Node to_node(const toml::node& in);

Node table_to_node(const toml::table& table)
{
  Node out;
  out.type = Node::Type::table;
  out.line = line_of(table);
  for (const auto& [key, value] : table) {
    out.fields.push_back(Field{std::string(key.str()), to_node(value)});
  }
  // toml::table is ordered by key; report problems in the order of the file instead.
  std::stable_sort(out.fields.begin(), out.fields.end(), [](const Field& a, const Field& b) {
    return a.value.line < b.value.line;
  });
  return out;
}

Node to_node(const toml::node& in)
{
  if (const auto* table = in.as_table()) {
    return table_to_node(*table);
  }
  Node out;
  out.line = line_of(in);
  if (const auto* array = in.as_array()) {
    out.type = Node::Type::array;
    for (const toml::node& item : *array) {
      out.items.push_back(to_node(item));
    }
  } else if (const auto* text = in.as_string()) {
    out.type = Node::Type::string;
    out.string = text->get();
  } else if (const auto* integer = in.as_integer()) {
    out.type = Node::Type::integer;
    out.integer = integer->get();
  } else if (const auto* boolean = in.as_boolean()) {
    out.type = Node::Type::boolean;
    out.boolean = boolean->get();
  } else if (const auto* floating = in.as_floating_point()) {
    out.type = Node::Type::floating;
    out.floating = floating->get();
  } else {
    out.type = Node::Type::datetime;
  }
  return out;
}

} // namespace

Result<Config> load_config_text(std::string_view toml, const std::string& source_name)
{
  toml::table root;
  try {
    root = toml::parse(toml, source_name);
  } catch (const toml::parse_error& error) {
    return config_error(source_name,
                        static_cast<int>(error.source().begin.line),
                        "TOML syntax error: " + std::string(error.description()));
  }
  return config_from_node(table_to_node(root), source_name);
}

Result<Config> load_config_file(const std::string& path)
{
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return fail(ErrorCode::config, path + ": cannot read config file: is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(ErrorCode::config, path + ": cannot read config file: " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_config_text(text.str(), path);
}

} // namespace tokenrouter::config
