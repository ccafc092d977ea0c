#include "gpuprobe/results.hpp"

#include <cstdio>

#include "gpuprobe/kernels.hpp"

namespace gpuprobe {

std::string InfoValue::to_string() const {
  std::string text;
  if (auto i = std::get_if<int64_t>(&value)) {
    text = std::to_string(*i);
  } else if (auto b = std::get_if<bool>(&value)) {
    text = *b ? "yes" : "no";
  } else if (auto d = std::get_if<double>(&value)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", *d);
    text = buf;
  } else {
    text = std::get<std::string>(value);
  }
  if (!unit.empty()) text += " " + unit;
  return text;
}

const InfoValue* DeviceInfo::find(const std::string& key) const {
  for (const auto& v : info)
    if (v.key == key) return &v;
  return nullptr;
}

std::optional<int64_t> DeviceInfo::find_int(const std::string& key) const {
  const InfoValue* v = find(key);
  if (!v) return std::nullopt;
  if (auto i = std::get_if<int64_t>(&v->value)) return *i;
  return std::nullopt;
}

std::string DeviceInfo::label() const {
  return backend + ":" + std::to_string(index) + " (" + name + ")";
}

const char* to_string(MeasurementStatus s) {
  switch (s) {
    case MeasurementStatus::Ok:
      return "ok";
    case MeasurementStatus::Unsupported:
      return "unsupported";
    case MeasurementStatus::VerificationFailed:
      return "verification_failed";
    case MeasurementStatus::Error:
      return "error";
    case MeasurementStatus::Cancelled:
      return "cancelled";
    case MeasurementStatus::Skipped:
      return "skipped";
  }
  return "error";
}

std::optional<MeasurementStatus> measurement_status_from_string(const std::string& s) {
  for (auto st : {MeasurementStatus::Ok, MeasurementStatus::Unsupported,
                  MeasurementStatus::VerificationFailed, MeasurementStatus::Error,
                  MeasurementStatus::Cancelled, MeasurementStatus::Skipped})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

std::optional<double> KernelResult::best() const {
  const KernelSpec* spec = find_kernel(kernel);
  const bool lower_is_better = spec && spec->metric == GP_METRIC_LATENCY;
  std::optional<double> best;
  for (const auto& p : points) {
    if (p.status != MeasurementStatus::Ok) continue;
    const double v = p.figure.median;
    if (!best || (lower_is_better ? v < *best : v > *best)) best = v;
  }
  return best;
}

const KernelResult* DeviceResult::find(const std::string& kernel) const {
  for (const auto& k : kernels)
    if (k.kernel == kernel) return &k;
  return nullptr;
}

bool RunReport::any_failure() const {
  for (const auto& d : devices)
    for (const auto& k : d.kernels)
      for (const auto& p : k.points)
        if (p.status == MeasurementStatus::VerificationFailed ||
            p.status == MeasurementStatus::Error)
          return true;
  return false;
}

bool RunReport::any_cancelled() const {
  for (const auto& d : devices)
    for (const auto& k : d.kernels)
      for (const auto& p : k.points)
        if (p.status == MeasurementStatus::Cancelled) return true;
  return false;
}

}  // namespace gpuprobe
