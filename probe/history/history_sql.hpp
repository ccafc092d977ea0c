// SQL both stores share: the tables (with the few type names that differ filled in) and the
// column lists every reader decodes in the same order (history_sql.cpp's row readers).
#pragma once

#include <string>

#include "gpuprobe/history_store.hpp"

namespace gpuprobe::history_sql {

// `id_type`: the auto-numbered key ("INTEGER PRIMARY KEY" / "BIGSERIAL PRIMARY KEY");
// `real`: an 8-byte float ("REAL" / "DOUBLE PRECISION"). Booleans are 0/1 integers in both.
inline std::string create_tables(const std::string& id_type, const std::string& real) {
  return "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
         "CREATE TABLE IF NOT EXISTS runs (id " +
         id_type +
         ", started_utc TEXT NOT NULL, host TEXT NOT NULL, tool_version TEXT NOT NULL,"
         " mode TEXT NOT NULL, origin TEXT NOT NULL, complete INTEGER NOT NULL,"
         " document TEXT);"
         "CREATE TABLE IF NOT EXISTS points (run_id BIGINT NOT NULL REFERENCES runs(id),"
         " backend TEXT NOT NULL, device_index INTEGER NOT NULL, device_name TEXT NOT NULL,"
         " pci_id TEXT NOT NULL, kernel TEXT NOT NULL, params TEXT NOT NULL, unit TEXT NOT NULL,"
         " median " +
         real + " NOT NULL, min " + real + " NOT NULL, max " + real + " NOT NULL, cv " + real +
         " NOT NULL, noisy INTEGER NOT NULL, verified INTEGER NOT NULL, status TEXT NOT NULL);"
         "CREATE INDEX IF NOT EXISTS points_by_run ON points (run_id);"
         // Each host's newest Ok figure per device, kernel and params, kept up to date by
         // every save: the fleet report reads this, not every point ever stored.
         "CREATE TABLE IF NOT EXISTS newest_points (host TEXT NOT NULL, run_id BIGINT NOT NULL"
         " REFERENCES runs(id), backend TEXT NOT NULL, device_index INTEGER NOT NULL,"
         " device_name TEXT NOT NULL, pci_id TEXT NOT NULL, kernel TEXT NOT NULL,"
         " params TEXT NOT NULL, unit TEXT NOT NULL, median " +
         real + " NOT NULL, min " + real + " NOT NULL, max " + real + " NOT NULL, cv " + real +
         " NOT NULL, noisy INTEGER NOT NULL, verified INTEGER NOT NULL, status TEXT NOT NULL,"
         " PRIMARY KEY (host, backend, device_index, device_name, pci_id, kernel, params));"
         "CREATE INDEX IF NOT EXISTS points_by_kernel ON points (kernel, run_id);";
}

// Columns 0..6 of a run row, then (after the run's point count or its points) 7..20.
inline const char* kRunColumns =
    "r.id, r.started_utc, r.host, r.tool_version, r.mode, r.origin, r.complete";
inline const char* kPointColumns =
    "p.backend, p.device_index, p.device_name, p.pci_id, p.kernel, p.params, p.unit, p.median, "
    "p.min, p.max, p.cv, p.noisy, p.verified, p.status";
inline constexpr int kRunColumnCount = 7;

inline std::string list_runs(size_t limit) {
  return std::string("SELECT ") + kRunColumns +
         ", (SELECT count(*) FROM points p WHERE p.run_id = r.id) FROM runs r ORDER BY r.id DESC" +
         (limit ? " LIMIT " + std::to_string(limit) : std::string());
}
// Parameter 1: the kernel (placeholder written by the caller: "?1" or "$1"). The newest
// runs are found on the points_by_kernel index, so a trend over a long history stays fast.
inline std::string kernel_points(const std::string& placeholder, size_t newest_runs) {
  std::string sql =
      std::string("SELECT ") + kRunColumns + ", " + kPointColumns +
      " FROM points p JOIN runs r ON r.id = p.run_id WHERE p.kernel = " + placeholder +
      " AND p.status = 'ok'";
  if (newest_runs)
    sql +=
        " AND p.run_id >= (SELECT coalesce(min(run_id), 0) FROM (SELECT DISTINCT run_id FROM "
        "points WHERE kernel = " +
        placeholder + " ORDER BY run_id DESC LIMIT " + std::to_string(newest_runs) + ") newest)";
  return sql + " ORDER BY r.id";
}
// The newest Ok point per host, device, kernel and params.
inline std::string latest_points() {
  return std::string("SELECT ") + kRunColumns + ", " + kPointColumns +
         " FROM newest_points p JOIN runs r ON r.id = p.run_id ORDER BY r.id";
}
inline const char* kUpsertNewest =
    "INSERT INTO newest_points (host, run_id, backend, device_index, device_name, pci_id, kernel,"
    " params, unit, median, min, max, cv, noisy, verified, status) VALUES ";
// A run saved late with an older id (another host's transaction) does not replace a newer one.
inline const char* kUpsertNewestConflict =
    " ON CONFLICT (host, backend, device_index, device_name, pci_id, kernel, params) DO UPDATE"
    " SET run_id = excluded.run_id, unit = excluded.unit, median = excluded.median,"
    " min = excluded.min, max = excluded.max, cv = excluded.cv, noisy = excluded.noisy,"
    " verified = excluded.verified, status = excluded.status"
    " WHERE newest_points.run_id < excluded.run_id";
inline std::string all_runs_with_document() {
  return std::string("SELECT ") + kRunColumns + ", r.document FROM runs r ORDER BY r.id";
}
inline std::string all_points() {
  return std::string("SELECT p.run_id, ") + kPointColumns + " FROM points p ORDER BY p.run_id";
}
inline const char* kInsertPoint =
    "INSERT INTO points (run_id, backend, device_index, device_name, pci_id, kernel, params, unit,"
    " median, min, max, cv, noisy, verified, status) VALUES ";

// Row decoding, for any row type with text(i), integer(i) and real(i).
template <typename Row>
HistoryRun read_run(const Row& row) {
  HistoryRun run;
  run.id = row.integer(0);
  run.started_utc = row.text(1);
  run.host = row.text(2);
  run.tool_version = row.text(3);
  run.mode = row.text(4);
  run.origin = row.text(5);
  run.complete = row.integer(6) != 0;
  return run;
}
template <typename Row>
HistoryPoint read_point(const Row& row, int first) {
  HistoryPoint p;
  p.backend = row.text(first);
  p.device_index = uint32_t(row.integer(first + 1));
  p.device_name = row.text(first + 2);
  p.pci_id = row.text(first + 3);
  p.kernel = row.text(first + 4);
  p.params = row.text(first + 5);
  p.unit = row.text(first + 6);
  p.median = row.real(first + 7);
  p.min = row.real(first + 8);
  p.max = row.real(first + 9);
  p.cv = row.real(first + 10);
  p.noisy = row.integer(first + 11) != 0;
  p.verified = row.integer(first + 12) != 0;
  p.status = row.text(first + 13);
  return p;
}

}  // namespace gpuprobe::history_sql
