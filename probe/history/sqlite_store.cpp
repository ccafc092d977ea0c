// The history in one SQLite file on this host. WAL mode lets readers go on while a run is
// written; every run is one BEGIN IMMEDIATE transaction (the write lock is taken before
// anything is read, so two writers never deadlock upgrading), and a busy timeout lets several
// CI jobs on one host queue for that lock instead of failing.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

#include "history_sql.hpp"
#include "history_stores.hpp"

namespace gpuprobe {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class SqliteStore final : public HistoryStore {
 public:
  SqliteStore(std::string path, int busy_timeout_ms) : path_(std::move(path)) {
    const bool existed = std::filesystem::exists(path_);
    if (!existed) {
      std::error_code ec;
      const auto parent = std::filesystem::path(path_).parent_path();
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec)
        throw HistoryError("history database " + path_ + ": cannot create its directory (" +
                           ec.message() + "); pass --db with a writable path or --no-history");
    }
    busy_timeout_ms_ = busy_timeout_ms;
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail("cannot open it", rc);
    sqlite3_busy_timeout(db_.get(), busy_timeout_ms);
    // Setting WAL needs a moment's exclusive lock; writers starting together can get BUSY
    // here without the busy handler being asked, so try again for the same timeout.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (;;) {
      const int wal = sqlite3_exec(db_.get(), "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
      if (wal == SQLITE_OK) break;
      if (wal != SQLITE_BUSY || std::chrono::steady_clock::now() > deadline)
        fail("cannot read it", wal);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    exec("PRAGMA synchronous=NORMAL");  // WAL: durable at each checkpoint, never corrupt
    ensure_schema();
  }

  std::string describe() const override { return path_; }

  int64_t save(const RunReport& report, const std::string& document) override {
    const HistoryRun run = history_run(report);
    const std::vector<HistoryPoint> points = history_points(report);
    exec("BEGIN IMMEDIATE");
    try {
      auto insert_run = prepare(
          "INSERT INTO runs (started_utc, host, tool_version, mode, origin, complete, document)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)");
      bind_text(insert_run.get(), 1, run.started_utc);
      bind_text(insert_run.get(), 2, run.host);
      bind_text(insert_run.get(), 3, run.tool_version);
      bind_text(insert_run.get(), 4, run.mode);
      bind_text(insert_run.get(), 5, run.origin);
      sqlite3_bind_int(insert_run.get(), 6, run.complete);
      if (document.empty())
        sqlite3_bind_null(insert_run.get(), 7);
      else
        bind_text(insert_run.get(), 7, document);
      step_done(insert_run.get(), "cannot write the run");
      const int64_t id = sqlite3_last_insert_rowid(db_.get());
      auto insert_point = prepare(std::string(history_sql::kInsertPoint) +
                                  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const HistoryPoint& p : points) {
        sqlite3_stmt* s = insert_point.get();
        sqlite3_reset(s);
        bind_point(s, 1, id, p);
        step_done(s, "cannot write a point");
      }
      auto upsert = prepare(std::string(history_sql::kUpsertNewest) +
                            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                            history_sql::kUpsertNewestConflict);
      for (const HistoryPoint& p : newest_rows(points)) {
        sqlite3_stmt* s = upsert.get();
        sqlite3_reset(s);
        bind_text(s, 1, run.host);
        bind_point(s, 2, id, p);
        step_done(s, "cannot write the newest figures");
      }
      exec("COMMIT");
      return id;
    } catch (...) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  std::vector<HistoryRun> list_runs(size_t limit) override {
    std::vector<HistoryRun> runs;
    query(history_sql::list_runs(limit), {}, [&](const Row& row) {
      runs.push_back(history_sql::read_run(row));
      runs.back().points = size_t(row.integer(history_sql::kRunColumnCount));
    });
    return runs;
  }

  std::vector<TrendPoint> kernel_points(const std::string& kernel, size_t newest_runs) override {
    std::vector<TrendPoint> out;
    query(history_sql::kernel_points("?1", newest_runs), {kernel}, [&](const Row& row) {
      out.push_back(
          {history_sql::read_run(row), history_sql::read_point(row, history_sql::kRunColumnCount)});
    });
    return out;
  }

  std::vector<TrendPoint> latest_points() override {
    std::vector<TrendPoint> out;
    query(history_sql::latest_points(), {}, [&](const Row& row) {
      out.push_back(
          {history_sql::read_run(row), history_sql::read_point(row, history_sql::kRunColumnCount)});
    });
    return out;
  }

  std::vector<StoredRun> export_runs() override {
    std::vector<StoredRun> out;
    std::map<int64_t, size_t> index;
    exec("BEGIN");  // one snapshot for both queries
    try {
      query(history_sql::all_runs_with_document(), {}, [&](const Row& row) {
        StoredRun r{history_sql::read_run(row), {}, row.text(history_sql::kRunColumnCount)};
        index[r.run.id] = out.size();
        out.push_back(std::move(r));
      });
      query(history_sql::all_points(), {}, [&](const Row& row) {
        const auto it = index.find(row.integer(0));
        if (it == index.end()) return;
        out[it->second].points.push_back(history_sql::read_point(row, 1));
        out[it->second].run.points++;
      });
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
    return out;
  }

 private:
  using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;
  struct Row {
    sqlite3_stmt* s;
    std::string text(int i) const {
      const auto* t = sqlite3_column_text(s, i);
      return t ? reinterpret_cast<const char*>(t) : "";
    }
    int64_t integer(int i) const { return sqlite3_column_int64(s, i); }
    double real(int i) const { return sqlite3_column_double(s, i); }
  };

  [[noreturn]] void fail(const std::string& what, int rc) const {
    const std::string detail = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc);
    std::string advice;
    switch (rc & 0xff) {
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        advice = "another process held it locked for more than " +
                 std::to_string(busy_timeout_ms_ / 1000.0).substr(0, 4) +
                 " s; retry when it has finished, or pass --no-history";
        break;
      case SQLITE_NOTADB:
      case SQLITE_CORRUPT:
        advice =
            "the file was left as it is; move it aside (its runs are lost to gpuprobe) or "
            "pass --db with another path";
        break;
      case SQLITE_READONLY:
      case SQLITE_CANTOPEN:
      case SQLITE_PERM:
        advice = "pass --db with a writable path, or --no-history";
        break;
      default:
        advice = "pass --db with another path, or --no-history";
    }
    throw HistoryError("history database " + path_ + ": " + what + " (" + detail + "); " + advice);
  }

  void exec(const char* sql) {
    if (const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr); rc != SQLITE_OK)
      fail(std::string("cannot run ") + sql, rc);
  }

  Statement prepare(const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (const int rc = sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &s, nullptr); rc != SQLITE_OK)
      fail("cannot read it", rc);
    return Statement(s);
  }

  static void bind_text(sqlite3_stmt* s, int i, const std::string& text) {
    sqlite3_bind_text(s, i, text.data(), int(text.size()), SQLITE_TRANSIENT);
  }

  // The run id and a point's 14 columns, from parameter `first` on.
  static void bind_point(sqlite3_stmt* s, int first, int64_t run_id, const HistoryPoint& p) {
    sqlite3_bind_int64(s, first, run_id);
    bind_text(s, first + 1, p.backend);
    sqlite3_bind_int64(s, first + 2, p.device_index);
    bind_text(s, first + 3, p.device_name);
    bind_text(s, first + 4, p.pci_id);
    bind_text(s, first + 5, p.kernel);
    bind_text(s, first + 6, p.params);
    bind_text(s, first + 7, p.unit);
    sqlite3_bind_double(s, first + 8, p.median);
    sqlite3_bind_double(s, first + 9, p.min);
    sqlite3_bind_double(s, first + 10, p.max);
    sqlite3_bind_double(s, first + 11, p.cv);
    sqlite3_bind_int(s, first + 12, p.noisy);
    sqlite3_bind_int(s, first + 13, p.verified);
    bind_text(s, first + 14, p.status);
  }

  void step_done(sqlite3_stmt* s, const char* what) {
    if (const int rc = sqlite3_step(s); rc != SQLITE_DONE) fail(what, rc);
  }

  template <typename OnRow>
  void query(const std::string& sql, const std::vector<std::string>& params, OnRow on_row) {
    Statement s = prepare(sql);
    for (size_t i = 0; i < params.size(); ++i) bind_text(s.get(), int(i + 1), params[i]);
    for (;;) {
      const int rc = sqlite3_step(s.get());
      if (rc == SQLITE_DONE) return;
      if (rc != SQLITE_ROW) fail("cannot read it", rc);
      on_row(Row{s.get()});
    }
  }

  // Created on first use, in one transaction; a store from a newer gpuprobe is left alone.
  void ensure_schema() {
    int version = 0;
    bool has_table = false;
    query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'", {},
          [&](const Row& row) { has_table = row.integer(0) > 0; });
    if (has_table)
      query("SELECT max(version) FROM schema_version", {},
            [&](const Row& row) { version = int(row.integer(0)); });
    if (version > kHistorySchemaVersion)
      throw HistoryError("history database " + path_ + " has schema version " +
                         std::to_string(version) + ", newer than this gpuprobe's " +
                         std::to_string(kHistorySchemaVersion) +
                         "; it was left as it is: use a newer gpuprobe or another --db");
    if (version == kHistorySchemaVersion) return;
    exec("BEGIN IMMEDIATE");
    try {
      const std::string ddl = history_sql::create_tables("INTEGER PRIMARY KEY", "REAL");
      if (const int rc = sqlite3_exec(db_.get(), ddl.c_str(), nullptr, nullptr, nullptr);
          rc != SQLITE_OK)
        fail("cannot create its tables", rc);
      int stored = 0;
      query("SELECT count(*) FROM schema_version", {},
            [&](const Row& row) { stored = int(row.integer(0)); });
      if (stored == 0)
        exec(("INSERT INTO schema_version (version) VALUES (" +
              std::to_string(kHistorySchemaVersion) + ")")
                 .c_str());
      exec("COMMIT");
    } catch (...) {
      sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  std::string path_;
  int busy_timeout_ms_ = 0;
  std::unique_ptr<sqlite3, CloseDatabase> db_;
};

}  // namespace

std::unique_ptr<HistoryStore> open_sqlite_history(const std::string& path, int busy_timeout_ms) {
  return std::make_unique<SqliteStore>(path, busy_timeout_ms);
}

}  // namespace gpuprobe
