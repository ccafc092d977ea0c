// Text, CSV, Markdown and JSON renderings of a Comparison, and the gate's report.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "gpuprobe/compare.hpp"
#include "gpuprobe/report_format.hpp"
#include "gpuprobe/results.hpp"

namespace gpuprobe {
namespace {

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string markdown_escape(const std::string& s) {
  std::string out;
  for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
  return out;
}

size_t display_width(const std::string& s) {  // UTF-8 code points, so "±" lines up
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, size_t width, bool right) {
  const std::string fill(width > display_width(s) ? width - display_width(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

std::string direction(const CompareRow& r) {
  return r.lower_is_better ? "lower is better" : "higher is better";
}

nlohmann::json gate_json(const GateResult& g) {
  nlohmann::json j{{"baseline", g.baseline_file},         {"file", g.current_file},
                   {"max_regression", g.threshold},       {"failed", g.failed()},
                   {"points", nlohmann::json::array()},   {"only_in_file", g.only_current},
                   {"only_in_baseline", g.only_baseline}, {"missing_devices", g.missing_devices}};
  for (const auto& p : g.points) {
    nlohmann::json point{{"device", p.device_label},
                         {"kernel", p.kernel},
                         {"params", p.params_text},
                         {"verdict", to_string(p.verdict)}};
    if (p.ratio > 0) {
      point["ratio"] = p.ratio;
      point["worse_by"] = p.worse_by;
    }
    j["points"].push_back(point);
  }
  return j;
}

nlohmann::json comparison_json(const Comparison& c) {
  nlohmann::json j;
  j["columns"] = nlohmann::json::array();
  for (const auto& col : c.columns)
    j["columns"].push_back({{"file", col.file},
                            {"backend", col.device->device.backend},
                            {"index", col.device->device.index},
                            {"device", col.device->device.name},
                            {"label", col.label}});
  j["rows"] = nlohmann::json::array();
  for (const auto& r : c.rows) {
    nlohmann::json row{{"kernel", r.kernel},
                       {"unit", r.unit},
                       {"params", r.params_text},
                       {"lower_is_better", r.lower_is_better},
                       {"cells", nlohmann::json::array()}};
    for (const auto& cell : r.cells) {
      nlohmann::json out;
      if (!cell.point) {
        out = nullptr;
      } else {
        out["status"] = to_string(cell.point->status);
        if (cell.point->status == MeasurementStatus::Ok) out["median"] = cell.point->figure.median;
        if (cell.ratio) out["ratio"] = *cell.ratio;
      }
      row["cells"].push_back(out);
    }
    j["rows"].push_back(row);
  }
  j["only_in_some_files"] = nlohmann::json::array();
  for (const auto& p : c.partial)
    j["only_in_some_files"].push_back({{"kernel", p.kernel},
                                       {"params", p.params_text},
                                       {"present_in", p.present_in},
                                       {"missing_from", p.missing_from}});
  return j;
}

}  // namespace

std::string comparison_cell_text(const Comparison& c, const CompareRow& row, size_t col,
                                 bool with_reason) {
  const CompareCell& cell = row.cells[col];
  if (!cell.point) return "-";
  std::string text = format_cell(*cell.point, with_reason, c.columns[col].device->device.backend);
  if (col > 0 && cell.ratio) text += " (" + format_ratio(*cell.ratio) + ")";
  return text;
}

std::string comparison_heading(const CompareRow& r) {
  return r.kernel + " [" + r.unit + ", " + direction(r) + "]";
}

std::string format_ratio(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", ratio);
  return buf;
}

std::string format_comparison(const Comparison& c, CompareFormat format,
                              const std::vector<GateResult>* gates) {
  if (format == CompareFormat::Json) {
    nlohmann::json j = comparison_json(c);
    if (gates) {
      j["gates"] = nlohmann::json::array();
      for (const auto& g : *gates) j["gates"].push_back(gate_json(g));
    }
    return j.dump(2) + "\n";
  }
  const bool table = format == CompareFormat::Table;
  std::string out;
  if (format == CompareFormat::Csv) {
    out = "kernel,unit,params";
    for (const auto& col : c.columns) out += "," + csv_escape(col.label);
    out += "\n";
    for (const auto& r : c.rows) {
      out += r.kernel + "," + csv_escape(r.unit) + "," + csv_escape(r.params_text);
      for (size_t i = 0; i < r.cells.size(); ++i)
        out += "," + csv_escape(comparison_cell_text(c, r, i, true));
      out += "\n";
    }
    return out;
  }
  if (format == CompareFormat::Markdown) {
    out = "| kernel | unit | params |";
    for (const auto& col : c.columns) out += " " + markdown_escape(col.label) + " |";
    out += "\n|---|---|---|";
    for (size_t i = 0; i < c.columns.size(); ++i) out += "---:|";
    out += "\n";
    for (const auto& r : c.rows) {
      out += "| " + r.kernel + " | " + markdown_escape(r.unit) + " | " + r.params_text + " |";
      for (size_t i = 0; i < r.cells.size(); ++i)
        out += " " + markdown_escape(comparison_cell_text(c, r, i, true)) + " |";
      out += "\n";
    }
    for (const auto& line : partial_point_lines(c)) out += "\n- " + markdown_escape(line);
    if (!c.partial.empty()) out += "\n";
    return out;
  }
  // Aligned table, a header per kernel, as `gpuprobe run` prints it.
  std::vector<size_t> width(c.columns.size() + 1, 0);
  for (const auto& r : c.rows) width[0] = std::max(width[0], r.params_text.size() + 2);
  for (size_t i = 0; i < c.columns.size(); ++i) {
    width[i + 1] = display_width(c.columns[i].label);
    for (const auto& r : c.rows)
      width[i + 1] = std::max(width[i + 1], display_width(comparison_cell_text(c, r, i, !table)));
  }
  std::string current;
  for (const auto& r : c.rows) {
    if (r.kernel != current) {
      current = r.kernel;
      out += "\n" +
             pad(r.kernel + " [" + r.unit + ", " + direction(r) + "; ratio to the first column]",
                 width[0], false);
      for (size_t i = 0; i < c.columns.size(); ++i)
        out += "  " + pad(c.columns[i].label, width[i + 1], true);
      out += "\n";
    }
    out += pad("  " + r.params_text, width[0], false);
    for (size_t i = 0; i < r.cells.size(); ++i)
      out += "  " + pad(comparison_cell_text(c, r, i, !table), width[i + 1], true);
    out += "\n";
  }
  if (!c.partial.empty()) out += "\n";
  for (const auto& line : partial_point_lines(c)) out += line + "\n";
  return out;
}

std::string format_gate(const GateResult& gate) {
  auto percent = [](double fraction) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", fraction * 100.0);
    return std::string(buf);
  };
  auto figure = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return std::string(buf);
  };
  std::string out;
  size_t regressions = 0, failing = 0, noise = 0;
  for (const auto& p : gate.points) {
    const std::string what = p.device_label + " " + p.kernel + " " + p.params_text;
    switch (p.verdict) {
      case GateVerdict::Regression:
      case GateVerdict::WithinNoise: {
        const bool real = p.verdict == GateVerdict::Regression;
        (real ? regressions : noise)++;
        out += std::string(real ? "REGRESSION: " : "within noise: ") + what + ": " +
               figure(p.baseline->figure.median) + " -> " + figure(p.current->figure.median) + " " +
               p.unit + " (" + percent(p.worse_by) + " worse, limit " + percent(gate.threshold) +
               "; median intervals [" + figure(p.baseline_interval.low) + ", " +
               figure(p.baseline_interval.high) + "] and [" + figure(p.current_interval.low) +
               ", " + figure(p.current_interval.high) + "] " + (real ? "are disjoint" : "overlap") +
               ")\n";
        break;
      }
      case GateVerdict::NowFailing:
        ++failing;
        out += "FAILING: " + what + ": measured in the baseline, now " +
               to_string(p.current->status) +
               (p.current->message.empty() ? "" : ": " + p.current->message) + "\n";
        break;
      case GateVerdict::NowUnsupported:
        ++failing;
        out += "NOW UNSUPPORTED: " + what + ": measured in the baseline, now unsupported" +
               (p.current->message.empty() ? "" : ": " + p.current->message) + "\n";
        break;
      case GateVerdict::NotMeasured:
        out += "note: " + what + ": measured in the baseline, now " + to_string(p.current->status) +
               (p.current->message.empty() ? "" : ": " + p.current->message) + "\n";
        break;
      case GateVerdict::Pass:
      case GateVerdict::NotComparable:
        break;
    }
  }
  for (const auto& s : gate.only_current)
    out += "only in " + gate.current_file + " (not gated): " + s + "\n";
  for (const auto& s : gate.only_baseline)
    out += "only in baseline " + gate.baseline_file + ": " + s + "\n";
  for (const auto& s : gate.missing_devices)
    out += "MISSING: " + s + ": measured in baseline " + gate.baseline_file +
           ", absent now (its backend did not load or found no device: `gpuprobe list` says "
           "why; if it is gone on purpose, record a new baseline)\n";
  out += "gate: " + gate.current_file + " against baseline " + gate.baseline_file + ": " +
         std::to_string(gate.points.size()) + " point(s) compared, ";
  if (gate.failed())
    out += "FAILED: " + std::to_string(regressions) + " regression(s) beyond " +
           percent(gate.threshold) + ", " + std::to_string(failing) +
           " point(s) now failing or unsupported, " + std::to_string(gate.missing_devices.size()) +
           " device(s) missing";
  else
    out += "passed: no regression beyond " + percent(gate.threshold);
  if (noise) out += " (" + std::to_string(noise) + " larger change(s) within noise)";
  return out + "\n";
}

}  // namespace gpuprobe
