// matmul_vendor: the vendor-neutral tuned OpenCL BLAS, CLBlast (SGEMM; HGEMM for fp16).
// CLBlast enqueues several kernels per call (pad/transpose helpers around the GEMM kernel)
// and returns the event of the last, so a batch is timed from the gate that releases it
// (see timing.hpp) to the end of the last call.
#include "../timing.hpp"
#include "kernels.hpp"
#include "matmul_problem.hpp"

#ifdef GPUPROBE_HAVE_CLBLAST
#include <clblast_c.h>
#endif

namespace gpuprobe::opencl {
namespace {

#ifdef GPUPROBE_HAVE_CLBLAST

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
  auto gemm = [&](cl_event* event) {
    // CLBlast wants an event pointer for every call; the ones we do not time are released.
    Event unused;
    cl_event* out = event ? event : unused.out();
    if (problem.half()) {
      const cl_half one = 0x3c00, zero = 0;
      check_clblast(
          CLBlastHgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo, m, n, k, one,
                       problem.a(), 0, k, problem.b(), 0, n, zero, problem.c(), 0, n, &queue, out),
          "CLBlastHgemm");
    } else {
      check_clblast(
          CLBlastSgemm(CLBlastLayoutRowMajor, CLBlastTransposeNo, CLBlastTransposeNo, m, n, k, 1.0f,
                       problem.a(), 0, k, problem.b(), 0, n, 0.0f, problem.c(), 0, n, &queue, out),
          "CLBlastSgemm");
    }
  };
  // The first call compiles CLBlast's kernels for this device; keep that out of every sample.
  gemm(nullptr);
  check(clFinish(queue), "clFinish");

  const gp_status status = plugin::collect_samples(&params, &result, [&](uint32_t batch) {
    return device_timed_batch(device, batch, gemm, BatchStart::Gate);
  });
  if (status != GP_OK) return status;
  problem.verify(device, result);
  plugin::append_note(&result, problem.half() ? "CLBlast HGEMM" : "CLBlast SGEMM");
  result.work_items = 0;  // CLBlast chooses its own launch shapes
  return GP_OK;
}

std::string vendor_reason(const DeviceContext& device, const gp_run_params& params) {
  return fp16_matmul_reason(device, params);
}

#else

gp_status run_vendor(DeviceContext&, const gp_run_params&, gp_run_result&) {
  return plugin::fail(GP_ERR_UNSUPPORTED, "built without CLBlast");
}

std::string vendor_reason(const DeviceContext&, const gp_run_params&) {
  return "built without CLBlast";
}

#endif

}  // namespace

const KernelEntry kMatmulVendorKernel{run_vendor, vendor_reason};

void release_vendor_library() {
#ifdef GPUPROBE_HAVE_CLBLAST
  // CLBlast caches programs (and retains their contexts) until told otherwise.
  CLBlastClearCache();
#endif
}

}  // namespace gpuprobe::opencl
