#pragma once
// Aligned text tables for human output.

#include <ostream>
#include <string>
#include <vector>

namespace tokenrouter::cli {

class Table {
public:
  explicit Table(std::vector<std::string> header) : m_header(std::move(header)) {}
  void add_row(std::vector<std::string> row) { m_rows.push_back(std::move(row)); }
  bool empty() const { return m_rows.empty(); }
  // Columns padded to their widest cell; the header bold when `color`.
  void print(std::ostream& out, bool color) const;

private:
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_rows;
};

// Colours only on a terminal and never with NO_COLOR set (https://no-color.org).
bool use_color();

// Display width of UTF-8 text (code points; good enough for our tables).
size_t display_width(const std::string& text);

} // namespace tokenrouter::cli
