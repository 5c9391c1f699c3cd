#pragma once
// A parsed TOML document as a small neutral tree with line numbers, so that only loader.cpp
// knows toml++ and the rest of the config code (key table, providers, models) is plain C++.

#include "core/util/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tokenrouter::config {

struct Field;

struct Node {
  enum class Type { boolean, integer, floating, string, array, table, datetime };

  Type type = Type::table;
  int line = 0; // 1-based line in the source, 0 = unknown (env, defaults)
  bool boolean = false;
  int64_t integer = 0;
  double floating = 0;
  std::string string;
  std::vector<Node> items;   // array
  std::vector<Field> fields; // table, in source order

  // The field named `key` of a table, or nullptr.
  const Node* find(std::string_view key) const;
};

struct Field {
  std::string key;
  Node value;
};

// "integer", "string", … for messages.
std::string_view type_name(Node::Type type);
// A short description of a value for messages: `string "x"`, `integer -3`, `array`.
std::string describe(const Node& node);

// Typed reads; the error message is the detail only ("expected an integer, got string \"x\"").
[[nodiscard]] Result<int64_t> as_integer(const Node& node);
[[nodiscard]] Result<bool> as_boolean(const Node& node);
[[nodiscard]] Result<std::string> as_string(const Node& node);
// An array of strings (possibly empty).
[[nodiscard]] Result<std::vector<std::string>> as_string_array(const Node& node);

} // namespace tokenrouter::config
