// store::Database, Statement, Transaction against real SQLite files in the test's scratch dir.

#include "core/store/database.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using tokenrouter::ErrorCode;
using tokenrouter::store::Database;
using tokenrouter::store::OpenOptions;
using tokenrouter::store::Statement;
using tokenrouter::store::Transaction;

namespace {

std::string scratch(const std::string& name)
{
  return (fs::current_path() / "store-db" / name).string();
}

Database open_or_die(const std::string& path, OpenOptions options = {})
{
  auto db = Database::open(path, options);
  REQUIRE_MESSAGE(db.has_value(), (db ? "" : db.error().message));
  return std::move(*db);
}

std::string pragma_text(Database& db, const char* sql)
{
  auto st = db.prepare(sql);
  REQUIRE(st.has_value());
  REQUIRE(st->step().value_or(false));
  return st->column_text(0);
}

} // namespace

TEST_SUITE("store::Database")
{
  TEST_CASE("open creates parent directories 0700, a 0600 file, WAL and foreign keys")
  {
    const std::string path = scratch("a/b/c/test.db");
    Database db = open_or_die(path);
    CHECK(fs::exists(path));

    struct stat info {};

    REQUIRE(::stat(scratch("a/b").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(pragma_text(db, "PRAGMA journal_mode") == "wal");
    CHECK(pragma_text(db, "PRAGMA foreign_keys") == "1");
    CHECK(pragma_text(db, "PRAGMA synchronous") == "1"); // NORMAL
    CHECK(pragma_text(db, "PRAGMA busy_timeout") == "5000");
    CHECK(db.path() == path);
  }

  TEST_CASE("in-memory databases work")
  {
    Database db = open_or_die(":memory:");
    CHECK(db.exec("CREATE TABLE t (x INTEGER) STRICT").has_value());
  }

  TEST_CASE("an unopenable path is a clean storage error naming the path")
  {
    SUBCASE("a directory where the file should be")
    {
      const std::string dir = scratch("is-a-dir");
      fs::create_directories(dir);
      auto db = Database::open(dir);
      REQUIRE_FALSE(db.has_value());
      CHECK(db.error().code == ErrorCode::storage);
      CHECK(db.error().message.find(dir) != std::string::npos);
    }
    SUBCASE("a path under a regular file")
    {
      fs::create_directories(scratch(""));
      const std::string file = scratch("plain-file");
      std::ofstream(file) << "x";
      auto db = Database::open(file + "/sub/test.db");
      REQUIRE_FALSE(db.has_value());
      CHECK(db.error().code == ErrorCode::storage);
      CHECK(db.error().message.find("not a directory") != std::string::npos);
    }
    SUBCASE("a file that is not a database")
    {
      fs::create_directories(scratch(""));
      const std::string file = scratch("garbage.db");
      std::ofstream(file) << std::string(4096, 'g');
      auto db = Database::open(file);
      REQUIRE_FALSE(db.has_value());
      CHECK(db.error().code == ErrorCode::storage);
      CHECK(db.error().message.find(file) != std::string::npos);
    }
    SUBCASE("read-only open of a missing file")
    {
      auto db = Database::open(scratch("missing.db"), OpenOptions{.read_only = true});
      REQUIRE_FALSE(db.has_value());
      CHECK(db.error().code == ErrorCode::storage);
    }
    SUBCASE("an empty path")
    {
      CHECK_FALSE(Database::open("").has_value());
    }
  }

  TEST_CASE("a read-only connection reads but cannot write")
  {
    const std::string path = scratch("ro.db");
    Database writer = open_or_die(path);
    REQUIRE(writer.exec("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (7)"));
    Database reader = open_or_die(path, OpenOptions{.read_only = true});
    CHECK(reader.read_only());
    auto st = reader.prepare("SELECT x FROM t");
    REQUIRE(st.has_value());
    REQUIRE(st->step().value_or(false));
    CHECK(st->column_int64(0) == 7);
    auto write = reader.exec("INSERT INTO t VALUES (8)");
    REQUIRE_FALSE(write.has_value());
    CHECK(write.error().code == ErrorCode::storage);
  }

  TEST_CASE("exec and prepare report SQL errors with the path")
  {
    Database db = open_or_die(scratch("err.db"));
    auto bad = db.exec("CREATE TABLE");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().code == ErrorCode::storage);
    CHECK(bad.error().message.find(scratch("err.db")) == 0);
    auto st = db.prepare("SELECT * FROM no_such_table");
    REQUIRE_FALSE(st.has_value());
    CHECK(st.error().message.find("no such table: no_such_table") != std::string::npos);
  }

  TEST_CASE("data_version changes when another connection commits")
  {
    const std::string path = scratch("dv.db");
    Database a = open_or_die(path);
    Database b = open_or_die(path);
    REQUIRE(a.exec("CREATE TABLE t (x INTEGER) STRICT"));
    const auto before = b.data_version();
    REQUIRE(before.has_value());
    REQUIRE(a.exec("INSERT INTO t VALUES (1)"));
    const auto after = b.data_version();
    REQUIRE(after.has_value());
    CHECK(*after != *before);
    CHECK(b.data_version().value() == *after); // unchanged without new commits
  }

  TEST_CASE("a moved-from database is closed, the target keeps working")
  {
    Database a = open_or_die(":memory:");
    Database b = std::move(a);
    CHECK_FALSE(a.is_open()); // NOLINT(bugprone-use-after-move): checking the moved-from state
    CHECK(b.is_open());
    CHECK(b.exec("SELECT 1").has_value());
  }
}

TEST_SUITE("store::Statement")
{
  TEST_CASE("binds and reads every type")
  {
    Database db = open_or_die(":memory:");
    REQUIRE(db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n INTEGER) STRICT"));
    auto ins = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)");
    REQUIRE(ins.has_value());
    const std::string blob("\x00\x01\xff", 3);
    ins->bind(1, int64_t{9'000'000'000'000}).bind(2, 2.5).bind(3, std::string_view("héllo"));
    ins->bind_blob(4, blob).bind(5, nullptr);
    REQUIRE(ins->run().has_value());
    CHECK(db.changes() == 1);
    CHECK(db.last_insert_rowid() == 1);

    auto sel = db.prepare("SELECT i, r, s, b, n FROM t");
    REQUIRE(sel.has_value());
    REQUIRE(sel->step().value());
    CHECK(sel->column_count() == 5);
    CHECK(sel->column_int64(0) == 9'000'000'000'000);
    CHECK(sel->column_double(1) == 2.5);
    CHECK(sel->column_text(2) == "héllo");
    CHECK(sel->column_blob(3) == blob);
    CHECK(sel->column_is_null(4));
    CHECK_FALSE(sel->column_optional_int64(4).has_value());
    CHECK(sel->column_optional_text(2) == "héllo");
    CHECK_FALSE(sel->step().value());
  }

  TEST_CASE("named parameters, bind_all, optional and reuse after reset")
  {
    Database db = open_or_die(":memory:");
    REQUIRE(db.exec("CREATE TABLE t (k TEXT, v INTEGER) STRICT"));
    auto ins = db.prepare("INSERT INTO t VALUES (:k, :v)");
    REQUIRE(ins.has_value());
    ins->bind(":k", "a").bind(":v", 1);
    REQUIRE(ins->run());
    ins->reset();
    ins->bind_all("b", std::optional<int64_t>{});
    REQUIRE(ins->run());

    auto sel = db.prepare("SELECT count(*), count(v) FROM t WHERE k IN (?1, ?2)");
    REQUIRE(sel.has_value());
    sel->bind_all("a", std::string("b"));
    REQUIRE(sel->step().value());
    CHECK(sel->column_int64(0) == 2);
    CHECK(sel->column_int64(1) == 1);
  }

  TEST_CASE("a bind error is reported by step")
  {
    Database db = open_or_die(":memory:");
    auto st = db.prepare("SELECT ?1");
    REQUIRE(st.has_value());
    SUBCASE("index out of range")
    {
      st->bind(3, 1);
    }
    SUBCASE("unknown name")
    {
      st->bind(":nope", 1);
    }
    auto row = st->step();
    REQUIRE_FALSE(row.has_value());
    CHECK(row.error().code == ErrorCode::storage);
  }

  TEST_CASE("a constraint violation is a storage error and the statement stays usable")
  {
    Database db = open_or_die(":memory:");
    REQUIRE(db.exec("CREATE TABLE t (k TEXT PRIMARY KEY) STRICT"));
    auto ins = db.prepare("INSERT INTO t VALUES (?1)");
    REQUIRE(ins.has_value());
    ins->bind(1, "x");
    REQUIRE(ins->run());
    ins->reset();
    auto dup = ins->run();
    REQUIRE_FALSE(dup.has_value());
    CHECK(dup.error().message.find("UNIQUE constraint failed") != std::string::npos);
    ins->reset();
    ins->bind(1, "y");
    CHECK(ins->run().has_value());
  }

  TEST_CASE("STRICT tables refuse a wrong type")
  {
    Database db = open_or_die(":memory:");
    REQUIRE(db.exec("CREATE TABLE t (i INTEGER) STRICT"));
    auto ins = db.prepare("INSERT INTO t VALUES (?1)");
    REQUIRE(ins.has_value());
    ins->bind(1, "not a number");
    CHECK_FALSE(ins->run().has_value());
  }
}

TEST_SUITE("store::Transaction")
{
  TEST_CASE("destroyed uncommitted rolls back; commit keeps")
  {
    Database db = open_or_die(scratch("tx.db"));
    REQUIRE(db.exec("CREATE TABLE t (x INTEGER) STRICT"));
    {
      auto tx = Transaction::begin(db);
      REQUIRE(tx.has_value());
      CHECK(db.in_transaction());
      REQUIRE(db.exec("INSERT INTO t VALUES (1)"));
    }
    CHECK_FALSE(db.in_transaction());
    {
      auto tx = Transaction::begin(db);
      REQUIRE(tx.has_value());
      REQUIRE(db.exec("INSERT INTO t VALUES (2)"));
      REQUIRE(tx->commit().has_value());
      CHECK_FALSE(tx->commit().has_value()); // twice is a bug, reported
    }
    auto st = db.prepare("SELECT group_concat(x) FROM t");
    REQUIRE(st.has_value());
    REQUIRE(st->step().value());
    CHECK(st->column_text(0) == "2");
  }

  TEST_CASE("BEGIN IMMEDIATE takes the write lock: a second writer times out cleanly")
  {
    const std::string path = scratch("lock.db");
    Database a = open_or_die(path);
    Database b = open_or_die(path, OpenOptions{.busy_timeout_ms = 50});
    auto tx = Transaction::begin(a);
    REQUIRE(tx.has_value());
    auto second = Transaction::begin(b);
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().code == ErrorCode::storage);
    CHECK(second.error().message.find("locked") != std::string::npos);
  }
}
