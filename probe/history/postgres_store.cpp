// The history in a shared PostgreSQL database, for a fleet: every host pushes its runs with
// `--db postgresql://...`. The same tables as the SQLite file; each run is one transaction, and
// the tables are created under an advisory lock so hosts starting together do not race.
#include <libpq-fe.h>

#include <cstdio>
#include <map>
#include <memory>

#include "history_sql.hpp"
#include "history_stores.hpp"

namespace gpuprobe {
namespace {

struct FinishConnection {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ClearResult>;

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class PostgresStore final : public HistoryStore {
 public:
  explicit PostgresStore(const std::string& url) : described_(redact_url(url)) {
    // A fleet host with no route to the server should not hang the run: give up after 10 s.
    const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), "10", "gpuprobe", nullptr};
    conn_.reset(PQconnectdbParams(keys, values, 1));
    if (!conn_) throw HistoryError("history database " + described_ + ": out of memory");
    if (PQstatus(conn_.get()) != CONNECTION_OK)
      throw HistoryError("history database " + described_ + ": cannot connect (" +
                         trimmed(PQerrorMessage(conn_.get())) +
                         "); check the URL's host, port, user and password and that the server "
                         "is running, or pass --no-history");
    // "relation already exists, skipping" and the like are not for the user.
    PQsetNoticeProcessor(
        conn_.get(), [](void*, const char*) {}, nullptr);
    ensure_schema();
  }

  std::string describe() const override { return described_; }

  int64_t save(const RunReport& report, const std::string& document) override {
    const HistoryRun run = history_run(report);
    const std::vector<HistoryPoint> points = history_points(report);
    exec("BEGIN");
    try {
      const std::vector<std::string> run_values = {run.started_utc,  run.host,
                                                   run.tool_version, run.mode,
                                                   run.origin,       run.complete ? "1" : "0"};
      std::vector<const char*> params;
      for (const auto& v : run_values) params.push_back(v.c_str());
      params.push_back(document.empty() ? nullptr : document.c_str());
      Result inserted = run_query(
          "INSERT INTO runs (started_utc, host, tool_version, mode, origin, complete, document)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
          params, "cannot write the run");
      const std::string id = PQgetvalue(inserted.get(), 0, 0);
      insert_rows(history_sql::kInsertPoint, "", nullptr, id, points);
      insert_rows(history_sql::kUpsertNewest, history_sql::kUpsertNewestConflict, &run.host, id,
                  newest_rows(points));
      exec("COMMIT");
      return std::stoll(id);
    } catch (...) {
      PQclear(PQexec(conn_.get(), "ROLLBACK"));
      throw;
    }
  }

  std::vector<HistoryRun> list_runs(size_t limit) override {
    std::vector<HistoryRun> runs;
    Result r = run_query(history_sql::list_runs(limit), {}, "cannot list runs");
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const Row row{r.get(), i};
      runs.push_back(history_sql::read_run(row));
      runs.back().points = size_t(row.integer(history_sql::kRunColumnCount));
    }
    return runs;
  }

  std::vector<TrendPoint> kernel_points(const std::string& kernel, size_t newest_runs) override {
    return trend_rows(run_query(history_sql::kernel_points("$1", newest_runs), {kernel.c_str()},
                                "cannot read the kernel's points"));
  }

  std::vector<TrendPoint> latest_points() override {
    return trend_rows(run_query(history_sql::latest_points(), {}, "cannot read newest points"));
  }

  std::vector<StoredRun> export_runs() override {
    std::vector<StoredRun> out;
    std::map<int64_t, size_t> index;
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ");  // one snapshot for both queries
    try {
      Result runs = run_query(history_sql::all_runs_with_document(), {}, "cannot export runs");
      for (int i = 0; i < PQntuples(runs.get()); ++i) {
        const Row row{runs.get(), i};
        index[row.integer(0)] = out.size();
        out.push_back({history_sql::read_run(row), {}, row.text(history_sql::kRunColumnCount)});
      }
      Result points = run_query(history_sql::all_points(), {}, "cannot export points");
      for (int i = 0; i < PQntuples(points.get()); ++i) {
        const Row row{points.get(), i};
        const auto it = index.find(row.integer(0));
        if (it == index.end()) continue;
        out[it->second].points.push_back(history_sql::read_point(row, 1));
        out[it->second].run.points++;
      }
      exec("COMMIT");
    } catch (...) {
      PQclear(PQexec(conn_.get(), "ROLLBACK"));
      throw;
    }
    return out;
  }

 private:
  // Many rows per statement: one round trip per 1000 points, not one per point. Each row is
  // [host,] run id and the point's 14 columns.
  void insert_rows(const char* insert, const char* suffix, const std::string* host,
                   const std::string& id, const std::vector<HistoryPoint>& points) {
    constexpr size_t kRowsPerStatement = 1000;
    for (size_t first = 0; first < points.size(); first += kRowsPerStatement) {
      const size_t last = std::min(points.size(), first + kRowsPerStatement);
      std::string sql = insert;
      std::vector<std::string> values;
      for (size_t i = first; i < last; ++i) {
        const HistoryPoint& p = points[i];
        const size_t row_start = values.size();
        if (host) values.push_back(*host);
        for (std::string v :
             {id, p.backend, std::to_string(p.device_index), p.device_name, p.pci_id, p.kernel,
              p.params, p.unit, number_text(p.median), number_text(p.min), number_text(p.max),
              number_text(p.cv), std::string(p.noisy ? "1" : "0"),
              std::string(p.verified ? "1" : "0"), p.status})
          values.push_back(std::move(v));
        sql += i == first ? "(" : ", (";
        for (size_t c = row_start; c < values.size(); ++c)
          sql += (c > row_start ? ", $" : "$") + std::to_string(c + 1);
        sql += ")";
      }
      sql += suffix;
      std::vector<const char*> params;
      for (const auto& v : values) params.push_back(v.c_str());
      run_query(sql, params, "cannot write the points");
    }
  }

  struct Row {
    PGresult* r;
    int i;
    std::string text(int c) const { return PQgetisnull(r, i, c) ? "" : PQgetvalue(r, i, c); }
    int64_t integer(int c) const {
      return PQgetisnull(r, i, c) ? 0 : std::stoll(PQgetvalue(r, i, c));
    }
    double real(int c) const { return PQgetisnull(r, i, c) ? 0 : std::stod(PQgetvalue(r, i, c)); }
  };

  std::vector<TrendPoint> trend_rows(const Result& r) const {
    std::vector<TrendPoint> out;
    for (int i = 0; i < PQntuples(r.get()); ++i) {
      const Row row{r.get(), i};
      out.push_back(
          {history_sql::read_run(row), history_sql::read_point(row, history_sql::kRunColumnCount)});
    }
    return out;
  }

  Result run_query(const std::string& sql, const std::vector<const char*>& params,
                   const char* what) {
    Result r(PQexecParams(conn_.get(), sql.c_str(), int(params.size()), nullptr, params.data(),
                          nullptr, nullptr, 0));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw HistoryError("history database " + described_ + ": " + what + " (" +
                         trimmed(PQerrorMessage(conn_.get())) +
                         "); check the server and the user's rights on the database, or pass "
                         "--no-history");
    return r;
  }

  // Several statements at once (the tables), so no parameters.
  void exec(const std::string& sql) {
    Result r(PQexec(conn_.get(), sql.c_str()));
    const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      throw HistoryError("history database " + described_ + ": cannot run " +
                         sql.substr(0, sql.find(' ')) + " (" +
                         trimmed(PQerrorMessage(conn_.get())) +
                         "); check the server and the user's rights on the database, or pass "
                         "--no-history");
  }

  void ensure_schema() {
    exec("BEGIN");
    try {
      // Hosts creating the tables at the same moment queue here instead of colliding.
      exec("SELECT pg_advisory_xact_lock(7358201)");
      exec(history_sql::create_tables("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION"));
      Result r = run_query("SELECT max(version) FROM schema_version", {}, "cannot read it");
      const int version = PQgetisnull(r.get(), 0, 0) ? 0 : std::stoi(PQgetvalue(r.get(), 0, 0));
      if (version > kHistorySchemaVersion)
        throw HistoryError("history database " + described_ + " has schema version " +
                           std::to_string(version) + ", newer than this gpuprobe's " +
                           std::to_string(kHistorySchemaVersion) +
                           "; it was left as it is: use a newer gpuprobe or another --db");
      if (version == 0)
        exec("INSERT INTO schema_version (version) VALUES (" +
             std::to_string(kHistorySchemaVersion) + ")");
      exec("COMMIT");
    } catch (...) {
      PQclear(PQexec(conn_.get(), "ROLLBACK"));
      throw;
    }
  }

  std::string described_;
  std::unique_ptr<PGconn, FinishConnection> conn_;
};

}  // namespace

std::string redact_url(const std::string& url) {
  std::string out = url;
  // postgresql://user:secret@host -> postgresql://user:***@host
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t authority = scheme + 3;
    const size_t at = out.find('@', authority);
    const size_t slash = out.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // ...?password=secret&...
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    const size_t end = out.find('&', p);
    out.replace(p + 9, (end == std::string::npos ? out.size() : end) - p - 9, "***");
  }
  return out;
}

std::unique_ptr<HistoryStore> open_postgres_history(const std::string& url) {
  return std::make_unique<PostgresStore>(url);
}

std::unique_ptr<HistoryStore> open_history_store(const std::string& locator) {
  if (is_postgres_locator(locator)) return open_postgres_history(locator);
  return open_sqlite_history(locator.empty() ? default_history_path() : locator, 5000);
}

}  // namespace gpuprobe
