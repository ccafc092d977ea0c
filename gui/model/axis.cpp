#include "model/axis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/text.hpp"

namespace gpuprobe::gui {
namespace {

double nice_step(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  return 10 * magnitude;
}

// Tick labels with as many decimals as the step needs: 0, 0.5, 1.0 -> "0", "0.5", "1.0".
std::string tick_label(double v, double step) {
  const int decimals = std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 6);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Log ticks are 1-2-5 multiples of a power of ten: print them without trailing zeros.
std::string log_tick_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

double nice_ceiling(double max) {
  if (!(max > 0) || !std::isfinite(max)) return 1;
  const double step = nice_step(max / 5);
  return std::ceil(max / step - 1e-9) * step;
}

std::vector<Tick> linear_ticks(double max, int target) {
  std::vector<Tick> ticks;
  if (!(max > 0) || !std::isfinite(max)) max = 1;
  const double step = nice_step(max / std::max(1, target));
  const double top = std::ceil(max / step - 1e-9) * step;
  for (int i = 0; i * step <= top * (1 + 1e-9); ++i)
    ticks.push_back({i * step, tick_label(i * step, step)});
  return ticks;
}

std::vector<Tick> log2_ticks(double lo, double hi, bool bytes, int max_ticks) {
  std::vector<Tick> ticks;
  if (!(lo > 0) || !(hi >= lo)) return ticks;
  const int first = int(std::ceil(std::log2(lo) - 1e-9));
  const int last = int(std::floor(std::log2(hi) + 1e-9));
  const int count = last - first + 1;
  if (count <= 0) return ticks;
  const int stride = std::max(1, (count + max_ticks - 1) / std::max(1, max_ticks));
  for (int e = first; e <= last; e += stride) {
    const double v = std::ldexp(1.0, e);
    ticks.push_back({v, bytes ? bytes_text(uint64_t(v)) : count_text(v)});
  }
  return ticks;
}

std::vector<Tick> log10_ticks(double lo, double hi) {
  std::vector<Tick> ticks;
  if (!(lo > 0) || !(hi >= lo)) return ticks;
  const int first = int(std::floor(std::log10(lo)));
  const int last = int(std::ceil(std::log10(hi)));
  const bool dense = last - first <= 2;  // a narrow range needs 2s and 5s to be readable
  for (int e = first; e <= last; ++e)
    for (double m : {1.0, 2.0, 5.0}) {
      if (m != 1.0 && !dense) continue;
      const double v = m * std::pow(10.0, e);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push_back({v, log_tick_label(v)});
    }
  return ticks;
}

Range log_range(double lo, double hi) {
  if (!(lo > 0)) lo = 1;
  if (!(hi > 0)) hi = lo;
  if (hi < lo) std::swap(lo, hi);
  return {lo / 1.5, hi * 1.5};
}

}  // namespace gpuprobe::gui
