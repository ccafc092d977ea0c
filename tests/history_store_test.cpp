// The SQLite history: the store contract (history_contract.hpp), its schema, several writer
// processes at once, and the files it must refuse without touching: corrupt, locked, newer.
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "cli/history_command.hpp"
#include "history/history_stores.hpp"
#include "history_contract.hpp"

namespace fs = std::filesystem;
using namespace gpuprobe;

namespace {

class SqliteHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gpuprobe-history-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name = "history.sqlite") const {
    return (dir_ / name).string();
  }
  fs::path dir_;
};

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A second connection, as another writer would hold it: the write lock kept until destroyed.
struct WriteLock {
  explicit WriteLock(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  }
  ~WriteLock() { sqlite3_close(db); }
  sqlite3* db = nullptr;
};

}  // namespace

TEST_F(SqliteHistory, SavesListsTrendsAndExports) {
  auto store = open_history_store(path());
  EXPECT_EQ(store->describe(), path());
  test::check_save_list_trend_export(*store);
  // A second opening sees the same runs (nothing is kept only in memory).
  EXPECT_EQ(open_history_store(path())->list_runs(0).size(), 2u);
}

TEST_F(SqliteHistory, FleetReportNamesTheSlowHostOnly) {
  auto store = open_history_store(path());
  test::check_fleet_outliers(*store);
}

TEST_F(SqliteHistory, SchemaAndWalAreSetUpOnFirstUse) {
  open_history_store(path("sub/dir/history.sqlite"));  // the directories are made too
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path("sub/dir/history.sqlite").c_str(), &db), SQLITE_OK);
  std::string mode, version;
  sqlite3_exec(
      db, "PRAGMA journal_mode",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) = values[0];
        return 0;
      },
      &mode, nullptr);
  sqlite3_exec(
      db, "SELECT version FROM schema_version",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) += values[0];
        return 0;
      },
      &version, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(version, std::to_string(kHistorySchemaVersion));
}

TEST_F(SqliteHistory, DefaultPathFollowsXdgDataHome) {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  const std::string saved_xdg = xdg ? xdg : "", saved_home = home ? home : "";
  setenv("XDG_DATA_HOME", "/some/where", 1);
  EXPECT_EQ(default_history_path(), "/some/where/gpuprobe/history.sqlite");
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", "/home/u", 1);
  EXPECT_EQ(default_history_path(), "/home/u/.local/share/gpuprobe/history.sqlite");
  if (xdg) setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
  setenv("HOME", saved_home.c_str(), 1);
}

TEST_F(SqliteHistory, CorruptFileIsRefusedByNameAndLeftAsItIs) {
  std::string noise(64 * 1024, '\0');
  std::mt19937 random(12);
  for (char& c : noise) c = char(random());
  std::ofstream(path(), std::ios::binary) << noise;
  try {
    open_history_store(path());
    FAIL() << "a file of random bytes was opened as a history";
  } catch (const HistoryError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(path()), std::string::npos) << what;
    EXPECT_NE(what.find("not a database"), std::string::npos) << what;
    EXPECT_NE(what.find("move it aside"), std::string::npos) << what;
  }
  EXPECT_EQ(file_bytes(path()), noise);
  EXPECT_FALSE(fs::exists(path() + "-wal"));
}

TEST_F(SqliteHistory, LockedFileIsAClearErrorAndKeepsWhatWasStored) {
  {
    auto store = open_history_store(path());
    store->save(
        test::crafted_run("a", "2026-01-01T00:00:00Z", "gpu", {{"read", "GB/s", 1024, 1, 0}}), "");
  }
  auto store = open_sqlite_history(path(), 300);  // a short busy timeout keeps the test fast
  {
    WriteLock lock(path());
    try {
      store->save(
          test::crafted_run("b", "2026-01-02T00:00:00Z", "gpu", {{"read", "GB/s", 1024, 2, 0}}),
          "");
      FAIL() << "saved into a file another connection holds exclusively";
    } catch (const HistoryError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path()), std::string::npos) << what;
      EXPECT_NE(what.find("locked"), std::string::npos) << what;
      EXPECT_NE(what.find("retry"), std::string::npos) << what;
    }
    // `gpuprobe run`'s side of it: a warning that names the database, and no exception.
    char* text = nullptr;
    size_t size = 0;
    FILE* err = open_memstream(&text, &size);
    EXPECT_FALSE(cli::save_run_history(*store, test::crafted_run("c", "t", "gpu", {}), err));
    fclose(err);
    const std::string warning(text, size);
    free(text);
    EXPECT_NE(warning.find("warning: this run was not saved to the history"), std::string::npos);
    EXPECT_NE(warning.find(path()), std::string::npos) << warning;
  }
  const auto runs = store->list_runs(0);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].host, "a");
}

TEST_F(SqliteHistory, NewerSchemaIsRefusedAndNotAltered) {
  open_history_store(path());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE schema_version SET version = 99", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  EXPECT_THROW(
      {
        try {
          open_history_store(path());
        } catch (const HistoryError& e) {
          EXPECT_NE(std::string(e.what()).find("schema version 99"), std::string::npos);
          throw;
        }
      },
      HistoryError);
}

// Eight processes (CI jobs on one host) save 25 runs each into one new file at once.
TEST_F(SqliteHistory, EightConcurrentWriterProcessesLoseNothing) {
  constexpr int kWriters = 8, kRunsEach = 25;
  std::vector<pid_t> children;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int failures = 0;
      try {
        auto store = open_history_store(path());
        for (int r = 0; r < kRunsEach; ++r)
          store->save(test::crafted_run("writer-" + std::to_string(w), std::to_string(r), "gpu",
                                        {{"read", "GB/s", 1024, double(r), 0},
                                         {"copy", "GB/s", 1024, double(w), 0}}),
                      "{}");
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
        failures = 1;
      }
      _exit(failures);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a writer failed";
  }
  auto store = open_history_store(path());
  const auto runs = store->list_runs(0);
  ASSERT_EQ(runs.size(), size_t(kWriters * kRunsEach));
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : runs) {
    EXPECT_EQ(r.points, 2u);
    seen.insert({r.host, r.started_utc});
  }
  EXPECT_EQ(seen.size(), size_t(kWriters * kRunsEach));  // every run once
  EXPECT_EQ(store->kernel_points("copy").size(), size_t(kWriters * kRunsEach));
}

TEST(HistoryRows, UrlPasswordsAreNotShown) {
  auto store_error = [](const std::string& url) {
    try {
      open_history_store(url);
    } catch (const HistoryError& e) {
      return std::string(e.what());
    }
    return std::string("opened");
  };
  // Port 1 on loopback: refused at once.
  const std::string what = store_error("postgresql://gp:s3cret@127.0.0.1:1/gp");
  EXPECT_EQ(what.find("s3cret"), std::string::npos) << what;
  EXPECT_NE(what.find("postgresql://gp:***@127.0.0.1:1/gp"), std::string::npos) << what;
  EXPECT_NE(what.find("cannot connect"), std::string::npos) << what;
  EXPECT_TRUE(is_postgres_locator("postgres://h/db"));
  EXPECT_FALSE(is_postgres_locator("/tmp/postgresql://x"));
}

TEST(HistoryRows, EveryPointOfEveryDeviceBecomesARow) {
  RunReport r = test::crafted_run("h", "t", "gpu",
                                  {{"read", "GB/s", 1024, 1, 0},
                                   {"read", "GB/s", 2048, 2, 0},
                                   {"launch_latency", "us", 0, 3, 0}});
  r.devices[0].kernels[0].points[1].status = MeasurementStatus::Unsupported;
  const auto rows = history_points(r);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].status, "unsupported");
  EXPECT_EQ(rows[2].kernel, "launch_latency");
  // The host's newest figures: Ok points only, one per device, kernel and params.
  std::vector<HistoryPoint> twice = rows;
  twice.push_back(rows[0]);
  twice.back().median = 99;
  const auto newest = newest_rows(twice);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_DOUBLE_EQ(newest[0].median, 99);  // the last of two equal keys
  EXPECT_EQ(newest[1].kernel, "launch_latency");
  EXPECT_FALSE(higher_is_better("launch_latency"));
  EXPECT_TRUE(higher_is_better("read"));
}
