#include "tests/support/db_scalar.hpp"

#include <doctest/doctest.h>

#include "core/store/database.hpp"

namespace tokenrouter::testing {

int64_t db_scalar(const std::string& db_path, const std::string& sql)
{
  auto db = store::Database::open(db_path);
  REQUIRE(db);
  auto st = db->prepare(sql);
  REQUIRE(st);
  auto row = st->step();
  REQUIRE(row);
  REQUIRE(*row);
  return st->column_int64(0);
}

} // namespace tokenrouter::testing
