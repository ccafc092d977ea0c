// The buyer's check report as a table, Markdown and JSON (gpuprobe/buyer_check.hpp).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gpuprobe/buyer_check.hpp"

namespace gpuprobe {
namespace {

using nlohmann::json;

std::string money(double amount, const std::string& currency) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %s", amount, currency.c_str());
  return text;
}

// The lines shown for one device, shared by the table and Markdown (which adds its marks).
struct Section {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // label, text
};

std::vector<Section> sections(const DeviceCheck& c, const std::string& currency) {
  std::vector<Section> out;
  Section measured{"measured", {}};
  char figure[64];
  if (c.measured_bandwidth_gbs) {
    std::snprintf(figure, sizeof figure, "%.3g GB/s", *c.measured_bandwidth_gbs);
    measured.rows.push_back({"DRAM read", figure});
  }
  if (c.measured_fp32_tflops) {
    std::snprintf(figure, sizeof figure, "%.3g TFLOPS", *c.measured_fp32_tflops);
    measured.rows.push_back({"fp32", figure});
  }
  if (c.measured_tensor_tflops) {
    std::snprintf(figure, sizeof figure, "%.3g TFLOPS (fp16 matmul)", *c.measured_tensor_tflops);
    measured.rows.push_back({"fp16 matmul", figure});
  }
  if (!measured.rows.empty()) out.push_back(measured);
  Section findings{"findings", {}};
  for (const auto& f : c.findings)
    findings.rows.push_back({std::string(check_level_name(f.level)) + " " + f.area, f.text});
  out.push_back(findings);
  if (!c.support.empty()) {
    Section s{"software support", {}};
    for (const auto& line : c.support) s.rows.push_back({"", line});
    out.push_back(s);
  }
  Section buyer{"for the buyer", {}};
  for (const auto& use : c.vram_uses) buyer.rows.push_back({"VRAM", use});
  for (const auto& v : c.value) {
    char rank[64];
    std::snprintf(rank, sizeof rank, " (rank %zu of %zu)", v.rank, v.ranked);
    buyer.rows.push_back(
        {"value", money(v.cost, currency) + " " + v.what + (v.ranked > 1 ? rank : "")});
  }
  if (!c.value_note.empty()) buyer.rows.push_back({"value", c.value_note});
  if (c.yearly_energy_cost)
    buyer.rows.push_back(
        {"energy", money(*c.yearly_energy_cost, currency) + " a year (" + c.energy_note + ")"});
  else if (!c.energy_note.empty())
    buyer.rows.push_back({"energy", c.energy_note});
  if (!buyer.rows.empty()) out.push_back(buyer);
  return out;
}

json finding_json(const CheckFinding& f) {
  return {{"area", f.area}, {"level", check_level_name(f.level)}, {"text", f.text}};
}

}  // namespace

std::string format_check_table(const BuyerCheckReport& report) {
  std::ostringstream out;
  for (const auto& line : report.unavailable_backends) out << "not checked: " << line << "\n";
  for (const auto& c : report.devices) {
    out << "\n" << c.device.label() << ": " << check_level_name(c.verdict) << "\n";
    out << "  spec row: "
        << (c.spec.recognised ? c.spec.row_name + " (by " + c.spec.matched_by + ")" : c.spec.note)
        << "\n";
    for (const auto& s : sections(c, report.currency)) {
      out << "  " << s.title << ":\n";
      for (const auto& [label, text] : s.rows) {
        char head[40];
        std::snprintf(head, sizeof head, "    %-24s ", label.c_str());
        out << head << text << "\n";
      }
    }
  }
  if (report.devices.empty()) out << "no device to check\n";
  out << "\nverdict: " << check_level_name(report.verdict)
      << (report.cancelled ? " (cancelled before every step ran)" : "") << "\n";
  return out.str();
}

std::string format_check_markdown(const BuyerCheckReport& report) {
  std::ostringstream out;
  out << "# gpuprobe buyer's check: " << check_level_name(report.verdict) << "\n";
  for (const auto& line : report.unavailable_backends) out << "\nNot checked: " << line << "\n";
  for (const auto& c : report.devices) {
    out << "\n## " << c.device.label() << ": " << check_level_name(c.verdict) << "\n\n";
    out << "Spec row: " << (c.spec.recognised ? c.spec.row_name : c.spec.note) << "\n";
    for (const auto& s : sections(c, report.currency)) {
      out << "\n### " << s.title << "\n\n| | |\n|---|---|\n";
      for (const auto& [label, text] : s.rows) {
        std::string cell = text;
        for (size_t i = 0; (i = cell.find('|', i)) != std::string::npos; i += 2)
          cell.insert(i, "\\");
        out << "| " << label << " | " << cell << " |\n";
      }
    }
  }
  return out.str();
}

std::string check_to_json(const BuyerCheckReport& report) {
  json devices = json::array();
  for (const auto& c : report.devices) {
    json d = {{"backend", c.device.backend},
              {"index", c.device.index},
              {"name", c.device.name},
              {"verdict", check_level_name(c.verdict)}};
    d["spec_row"] = c.spec.recognised ? json(c.spec.row_name) : json(nullptr);
    if (!c.spec.recognised) d["spec_note"] = c.spec.note;
    json shares = json::array();
    for (const auto& s : c.spec.shares)
      shares.push_back({{"figure", s.figure},
                        {"kernel", s.kernel},
                        {"params", s.params},
                        {"measured", s.measured},
                        {"spec", s.spec},
                        {"unit", s.unit},
                        {"share", s.share()}});
    d["spec_shares"] = shares;
    json measured = json::object();
    if (c.measured_bandwidth_gbs) measured["read_bandwidth_gbs"] = *c.measured_bandwidth_gbs;
    if (c.measured_fp32_tflops) measured["fp32_tflops"] = *c.measured_fp32_tflops;
    if (c.measured_tensor_tflops) measured["fp16_tensor_tflops"] = *c.measured_tensor_tflops;
    d["measured"] = measured;
    json findings = json::array();
    for (const auto& f : c.findings) findings.push_back(finding_json(f));
    d["findings"] = findings;
    if (c.memory) {
      d["memory"] = json::parse(memtest_to_json(*c.memory));
    } else {
      d["memory"] = {{"unavailable", c.memory_unavailable}};
    }
    if (c.load && c.throttling) {
      json series = json::array();
      for (const auto& i : c.load->intervals) {
        json point = {{"end_seconds", i.end_seconds},
                      {"partial", i.partial},
                      {"status", i.status == MeasurementStatus::Ok ? "ok" : "failed"},
                      {"throughput", i.throughput}};
        if (!i.message.empty()) point["message"] = i.message;
        if (i.telemetry && !i.telemetry->fields.empty()) {
          json fields = json::object();
          for (const auto& [name, range] : i.telemetry->fields) fields[name] = range.mean;
          point["telemetry_mean"] = fields;
        }
        series.push_back(point);
      }
      const ThrottleAnalysis& t = *c.throttling;
      d["sustained_load"] = {{"kernel", c.load->kernel},
                             {"unit", c.load->unit},
                             {"full_seconds", c.load->full_seconds},
                             {"partial_seconds", c.load->partial_seconds},
                             {"judged", t.judged},
                             {"throttled", t.throttled},
                             {"early", t.early},
                             {"late", t.late},
                             {"change", t.change},
                             {"failed_intervals", t.failed_intervals},
                             {"reasons", t.reasons},
                             {"evidence", t.evidence},
                             {"reading", t.reading},
                             {"intervals", series}};
    }
    d["support"] = c.support;
    d["vram_uses"] = c.vram_uses;
    json value = json::array();
    for (const auto& v : c.value)
      value.push_back({{"what", v.what}, {"cost", v.cost}, {"rank", v.rank}, {"ranked", v.ranked}});
    d["value"] = value;
    if (!c.value_note.empty()) d["value_note"] = c.value_note;
    if (c.power_w) d["power_w"] = *c.power_w;
    if (c.yearly_energy_cost) d["yearly_energy_cost"] = *c.yearly_energy_cost;
    if (!c.energy_note.empty()) d["energy_note"] = c.energy_note;
    devices.push_back(d);
  }
  json doc = {{"schema", {{"name", "gpuprobe-check"}, {"major", 1}, {"minor", 0}}},
              {"verdict", check_level_name(report.verdict)},
              {"exit_code", check_exit_code(report.verdict)},
              {"currency", report.currency},
              {"cancelled", report.cancelled},
              {"unavailable_backends", report.unavailable_backends},
              {"devices", devices}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace gpuprobe
