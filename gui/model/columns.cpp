#include "model/columns.hpp"

#include <filesystem>

namespace gpuprobe::gui {

std::string file_label(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  return name.empty() ? path : name;
}

std::vector<Column> build_columns(const std::vector<const RunReport*>& reports) {
  std::vector<Column> columns;
  for (const RunReport* report : reports) {
    const std::string suffix =
        report->source.empty() ? "" : " [" + file_label(report->source) + "]";
    for (const auto& d : report->devices) {
      Column c;
      const std::string api = d.device.api.empty() ? d.device.backend : d.device.api;
      c.label = api + " " + d.device.backend + ":" + std::to_string(d.device.index) + " " +
                d.device.name + suffix;
      c.short_label = api + ": " + d.device.name + suffix;
      c.source = report->source;
      c.report = report;
      c.result = &d;
      c.index = columns.size();
      columns.push_back(std::move(c));
    }
  }
  return columns;
}

}  // namespace gpuprobe::gui
