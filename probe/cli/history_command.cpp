#include "cli/history_command.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "gpuprobe/result_io.hpp"

namespace gpuprobe::cli {
namespace {

using nlohmann::json;

json run_json(const HistoryRun& r) {
  return {{"id", r.id},
          {"started_utc", r.started_utc},
          {"host", r.host},
          {"tool_version", r.tool_version},
          {"mode", r.mode},
          {"origin", r.origin},
          {"complete", r.complete},
          {"points", r.points}};
}

json point_json(const HistoryPoint& p) {
  json j = {{"backend", p.backend},
            {"device_index", p.device_index},
            {"device_name", p.device_name},
            {"kernel", p.kernel},
            {"params", p.params},
            {"unit", p.unit},
            {"median", p.median},
            {"min", p.min},
            {"max", p.max},
            {"cv", p.cv},
            {"noisy", p.noisy},
            {"verified", p.verified},
            {"status", p.status}};
  if (!p.pci_id.empty()) j["pci_id"] = p.pci_id;
  return j;
}

std::string figure(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, std::fabs(v) >= 100 ? "%.1f" : "%.3g", v);
  return buffer;
}

int list_runs(HistoryStore& store, const HistoryCommandLine& request) {
  const auto runs = store.list_runs(request.limit_runs);
  if (request.json) {
    json out = json::array();
    for (const auto& r : runs) out.push_back(run_json(r));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (runs.empty()) {
    std::printf("no runs in %s yet (`gpuprobe run` saves each run there)\n",
                store.describe().c_str());
    return 0;
  }
  std::string text;
  char line[512];
  std::snprintf(line, sizeof line, "%-7s %-20s %-24s %-6s %-5s %-10s %7s\n", "ID", "STARTED (UTC)",
                "HOST", "MODE", "FROM", "VERSION", "POINTS");
  text += line;
  for (const auto& r : runs) {
    std::snprintf(line, sizeof line, "%-7lld %-20s %-24s %-6s %-5s %-10s %7zu%s\n",
                  static_cast<long long>(r.id), r.started_utc.c_str(), r.host.c_str(),
                  r.mode.c_str(), r.origin.c_str(), r.tool_version.c_str(), r.points,
                  r.complete ? "" : "  (incomplete)");
    text += line;
  }
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::printf("%zu run(s) from %s%s\n", runs.size(), store.describe().c_str(),
              request.limit_runs && runs.size() == request.limit_runs
                  ? " (newest first; --limit 0 lists all)"
                  : "");
  return 0;
}

int show_trend(HistoryStore& store, const HistoryCommandLine& request) {
  std::vector<TrendPoint> points = store.kernel_points(request.trend_kernel, request.limit_runs);
  std::erase_if(points,
                [&](const TrendPoint& t) { return !matches_device(t.point, request.device); });
  if (request.json) {
    json out = json::array();
    for (const auto& t : points) {
      json j = point_json(t.point);
      j["run"] = run_json(t.run);
      out.push_back(j);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (points.empty()) {
    std::printf("no Ok point of %s%s in %s\n", request.trend_kernel.c_str(),
                request.device.empty() ? "" : (" on " + request.device).c_str(),
                store.describe().c_str());
    return 0;
  }
  // One series per device and params, each oldest run first.
  std::map<std::pair<std::string, std::string>, std::vector<const TrendPoint*>> series;
  for (const auto& t : points) series[{device_label(t.point), t.point.params}].push_back(&t);
  for (const auto& [key, list] : series) {
    std::printf("%s %s on %s\n", request.trend_kernel.c_str(), key.second.c_str(),
                key.first.c_str());
    std::printf("  %-7s %-20s %-20s %12s %-8s %23s %7s\n", "RUN", "STARTED (UTC)", "HOST", "MEDIAN",
                "UNIT", "MIN - MAX", "CV");
    for (const TrendPoint* t : list)
      std::printf("  %-7lld %-20s %-20s %12s %-8s %11s - %-9s %6.1f%%%s\n",
                  static_cast<long long>(t->run.id), t->run.started_utc.c_str(),
                  t->run.host.c_str(), figure(t->point.median).c_str(), t->point.unit.c_str(),
                  figure(t->point.min).c_str(), figure(t->point.max).c_str(), t->point.cv * 100,
                  t->point.noisy ? " noisy" : "");
  }
  if (request.limit_runs)
    std::printf("(the newest %zu runs that have %s at most; --limit 0 shows all)\n",
                request.limit_runs, request.trend_kernel.c_str());
  return 0;
}

int export_runs(HistoryStore& store, const HistoryCommandLine& request) {
  const auto runs = store.export_runs();
  json out = {{"format", "gpuprobe-history-export"},
              {"version", kHistorySchemaVersion},
              {"runs", json::array()}};
  for (const auto& r : runs) {
    json j = run_json(r.run);
    j["points"] = json::array();
    for (const auto& p : r.points) j["points"].push_back(point_json(p));
    if (!r.document.empty()) {
      // A document that no longer parses is exported as text rather than dropped.
      json document = json::parse(r.document, nullptr, false);
      j["document"] = document.is_discarded() ? json(r.document) : document;
    }
    out["runs"].push_back(std::move(j));
  }
  // Written beside FILE and renamed into place: an earlier FILE survives any failure.
  const std::string temporary = request.export_path + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << out.dump(2) << "\n";
    file.close();
    if (!file) {
      std::filesystem::remove(temporary);
      throw std::invalid_argument("--export " + request.export_path +
                                  ": cannot write it; choose a writable path");
    }
  }
  std::filesystem::rename(temporary, request.export_path);
  std::fprintf(stderr, "wrote %zu run(s) from %s to %s\n", runs.size(), store.describe().c_str(),
               request.export_path.c_str());
  return 0;
}

int show_fleet(HistoryStore& store, const HistoryCommandLine& request) {
  const FleetReport report = find_fleet_outliers(store.latest_points(), request.threshold_fraction);
  const int exit_code = report.outliers.empty() ? 0 : 1;
  if (request.json) {
    json out = {{"threshold", request.threshold_fraction},
                {"within_spread", report.within_spread},
                {"groups", json::array()},
                {"outliers", json::array()}};
    for (const auto& g : report.groups)
      out["groups"].push_back({{"model", g.model}, {"backend", g.backend}, {"hosts", g.hosts}});
    for (const auto& o : report.outliers)
      out["outliers"].push_back({{"host", o.host},
                                 {"model", o.model},
                                 {"backend", o.backend},
                                 {"kernel", o.kernel},
                                 {"params", o.params},
                                 {"unit", o.unit},
                                 {"figure", o.figure},
                                 {"siblings_median", o.siblings_median},
                                 {"siblings", o.siblings},
                                 {"shortfall", o.shortfall}});
    std::cout << out.dump(2) << "\n";
    return exit_code;
  }
  std::printf("fleet in %s: newest figures of each host, grouped by GPU model\n",
              store.describe().c_str());
  for (const auto& g : report.groups) {
    std::string hosts;
    for (const auto& h : g.hosts) hosts += (hosts.empty() ? "" : ", ") + h;
    std::printf("  %-40s %-8s %zu host(s): %s\n", g.model.c_str(), g.backend.c_str(),
                g.hosts.size(), hosts.c_str());
  }
  const int percent = int(std::lround(request.threshold_fraction * 100));
  if (report.outliers.empty()) {
    std::printf("no host falls more than %d %% below its siblings outside its measured spread",
                percent);
  } else {
    std::printf(
        "\nhosts more than %d %% below the median of their siblings (outside their own "
        "measured spread):\n",
        percent);
    std::printf("  %-20s %-28s %-8s %-16s %-22s %12s %12s %9s\n", "HOST", "MODEL", "BACKEND",
                "KERNEL", "PARAMS", "FIGURE", "SIBLINGS", "SHORT BY");
    for (const auto& o : report.outliers)
      std::printf("  %-20s %-28s %-8s %-16s %-22s %12s %12s %8.1f%%  (%s, %zu sibling(s))\n",
                  o.host.c_str(), o.model.c_str(), o.backend.c_str(), o.kernel.c_str(),
                  o.params.c_str(), figure(o.figure).c_str(), figure(o.siblings_median).c_str(),
                  o.shortfall * 100, o.unit.c_str(), o.siblings);
  }
  if (report.within_spread)
    std::printf(
        "%s%zu more shortfall(s) beyond %d %% lie inside the host's own measured spread "
        "(not reported)\n",
        report.outliers.empty() ? "; " : "", report.within_spread, percent);
  else if (report.outliers.empty())
    std::printf("\n");
  return exit_code;
}

}  // namespace

std::unique_ptr<HistoryStore> open_run_history(const HistoryTarget& target) {
  if (target.disabled) return nullptr;
  return open_history_store(target.db);
}

bool save_run_history(HistoryStore& store, const RunReport& report, std::FILE* err) {
  try {
    const int64_t id = store.save(report, to_json(report, -1));
    std::fprintf(err, "saved run %lld to the history %s\n", static_cast<long long>(id),
                 store.describe().c_str());
    return true;
  } catch (const std::exception& e) {
    std::fprintf(err,
                 "gpuprobe: warning: this run was not saved to the history: %s (the results "
                 "printed and any --json file are complete and unchanged)\n",
                 e.what());
    return false;
  }
}

int run_history_command(const HistoryCommandLine& request) {
  // Asking is not writing: a history file that does not exist yet is not made by looking.
  if (!is_postgres_locator(request.target.db)) {
    const std::string path = request.target.db.empty() ? default_history_path() : request.target.db;
    if (!std::filesystem::exists(path) && request.export_path.empty()) {
      if (request.json)
        std::printf("%s\n", request.fleet ? "{\"groups\": [], \"outliers\": []}" : "[]");
      else
        std::printf("no runs in %s yet (`gpuprobe run` saves each run there)\n", path.c_str());
      return 0;
    }
  }
  const auto store = open_history_store(request.target.db);
  if (!request.trend_kernel.empty()) return show_trend(*store, request);
  if (!request.export_path.empty()) return export_runs(*store, request);
  if (request.fleet) return show_fleet(*store, request);
  return list_runs(*store, request);
}

}  // namespace gpuprobe::cli
