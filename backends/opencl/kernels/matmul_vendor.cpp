// matmul_vendor: the vendor-neutral tuned OpenCL BLAS, CLBlast (SGEMM; HGEMM for fp16).
// CLBlast enqueues several kernels per call (pad/transpose helpers around the GEMM kernel)
// and returns the event of the last, so a batch is timed from the gate that releases it
// (see timing.hpp) to the end of the last call. alpha = kit::matmul_alpha(launch key) is
// CLBlast's own alpha. Built only with CLBlast (unsupported_kernels.cpp says why not).
#include <clblast_c.h>

#include "../call_tally.hpp"
#include "../timing.hpp"
#include "kernels.hpp"
#include "kit/checks.hpp"
#include "kit/fault.hpp"
#include "kit/sampling.hpp"
#include "matmul_problem.hpp"

namespace gpuprobe::opencl {
namespace {

std::string clblast_error(CLBlastStatusCode code) {
  if (code > -1000) return error_name(code);  // codes shared with OpenCL
  switch (code) {
    case CLBlastNotImplemented:
      return "CLBlast: not implemented";
    case CLBlastInvalidLocalMemUsage:
      return "CLBlast: not enough local memory on this device";
    case CLBlastNoHalfPrecision:
      return "CLBlast: no half precision on this device";
    case CLBlastDatabaseError:
      return "CLBlast: device not found in its tuning database";
    default:
      return "CLBlast status " + std::to_string(static_cast<int>(code));
  }
}

void check_clblast(CLBlastStatusCode code, const char* what) {
  if (code != CLBlastSuccess)
    throw plugin::Error(code > -1000 ? status_for(code) : GP_ERR_DEVICE,
                        std::string(what) + ": " + clblast_error(code));
}

gp_status run_vendor(DeviceContext& device, const gp_run_params& params, gp_run_result& result) {
  MatmulProblem problem(device, params, result);
  cl_command_queue queue = device.queue();
  const size_t m = problem.m(), n = problem.n(), k = problem.k();
  // A library call has no device-side fault switch: the test faults are emulated on the
  // call, with the same leading dimensions (kit/fault.hpp): one k-step fewer for every
  // entry, or the last row of C not computed.
  const kit::Fault fault = kit::active_fault();
  const size_t call_k = fault == kit::Fault::kSkipIteration ? k - 1 : k;
  const size_t call_m = fault == kit::Fault::kSkipStore ? m - 1 : m;
  auto gemm = [&](uint32_t key, cl_event* event) {
    // CLBlast wants an event pointer for every call; the ones we do not time are released.
    Event unused;
    cl_event* out = event ? event : unused.out();
    if (problem.half()) {
      check_clblast(CLBlastHgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                                 call_m, n, call_k, problem.alpha_half(key), problem.a(), 0, k,
                                 problem.b(), 0, n, cl_half{0}, problem.c(), 0, n, &queue, out),
                    "CLBlastHgemm");
    } else {
      check_clblast(CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo,
                                 call_m, n, call_k, problem.alpha_float(key), problem.a(), 0, k,
                                 problem.b(), 0, n, 0.0f, problem.c(), 0, n, &queue, out),
                    "CLBlastSgemm");
    }
  };
  // The first call compiles CLBlast's kernels for this device; keep that out of every
  // sample. C is poisoned again before the timed launches.
  gemm(0, nullptr);
  check(clFinish(queue), "clFinish");

  // No device tally inside CLBlast's kernels: each call's own event (the last kernel it
  // enqueued) is the evidence that the call ran (call_tally.hpp says what that proves).
  CallTally calls;
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        problem.poison(device);
        calls.reset();
      },
      [&](const kit::BatchPlan& plan) {
        const double seconds =
            device_timed_batch(device, plan, calls.counted(gemm), BatchStart::Gate);
        calls.count_batch();
        return seconds;
      });
  if (status != GP_OK) return status;
  problem.verify(device, ledger.last_key, result);  // begins the checks
  kit::check_launch_tally(result, calls.value(), ledger, params);
  plugin::append_note(&result, problem.half() ? "CLBlast HGEMM" : "CLBlast SGEMM");
  result.work_items = 0;  // CLBlast chooses its own launch shapes
  return GP_OK;
}

std::string vendor_reason(const DeviceContext& device, const gp_run_params& params) {
  return fp16_matmul_reason(device, params);
}

}  // namespace

const KernelEntry kernel_MATMUL_VENDOR{run_vendor, vendor_reason};

void release_vendor_library() {
  // CLBlast caches programs (and retains their contexts) until told otherwise.
  CLBlastClearCache();
}

}  // namespace gpuprobe::opencl
