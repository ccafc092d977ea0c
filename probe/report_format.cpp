#include "gpuprobe/report_format.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "gpuprobe/analysis.hpp"
#include "gpuprobe/kernels.hpp"
#include "gpuprobe/telemetry_format.hpp"
#include "gpuprobe/utf8.hpp"
#include "suite_plan.hpp"

namespace gpuprobe {
namespace {

struct Column {
  std::string label;
  const DeviceResult* device;
  const std::string& backend() const { return device->device.backend; }
};

struct Row {
  std::string kernel, unit, params;
  std::vector<std::string> cells;
};

std::string figure_text(double v) {
  char buf[32];
  if (v >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (v >= 10)
    std::snprintf(buf, sizeof buf, "%.1f", v);
  else
    std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string csv_escape(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::vector<Row> build_rows(const std::vector<Column>& columns, bool with_reason) {
  std::vector<Row> rows;
  std::map<std::string, size_t> index;  // kernel|params -> row
  for (size_t c = 0; c < columns.size(); ++c)
    for (const auto& k : columns[c].device->kernels)
      for (const auto& p : k.points) {
        const std::string params = describe_params(k.kernel, p.requested);
        const std::string key = k.kernel + "|" + params;
        auto it = index.find(key);
        if (it == index.end()) {
          it = index.emplace(key, rows.size()).first;
          rows.push_back({k.kernel, k.unit, params, std::vector<std::string>(columns.size(), "-")});
        }
        rows[it->second].cells[c] = format_cell(p, with_reason, columns[c].backend());
      }
  // Group rows by kernel, in the order kernels first appear.
  std::vector<std::string> order;
  for (const auto& r : rows)
    if (std::find(order.begin(), order.end(), r.kernel) == order.end()) order.push_back(r.kernel);
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    return std::find(order.begin(), order.end(), a.kernel) <
           std::find(order.begin(), order.end(), b.kernel);
  });
  return rows;
}

// '*' below the table: each clamped or substituted point with the plugin's note, and per
// column the kernels timed with the host clock where the API has device timestamps.
std::string adjustment_notes(const std::vector<Column>& columns) {
  std::string points, host_timed;
  for (const auto& c : columns) {
    std::string kernels;
    for (const auto& k : c.device->kernels) {
      bool host = false;
      for (const auto& p : k.points) {
        if (p.status != MeasurementStatus::Ok) continue;
        host |= host_timed_fallback(p, c.backend());
        if (!adjusted_by_device(p) && !p.adjustments.substituted) continue;
        const std::string what = describe_params(k.kernel, p.requested);
        points += "  " + c.label + " " + k.kernel + " " + what;
        if (adjusted_by_device(p)) points += " ran as " + describe_params(k.kernel, p.effective);
        if (p.adjustments.substituted) points += " (a value substituted)";
        points +=
            ": " + (p.message.empty() ? std::string("no note from the plugin") : p.message) + "\n";
      }
      if (host) kernels += (kernels.empty() ? "" : ", ") + k.kernel;
    }
    if (!kernels.empty())
      host_timed += "  " + c.label + ": " + kernels +
                    " timed with the host clock (submit to completion, launch overhead "
                    "included), not device timestamps\n";
  }
  if (points.empty() && host_timed.empty()) return {};
  return "\n* Adjusted figures:\n" + points + host_timed;
}

// Which clock each column's figures came from, when the columns do not all agree.
std::string timer_legend(const std::vector<Column>& columns) {
  std::vector<std::string> described;
  for (const auto& c : columns) {
    bool device = false;
    std::string host_kernels;
    for (const auto& k : c.device->kernels) {
      bool host = false;
      for (const auto& p : k.points) {
        if (p.status != MeasurementStatus::Ok) continue;
        device |= p.timer == "device";
        host |= p.timer == "host";
      }
      if (host) host_kernels += (host_kernels.empty() ? "" : ", ") + k.kernel;
    }
    const std::string host_clock =
        host_clock_is_native(c.backend()) ? "host clock (the device's own clock)" : "host clock";
    std::string text = device && !host_kernels.empty()
                           ? "device timestamps; " + host_clock + " for " + host_kernels
                       : device               ? "device timestamps"
                       : host_kernels.empty() ? ""
                                              : host_clock;
    described.push_back(text);
  }
  std::vector<std::string> distinct;
  for (const auto& d : described)
    if (!d.empty() && std::find(distinct.begin(), distinct.end(), d) == distinct.end())
      distinct.push_back(d);
  if (distinct.size() < 2) return {};
  std::string out = "\nTimers:\n";
  for (size_t c = 0; c < columns.size(); ++c)
    if (!described[c].empty()) out += "  " + columns[c].label + ": " + described[c] + "\n";
  return out;
}

// How each device's DRAM working set was chosen, and whether the chase contradicted the
// cache the platform reports. Results from before the plan was recorded get the comparison
// from their chase and device info alone.
std::string format_memory_plans(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& c : columns) {
    const MemoryPlan& plan = c.device->memory;
    if (plan.dram_working_set_bytes) {
      out += "  " + c.label + ": " + plan.basis + "\n";
      continue;
    }
    const CacheEvidence e = compare_cache_report(cache_sizes_of(c.device->device).llc,
                                                 c.device->find("pointer_chase"), "the device");
    if (e.contradicted) out += "  " + c.label + ": " + e.note + "\n";
  }
  return out;
}

// Per device, the spec row it matched and the share of each spec figure its results reached;
// a device without a row says so once.
std::string format_spec_shares(const std::vector<Column>& columns) {
  std::string out;
  for (const auto& c : columns) {
    if (!c.device->spec) continue;
    const SpecComparison& spec = *c.device->spec;
    if (!spec.recognised) {
      out += "  " + c.label + ": " + spec.note + "\n";
      continue;
    }
    out += "  " + c.label + ": " + spec.row_name + " (by " + spec.matched_by + "; " +
           spec.row_origin + ")\n";
    if (spec.shares.empty()) out += "    no figure to compare (the row or the run lacks it)\n";
    for (const auto& share : spec.shares) {
      const std::string point =
          share.params == "-" ? share.kernel : share.kernel + " " + share.params;
      char line[256];
      std::snprintf(line, sizeof line, "    %-15s %3.0f %% of %s %s (%s: %s)\n",
                    share.figure.c_str(), share.share() * 100, figure_text(share.spec).c_str(),
                    share.unit.c_str(), point.c_str(), figure_text(share.measured).c_str());
      out += line;
    }
  }
  return out;
}

}  // namespace

bool adjusted_by_device(const Measurement& m) {
  // Only what the user asked for counts: a plugin filling in a size or work-item count
  // that was left to it (0) is not an adjustment.
  return m.adjustments.clamped ||
         (m.requested.size_bytes && m.effective.size_bytes != m.requested.size_bytes) ||
         (m.requested.work_items && m.effective.work_items != m.requested.work_items);
}

bool host_clock_is_native(const std::string& backend) { return backend == "cpu"; }

bool host_timed_fallback(const Measurement& m, const std::string& backend) {
  return !backend.empty() && m.timer == "host" && !host_clock_is_native(backend);
}

std::vector<std::string> adjustment_reasons(const Measurement& m, const std::string& backend) {
  std::vector<std::string> reasons;
  if (m.status != MeasurementStatus::Ok) return reasons;
  if (adjusted_by_device(m)) reasons.push_back("clamped");
  if (m.adjustments.substituted) reasons.push_back("substituted");
  if (host_timed_fallback(m, backend)) reasons.push_back("host-timed");
  return reasons;
}

std::string format_cell(const Measurement& m, bool with_reason, const std::string& backend) {
  switch (m.status) {
    case MeasurementStatus::Ok: {
      char spread[32];
      std::snprintf(spread, sizeof spread, " ±%.1f%%", m.figure.cv * 100.0);
      // '~': still noisy after adaptive sampling; '*': adjusted (the notes say how).
      return figure_text(m.figure.median) + spread + (m.noisy ? " ~" : "") +
             (adjustment_reasons(m, backend).empty() ? "" : " *");
    }
    case MeasurementStatus::Unsupported:
      return with_reason ? "unsupported: " + m.message : "unsupported";
    case MeasurementStatus::VerificationFailed:
      return with_reason ? "FAILED verification: " + m.message : "FAILED verification";
    case MeasurementStatus::Error:
      return with_reason ? "error: " + m.message : "error";
    case MeasurementStatus::Cancelled:
      return "cancelled";
    case MeasurementStatus::Skipped:
      return with_reason ? "skipped: " + m.message : "skipped";
  }
  return "?";
}

std::string format_results(const std::vector<const RunReport*>& reports, TextFormat format) {
  std::vector<Column> columns;
  for (const RunReport* r : reports)
    for (const auto& d : r->devices) {
      std::string label =
          d.device.backend + ":" + std::to_string(d.device.index) + " " + d.device.name;
      if (!r->source.empty()) label += " [" + r->source + "]";
      columns.push_back({label, &d});
    }
  const bool table = format == TextFormat::Table;
  const std::vector<Row> rows = build_rows(columns, !table);

  std::string out;
  if (format == TextFormat::Csv) {
    out = "kernel,unit,params";
    for (const auto& c : columns) out += "," + csv_escape(c.label);
    out += "\n";
    for (const auto& r : rows) {
      out += r.kernel + "," + csv_escape(r.unit) + "," + csv_escape(r.params);
      for (const auto& cell : r.cells) out += "," + csv_escape(cell);
      out += "\n";
    }
    return out;
  }
  if (format == TextFormat::Markdown) {
    out = "| kernel | unit | params |";
    for (const auto& c : columns) out += " " + c.label + " |";
    out += "\n|---|---|---|";
    for (size_t i = 0; i < columns.size(); ++i) out += "---:|";
    out += "\n";
    for (const auto& r : rows) {
      out += "| " + r.kernel + " | " + r.unit + " | " + r.params + " |";
      for (const auto& cell : r.cells) out += " " + cell + " |";
      out += "\n";
    }
    return out;
  }
  // Aligned table: a header per kernel, median ±CV per cell.
  std::vector<size_t> width(columns.size() + 1, 0);
  for (const auto& r : rows) width[0] = std::max(width[0], r.params.size() + 2);
  for (size_t c = 0; c < columns.size(); ++c) {
    width[c + 1] = columns[c].label.size();
    for (const auto& r : rows) width[c + 1] = std::max(width[c + 1], r.cells[c].size());
  }
  auto pad = [](const std::string& s, size_t w, bool right) {
    // Count UTF-8 code points, not bytes, so "±" lines up.
    size_t len = 0;
    for (unsigned char ch : s) len += (ch & 0xC0) != 0x80;
    const std::string fill(w > len ? w - len : 0, ' ');
    return right ? fill + s : s + fill;
  };
  std::string current;
  for (const auto& r : rows) {
    if (r.kernel != current) {
      current = r.kernel;
      out += "\n" + pad(r.kernel + " [" + r.unit + ", median ±CV]", width[0], false);
      for (size_t c = 0; c < columns.size(); ++c)
        out += "  " + pad(columns[c].label, width[c + 1], true);
      out += "\n";
      // The counting rule under each header, so "GB/s" for copy reads as read + write.
      if (const KernelSpec* spec = find_kernel(r.kernel)) out += "  (" + spec->counting + ")\n";
    }
    out += pad("  " + r.params, width[0], false);
    for (size_t c = 0; c < r.cells.size(); ++c) out += "  " + pad(r.cells[c], width[c + 1], true);
    out += "\n";
  }
  // Latency of one small transfer: the smallest transfer point, as time per transfer.
  std::string small;
  for (const auto& c : columns)
    for (const char* name : {"transfer_h2d", "transfer_d2h"})
      if (const KernelResult* k = c.device->find(name)) {
        const Measurement* smallest = nullptr;
        for (const auto& p : k->points)
          if (p.status == MeasurementStatus::Ok && p.iterations &&
              (!smallest || p.effective.size_bytes < smallest->effective.size_bytes))
            smallest = &p;
        if (!smallest) continue;
        std::vector<double> per_transfer_us;
        for (double seconds : smallest->sample_seconds)
          per_transfer_us.push_back(seconds / smallest->iterations * 1e6);
        std::sort(per_transfer_us.begin(), per_transfer_us.end());
        char buf[96];
        std::snprintf(buf, sizeof buf, " %s %s: %.2f us per transfer (median)", name,
                      describe_params(name, smallest->effective).c_str(),
                      per_transfer_us[per_transfer_us.size() / 2]);
        small += "  " + c.label + buf + "\n";
      }
  if (!small.empty()) out += "\nSmall-transfer latency:\n" + small;
  // Cache levels named from the knees of each device's latency curve.
  std::string levels;
  for (const auto& c : columns)
    if (const KernelResult* chase = c.device->find("pointer_chase")) {
      const auto found = detect_memory_levels(*chase, cache_sizes_of(c.device->device));
      if (!found.empty()) levels += "  " + c.label + ": " + describe_memory_levels(found) + "\n";
    }
  if (!levels.empty()) out += "\nMemory levels seen by pointer_chase:\n" + levels;
  // What each device's telemetry entry saw while its points ran (per point in the document).
  std::string telemetry;
  for (const auto& c : columns)
    if (const auto t = device_telemetry(*c.device)) {
      telemetry += "  " + c.label + ":\n";
      for (const auto& line : describe_telemetry(*t)) telemetry += "    " + line + "\n";
    }
  if (!telemetry.empty()) out += "\nTelemetry while the points ran:\n" + telemetry;
  const std::string spec = format_spec_shares(columns);
  if (!spec.empty()) out += "\nMeasured vs spec sheet (median of the best point):\n" + spec;
  const std::string memory = format_memory_plans(columns);
  if (!memory.empty())
    out += "\nDRAM working set (read/write/copy at their largest, latency_hiding):\n" + memory;
  // Reasons for non-ok cells, once each, below the table.
  std::string notes;
  for (const auto& c : columns)
    for (const auto& k : c.device->kernels)
      for (const auto& p : k.points)
        if (p.status != MeasurementStatus::Ok)
          notes += "  " + c.label + " " + k.kernel + " " + describe_params(k.kernel, p.requested) +
                   ": " + format_cell(p, true, c.backend()) + "\n";
  if (!notes.empty()) out += "\nNot measured:\n" + notes;
  out += adjustment_notes(columns);
  out += timer_legend(columns);
  bool any_noisy = false;
  for (const auto& c : columns)
    for (const auto& k : c.device->kernels)
      for (const auto& p : k.points) any_noisy |= p.status == MeasurementStatus::Ok && p.noisy;
  if (any_noisy) out += "\n" + std::string(kNoisyLegend) + "\n";
  return out;
}

std::string format_devices(const std::vector<BackendStatus>& backends) {
  std::string out;
  for (const auto& b : backends) {
    out += b.name + ": " +
           (b.available ? std::to_string(b.devices.size()) + " device(s)"
                        : "unavailable: " + b.reason) +
           "\n";
    for (const auto& d : b.devices) {
      out += "  [" + std::to_string(d.index) + "] " + d.name + "\n";
      for (const auto& v : d.info) {
        if (v.key == "name") continue;
        std::string text = v.to_string();
        if (text.size() > 100) text = utf8_truncate(text, 97) + "...";
        out += "      " + v.key + ": " + text + "\n";
      }
    }
  }
  if (backends.empty()) {
    const char* env = std::getenv("GPUPROBE_PLUGIN_PATH");
    out = env && *env ? "no backend plugins (gpuprobe-backend-*.so) in GPUPROBE_PLUGIN_PATH=" +
                            std::string(env) +
                            "; fix the path or unset it to use the executable's directory\n"
                      : std::string(
                            "no backend plugins (gpuprobe-backend-*.so) next to the executable; "
                            "rebuild, or set GPUPROBE_PLUGIN_PATH to their directory\n");
  }
  return out;
}

}  // namespace gpuprobe
