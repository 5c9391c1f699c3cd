#pragma once
// The first column of the first row of `sql` on the database file at `db_path` (a test's
// read of what the daemon recorded); fails the test if the query does not run or has no row.

#include <cstdint>
#include <string>

namespace tokenrouter::testing {

int64_t db_scalar(const std::string& db_path, const std::string& sql);

} // namespace tokenrouter::testing
