#include "model/workspace.hpp"

#include <algorithm>
#include <filesystem>

#include "gpuprobe/result_io.hpp"
#include "gpuprobe/spec_match.hpp"

namespace gpuprobe::gui {

std::shared_ptr<const RunReport> Workspace::with_spec_comparisons(
    std::shared_ptr<const RunReport> report, bool live) {
  if (!specs_ || !report) return report;
  auto missing = [](const DeviceResult& d) { return !d.spec; };
  if (std::none_of(report->devices.begin(), report->devices.end(), missing)) return report;
  auto copy = std::make_shared<RunReport>(*report);
  for (DeviceResult& d : copy->devices) {
    if (!missing(d)) continue;
    if (!live) {
      d.spec = compare_with_spec(d, *specs_);
      continue;
    }
    const std::string key = d.device.label();
    auto match = live_matches_.find(key);
    if (match == live_matches_.end())
      match =
          live_matches_.emplace(key, match_spec(*specs_, d.device, device_pci_id(d.device))).first;
    d.spec = compare_with_spec(d, match->second);
  }
  return copy;
}

bool Workspace::set_live(std::shared_ptr<const RunReport> report) {
  if (report == live_source_) return false;
  live_source_ = report;
  live_ = with_spec_comparisons(std::move(report), /*live=*/true);
  ++generation_;
  return true;
}

void Workspace::open_file(const std::string& path) {
  // load_report's message already names the file and what is wrong with it.
  add_file(path, std::make_shared<const RunReport>(load_report(path)));
}

void Workspace::add_file(const std::string& path, std::shared_ptr<const RunReport> report) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  report = with_spec_comparisons(std::move(report), /*live=*/false);
  for (auto& f : files_) {
    std::error_code ec2;
    if (f.path == path ||
        (!ec && std::filesystem::weakly_canonical(f.path, ec2) == canonical && !ec2)) {
      f.report = std::move(report);
      ++generation_;
      return;
    }
  }
  files_.push_back({path, std::move(report)});
  ++generation_;
}

void Workspace::close_file(size_t index) {
  if (index >= files_.size()) return;
  files_.erase(files_.begin() + static_cast<std::ptrdiff_t>(index));
  ++generation_;
}

std::vector<const RunReport*> Workspace::reports() const {
  std::vector<const RunReport*> out;
  if (live_) out.push_back(live_.get());
  for (const auto& f : files_) out.push_back(f.report.get());
  return out;
}

}  // namespace gpuprobe::gui
