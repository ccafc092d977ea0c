// Crafted runs for the history tests: a host, a GPU model and the figures each point had,
// so a trend or a fleet comparison has a known answer.
#pragma once

#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe::test {

struct CraftedPoint {
  std::string kernel, unit;
  uint64_t size_bytes;
  double median, spread;  // min = median - spread, max = median + spread
};

inline RunReport crafted_run(const std::string& host, const std::string& started_utc,
                             const std::string& device_name,
                             const std::vector<CraftedPoint>& points,
                             const std::string& backend = "opencl") {
  RunReport report;
  report.tool_version = "0.1.0";
  report.started_utc = started_utc;
  report.mode = "quick";
  report.host.hostname = host;
  report.origin = RunOrigin{"cli", std::nullopt, ""};
  DeviceResult device;
  device.device.backend = backend;
  device.device.api = "OpenCL";
  device.device.index = 0;
  device.device.name = device_name;
  for (const CraftedPoint& p : points) {
    KernelResult* kernel = nullptr;
    for (auto& k : device.kernels)
      if (k.kernel == p.kernel) kernel = &k;
    if (!kernel) {
      device.kernels.push_back({p.kernel, "memory", p.unit, {}});
      kernel = &device.kernels.back();
    }
    Measurement m;
    m.requested.size_bytes = m.effective.size_bytes = p.size_bytes;
    m.verified = true;
    m.figure.count = 5;
    m.figure.median = m.figure.mean = m.figure.p90 = p.median;
    m.figure.min = p.median - p.spread;
    m.figure.max = p.median + p.spread;
    m.figure.cv = p.median > 0 ? p.spread / p.median / 2 : 0;
    m.sample_seconds = {0.01, 0.01, 0.01, 0.01, 0.01};
    kernel->points.push_back(m);
  }
  report.devices.push_back(device);
  return report;
}

}  // namespace gpuprobe::test
