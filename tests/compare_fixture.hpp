// TEST FIXTURE, NOT A MEASUREMENT: crafted result documents for the compare command, the
// regression gate and JUnit output. One CPU device ("TEST FIXTURE CPU"); the figures are
// round numbers and the spread of each point is chosen, so each variant has a known verdict:
//   base:      read 1 MiB 100 GB/s (tight), read 1 GiB 50 GB/s (±10 % spread),
//              pointer_chase 64 MiB 100 ns (tight), copy 1 MiB 40 GB/s, copy 1 GiB 30 GB/s,
//              write 1 MiB unsupported
//   regressed: read 1 MiB 80 (20 % worse, disjoint: REGRESSION), read 1 GiB 46 (8 % worse,
//              overlapping spread: within noise), pointer_chase 120 ns (latency up 20 %:
//              REGRESSION), copy 1 MiB failed verification, copy 1 GiB absent,
//              write 1 GiB 20 GB/s only here
//   noise:     as base, but read 1 GiB 46 (within noise) and read 1 MiB 99 (1 % worse: pass)
//   faster:    every Ok figure 10 % better (read up, pointer_chase down): passes
#pragma once

#include <string>

#include "gpuprobe/kernels.hpp"
#include "gpuprobe/results.hpp"
#include "measurement_fixture.hpp"

namespace gpuprobe::test {

inline constexpr const char* kCompareFixtureDevice = "TEST FIXTURE CPU";
inline constexpr uint64_t kMiB = uint64_t{1} << 20, kGiB = uint64_t{1} << 30;

// A point whose samples put its median at `figure`; `spread` is the relative half-width of
// the samples around it (0.004: tight, 0.1: wide).
inline Measurement compare_point(const std::string& kernel, uint64_t size_bytes, double figure,
                                 double spread) {
  const KernelSpec& spec = *find_kernel(kernel);
  Measurement m;
  m.requested = m.effective = KernelParams{.size_bytes = size_bytes, .vector_width = 4};
  m.status = MeasurementStatus::Ok;
  m.verified = true;
  m.timer = "host";
  m.iterations = 10;
  m.work_per_iteration = double(size_bytes);
  const double work = m.work_per_iteration * m.iterations;
  const bool rate = spec.metric == GP_METRIC_RATE;
  for (double f : {1.0, 1.0 - spread, 1.0 + spread, 1.0 - spread / 2, 1.0 + spread / 2}) {
    const double value = figure * f;
    m.sample_seconds.push_back(rate ? work / (value * spec.scale) : value * work / spec.scale);
  }
  derive_statistics(m, spec);
  return m;
}

inline Measurement compare_not_ok(uint64_t size_bytes, MeasurementStatus status,
                                  const std::string& message) {
  Measurement m;
  m.requested = m.effective = KernelParams{.size_bytes = size_bytes, .vector_width = 4};
  m.status = status;
  m.message = message;
  return m;
}

enum class CompareVariant { Base, Regressed, Noise, Faster };

inline RunReport compare_fixture(CompareVariant v) {
  DeviceResult d;
  d.device.backend = "cpu";
  d.device.api = "host";
  d.device.index = 0;
  d.device.name = kCompareFixtureDevice;
  const bool regressed = v == CompareVariant::Regressed;
  const double better = v == CompareVariant::Faster ? 1.1 : 1.0;
  const double read_small = regressed ? 80 : v == CompareVariant::Noise ? 99 : 100 * better;
  const double read_large = regressed || v == CompareVariant::Noise ? 46 : 50 * better;
  add_point(d, "read", compare_point("read", kMiB, read_small, 0.004));
  add_point(d, "read", compare_point("read", kGiB, read_large, 0.1));
  add_point(d, "pointer_chase",
            compare_point("pointer_chase", 64 * kMiB, regressed ? 120 : 100 / better, 0.004));
  if (regressed)
    add_point(d, "copy",
              compare_not_ok(kMiB, MeasurementStatus::VerificationFailed,
                             "element 12 is 0, expected 1 (TEST FIXTURE)"));
  else
    add_point(d, "copy", compare_point("copy", kMiB, 40 * better, 0.004));
  if (!regressed) add_point(d, "copy", compare_point("copy", kGiB, 30 * better, 0.004));
  if (regressed) add_point(d, "write", compare_point("write", kGiB, 20, 0.004));
  add_point(d, "write",
            compare_not_ok(kMiB, MeasurementStatus::Unsupported, "TEST FIXTURE: no writes"));

  RunReport r;
  r.tool_version = "TEST FIXTURE";
  r.started_utc = "2026-01-01T00:00:00Z";
  r.mode = "quick";
  r.host = {"test-fixture-host", "TEST FIXTURE", "TEST FIXTURE CPU", 0, 0};
  r.devices = {d};
  return r;
}

}  // namespace gpuprobe::test
