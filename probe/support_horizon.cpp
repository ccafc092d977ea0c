#include "gpuprobe/support_horizon.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "csv_lines.hpp"
#include "gpuprobe/input_file.hpp"
#include "gpuprobe/printable.hpp"
#include "gpuprobe/spec_db.hpp"

namespace gpuprobe {
namespace {

const std::vector<std::string> kColumns = {
    "vendor",         "targets", "architecture",   "driver_status",  "driver",  "driver_source",
    "toolkit_status", "toolkit", "toolkit_source", "pytorch_status", "pytorch", "pytorch_source"};

SupportStatus status_from(const std::string& column, const std::string& text) {
  if (text == "current") return SupportStatus::Current;
  if (text == "partial") return SupportStatus::Partial;
  if (text == "ended") return SupportStatus::Ended;
  throw std::invalid_argument(column + " '" + printable(text, 40) +
                              "' is not current, partial or ended");
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const char* to_string(SupportStatus s) {
  switch (s) {
    case SupportStatus::Current:
      return "current";
    case SupportStatus::Partial:
      return "partial";
    case SupportStatus::Ended:
      return "ended";
  }
  return "?";
}

std::optional<int> parse_compute_capability(std::string_view text) {
  if (text.starts_with("sm_")) {
    text.remove_prefix(3);
    int v = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (error != std::errc() || end != text.data() + text.size() || v < 10 || v > 999)
      return std::nullopt;
    return v;
  }
  const size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  int major = 0, minor = 0;
  const auto a = std::from_chars(text.data(), text.data() + dot, major);
  const auto b = std::from_chars(text.data() + dot + 1, text.data() + text.size(), minor);
  if (a.ec != std::errc() || a.ptr != text.data() + dot || b.ec != std::errc() ||
      b.ptr != text.data() + text.size() || dot == 0 || major < 1 || major > 99 || minor < 0 ||
      minor > 9)
    return std::nullopt;
  return major * 10 + minor;
}

SupportHorizon SupportHorizon::parse(std::string_view text, const std::string& origin) {
  SupportHorizon h;
  bool have_header = false;
  for (const CsvLine& line : read_csv_lines(text, origin)) {
    const std::string where = origin + ":" + std::to_string(line.number) + ": ";
    try {
      if (!have_header) {
        if (line.fields != kColumns) {
          std::string expected;
          for (const auto& c : kColumns) expected += (expected.empty() ? "" : ",") + c;
          throw std::invalid_argument("the header must be exactly " + expected);
        }
        have_header = true;
        continue;
      }
      const auto& f = line.fields;
      if (f.size() != kColumns.size())
        throw std::invalid_argument("has " + std::to_string(f.size()) + " fields, the header has " +
                                    std::to_string(kColumns.size()));
      SupportEntry e;
      e.vendor = f[0];
      e.architecture = f[2];
      e.driver = {status_from("driver_status", f[3]), f[4], f[5]};
      e.toolkit = {status_from("toolkit_status", f[6]), f[7], f[8]};
      e.pytorch = {status_from("pytorch_status", f[9]), f[10], f[11]};
      for (const SupportFact* fact : {&e.driver, &e.toolkit, &e.pytorch})
        if (fact->text.empty() || fact->source.empty())
          throw std::invalid_argument("every fact needs its text and its source");
      if (e.vendor == "NVIDIA") {
        const size_t dash = f[1].find('-');
        const auto first = parse_compute_capability(f[1].substr(0, dash));
        const auto last =
            dash == std::string::npos ? first : parse_compute_capability(f[1].substr(dash + 1));
        if (!first || !last || *first > *last)
          throw std::invalid_argument("targets '" + printable(f[1], 40) +
                                      "' is not a compute capability range like 5.0-5.3");
        e.cc_first = *first;
        e.cc_last = *last;
        for (const auto& other : h.entries_)
          if (other.vendor == "NVIDIA" && e.cc_first <= other.cc_last &&
              other.cc_first <= e.cc_last)
            throw std::invalid_argument("targets " + f[1] + " overlap the row at " + other.origin);
      } else if (e.vendor == "AMD") {
        size_t pos = 0;
        while (pos <= f[1].size()) {
          size_t bar = f[1].find('|', pos);
          if (bar == std::string::npos) bar = f[1].size();
          const std::string target = f[1].substr(pos, bar - pos);
          if (!target.starts_with("gfx") || target.size() < 6)
            throw std::invalid_argument("target '" + printable(target, 40) +
                                        "' is not a gfx target like gfx1030");
          for (const auto& other : h.entries_)
            if (std::find(other.gfx_targets.begin(), other.gfx_targets.end(), target) !=
                other.gfx_targets.end())
              throw std::invalid_argument(target + " is already in the row at " + other.origin);
          if (std::find(e.gfx_targets.begin(), e.gfx_targets.end(), target) != e.gfx_targets.end())
            throw std::invalid_argument(target + " appears twice in targets");
          e.gfx_targets.push_back(target);
          pos = bar + 1;
        }
      } else {
        throw std::invalid_argument("vendor '" + printable(f[0], 40) + "' is not NVIDIA or AMD");
      }
      e.origin = origin + ":" + std::to_string(line.number);
      h.entries_.push_back(std::move(e));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + e.what());
    }
  }
  if (!have_header) throw std::invalid_argument(origin + ": no header row");
  return h;
}

SupportHorizon SupportHorizon::load(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path, uint64_t{1} << 20);
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument(std::string("support horizon: ") + e.what());
  }
  return parse(text, path);
}

std::optional<SupportEntry> SupportHorizon::lookup(std::string_view vendor,
                                                   std::string_view target) const {
  const std::string v = lower(vendor);
  for (const auto& e : entries_) {
    if (lower(e.vendor) != v) continue;
    if (e.vendor == "NVIDIA") {
      const auto cc = parse_compute_capability(target);
      if (cc && *cc >= e.cc_first && *cc <= e.cc_last) return e;
    } else if (std::find(e.gfx_targets.begin(), e.gfx_targets.end(), lower(target)) !=
               e.gfx_targets.end()) {
      return e;
    }
  }
  return std::nullopt;
}

std::string default_support_horizon_path() {
  if (const char* env = std::getenv("GPUPROBE_SUPPORT_HORIZON"); env && *env) return env;
  const std::string specs = default_spec_db_path();
  if (specs.empty()) return {};
  const auto candidate = std::filesystem::path(specs).parent_path() / "support_horizon.csv";
  std::error_code ec;
  return std::filesystem::exists(candidate, ec) ? candidate.string() : std::string();
}

}  // namespace gpuprobe
