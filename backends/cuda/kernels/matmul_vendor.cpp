#include "matmul_vendor.hpp"

#include <cstring>
#include <memory>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "gpuprobe/precision.hpp"
#include "kit/checks.hpp"
#include "kit/sampling.hpp"
#include "kit/sizes.hpp"

namespace gpuprobe::cuda {
namespace {

void check_cuda(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return;
  const gp_status status = e == cudaErrorMemoryAllocation ? GP_ERR_OUT_OF_MEMORY : GP_ERR_DEVICE;
  throw plugin::Error(status, std::string(what) + ": " + cudaGetErrorString(e));
}

void check_cublas(cublasStatus_t s, const char* what) {
  if (s == CUBLAS_STATUS_SUCCESS) return;
  const gp_status status = s == CUBLAS_STATUS_ALLOC_FAILED    ? GP_ERR_OUT_OF_MEMORY
                           : s == CUBLAS_STATUS_NOT_SUPPORTED ? GP_ERR_UNSUPPORTED
                           : s == CUBLAS_STATUS_ARCH_MISMATCH ? GP_ERR_UNSUPPORTED
                                                              : GP_ERR_DEVICE;
  throw plugin::Error(status, std::string(what) + ": " + cublas_status_name(s));
}

class DeviceMemory {
 public:
  explicit DeviceMemory(size_t bytes) { check_cuda(cudaMalloc(&p_, bytes), "cudaMalloc"); }
  ~DeviceMemory() { cudaFree(p_); }
  DeviceMemory(const DeviceMemory&) = delete;
  DeviceMemory& operator=(const DeviceMemory&) = delete;
  void* get() const { return p_; }

 private:
  void* p_ = nullptr;
};

class Event {
 public:
  Event() { check_cuda(cudaEventCreate(&e_), "cudaEventCreate"); }
  ~Event() { cudaEventDestroy(e_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  cudaEvent_t get() const { return e_; }

 private:
  cudaEvent_t e_ = nullptr;
};

class CublasHandle {
 public:
  CublasHandle(const CublasApi& api, cudaStream_t stream) : api_(api) {
    check_cublas(api.create(&h_), "cublasCreate");
    check_cublas(api.set_stream(h_, stream), "cublasSetStream");
  }
  ~CublasHandle() { api_.destroy(h_); }
  CublasHandle(const CublasHandle&) = delete;
  CublasHandle& operator=(const CublasHandle&) = delete;
  cublasHandle_t get() const { return h_; }

 private:
  const CublasApi& api_;
  cublasHandle_t h_ = nullptr;
};

// The grid values of kit::fill_matmul_inputs (multiples of 1/8 in [0.5, 0.875]) as each
// input type stores them; every conversion is exact, and a value that would round is a bug.
uint16_t to_half_bits(float v) {
  uint32_t f;
  std::memcpy(&f, &v, 4);
  const uint32_t sign = (f >> 16) & 0x8000u, exponent = (f >> 23) & 0xFFu, mantissa = f & 0x7FFFFFu;
  if (v == 0.0f) return uint16_t(sign);
  if (exponent < 113 || exponent > 142 || (mantissa & 0x1FFFu))
    throw plugin::Error(GP_ERR_INTERNAL, "matmul input not exact in fp16");
  return uint16_t(sign | ((exponent - 112) << 10) | (mantissa >> 13));
}
uint16_t to_bf16_bits(float v) {
  uint32_t f;
  std::memcpy(&f, &v, 4);
  if (f & 0xFFFFu) throw plugin::Error(GP_ERR_INTERNAL, "matmul input not exact in bf16");
  return uint16_t(f >> 16);
}
int8_t to_int8_times8(float v) {
  const float scaled = v * 8.0f;
  const auto i = static_cast<int8_t>(scaled);
  if (float(i) != scaled)
    throw plugin::Error(GP_ERR_INTERNAL, "matmul input not a multiple of 1/8");
  return i;
}

// Host values in the precision's input type, as bytes.
std::vector<uint8_t> encode(const std::vector<float>& values, const GemmPrecision& row) {
  std::vector<uint8_t> bytes(values.size() * row.input_bytes);
  for (size_t i = 0; i < values.size(); ++i) {
    switch (row.input_type) {
      case CUDA_R_16F: {
        const uint16_t h = to_half_bits(values[i]);
        std::memcpy(&bytes[i * 2], &h, 2);
        break;
      }
      case CUDA_R_16BF: {
        const uint16_t h = to_bf16_bits(values[i]);
        std::memcpy(&bytes[i * 2], &h, 2);
        break;
      }
      case CUDA_R_8I:
        bytes[i] = static_cast<uint8_t>(to_int8_times8(values[i]));
        break;
      default:
        std::memcpy(&bytes[i * 4], &values[i], 4);
    }
  }
  return bytes;
}

// C as the fp32 values the check compares: int8's int32 C holds 64 x the fp32 answer.
std::vector<float> decode_c(const std::vector<uint8_t>& bytes, const GemmPrecision& row,
                            size_t count) {
  std::vector<float> c(count);
  for (size_t i = 0; i < count; ++i) {
    if (row.output_type == CUDA_R_32I) {
      int32_t v;
      std::memcpy(&v, &bytes[i * 4], 4);
      c[i] = v == int32_t(kit::kPoisonWord) ? kit::poison_float() : float(v) / 64.0f;
    } else {
      std::memcpy(&c[i], &bytes[i * 4], 4);
    }
  }
  return c;
}

}  // namespace

std::string vendor_gemm_reason(const CublasLibrary& library, ComputeCapability cc,
                               const gp_run_params& params) {
  if (!library.available()) return library.reason();
  if (precision_name(params.precision).empty())
    return "unknown matmul precision " + std::to_string(params.precision);
  return gemm_unsupported_reason(params.precision, cc, params.m ? params.m : 1024,
                                 params.n ? params.n : 1024, params.k ? params.k : 1024);
}

gp_status run_vendor_gemm(const CublasLibrary& library, const VendorGemmDevice& device,
                          const gp_run_params& params, gp_run_result& result) {
  if (const std::string why = vendor_gemm_reason(library, device.cc, params); !why.empty())
    return plugin::fail(GP_ERR_UNSUPPORTED, why);
  const GemmPrecision& row = gemm_precision(params.precision);
  const uint64_t m = params.m ? params.m : 1024, n = params.n ? params.n : 1024,
                 k = params.k ? params.k : 1024;
  if (!params.m || !params.n || !params.k)
    plugin::append_note(&result, "m, n or k not given: 1024 used");
  if (m > INT32_MAX || n > INT32_MAX || k > INT32_MAX)
    return plugin::fail(GP_ERR_UNSUPPORTED, "cublasGemmEx takes 32-bit dimensions");
  size_t free_bytes = 0, total_bytes = 0;
  check_cuda(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  kit::check_matmul_fits(m, n, k, row.input_bytes, row.output_bytes,
                         {{free_bytes, "free device memory", false}});
  kit::check_matmul_fits(m, n, k, sizeof(float), sizeof(float),
                         {{kit::host_memory_bytes(), "host memory", false}});

  std::vector<float> a(m * k), b(k * n);
  kit::fill_matmul_inputs(a.data(), a.size(), params.seed);
  kit::fill_matmul_inputs(b.data(), b.size(), params.seed + 1);
  const size_t c_bytes = m * n * row.output_bytes;
  DeviceMemory dev_a(a.size() * row.input_bytes), dev_b(b.size() * row.input_bytes), dev_c(c_bytes);
  const auto host_a = encode(a, row), host_b = encode(b, row);
  check_cuda(cudaMemcpy(dev_a.get(), host_a.data(), host_a.size(), cudaMemcpyHostToDevice),
             "cudaMemcpy A");
  check_cuda(cudaMemcpy(dev_b.get(), host_b.data(), host_b.size(), cudaMemcpyHostToDevice),
             "cudaMemcpy B");

  const CublasApi& api = library.api();
  CublasHandle handle(api, device.stream);
  // A library call has no device-side fault switch: test faults act on the call with the
  // same leading dimensions (kit/fault.hpp), one k-step fewer or the last row of C left out.
  const kit::Fault fault = kit::active_fault();
  const int call_k = int(fault == kit::Fault::kSkipIteration ? k - 1 : k);
  const int call_m = int(fault == kit::Fault::kSkipStore ? m - 1 : m);
  // Row-major C = A x B is column-major C^T = B^T x A^T: B first, n x m output, ldc = n.
  auto gemm = [&](uint32_t key) {
    const float alpha_f = kit::matmul_alpha(key), beta_f = 0.0f;
    const int32_t alpha_i = int32_t(alpha_f), beta_i = 0;
    const bool integer = row.compute == CUBLAS_COMPUTE_32I;
    check_cublas(api.gemm_ex(handle.get(), CUBLAS_OP_N, CUBLAS_OP_N, int(n), call_m, call_k,
                             integer ? static_cast<const void*>(&alpha_i) : &alpha_f, dev_b.get(),
                             row.input_type, int(n), dev_a.get(), row.input_type, int(k),
                             integer ? static_cast<const void*>(&beta_i) : &beta_f, dev_c.get(),
                             row.output_type, int(n), row.compute, CUBLAS_GEMM_DEFAULT),
                 "cublasGemmEx");
  };
  // cuBLAS picks and loads its kernels on the first call: out of every sample.
  gemm(0);
  check_cuda(cudaStreamSynchronize(device.stream), "cudaStreamSynchronize");

  // Receipts: an event after every timed call, counted once the batch is done when
  // cudaEventQuery reports it complete. Proves the stream ran that many calls; the C check
  // covers the last call's every entry.
  uint64_t receipts = 0;
  Event start, stop;
  std::vector<std::unique_ptr<Event>> call_events;
  kit::Ledger ledger;
  const gp_status status = kit::collect_samples(
      params, result, ledger,
      [&] {
        if (row.output_type == CUDA_R_32F) {  // NaN poison for float C, kPoisonWord for int32
          std::vector<float> nan(m * n, kit::poison_float());
          check_cuda(cudaMemcpy(dev_c.get(), nan.data(), c_bytes, cudaMemcpyHostToDevice),
                     "cudaMemcpy poison");
        } else {
          std::vector<uint32_t> words(m * n, kit::kPoisonWord);
          check_cuda(cudaMemcpy(dev_c.get(), words.data(), c_bytes, cudaMemcpyHostToDevice),
                     "cudaMemcpy poison");
        }
        receipts = 0;
      },
      [&](const kit::BatchPlan& plan) {
        while (call_events.size() < plan.count) call_events.push_back(std::make_unique<Event>());
        check_cuda(cudaEventRecord(start.get(), device.stream), "cudaEventRecord");
        uint32_t issued = 0;
        for (uint32_t i = 0; i < plan.count; ++i) {
          if (!plan.issues(i)) continue;
          gemm(plan.key(i));
          check_cuda(cudaEventRecord(call_events[issued++]->get(), device.stream),
                     "cudaEventRecord");
        }
        check_cuda(cudaEventRecord(stop.get(), device.stream), "cudaEventRecord");
        check_cuda(cudaEventSynchronize(stop.get()), "cudaEventSynchronize");
        if (plan.timed)
          for (uint32_t i = 0; i < issued; ++i)
            if (cudaEventQuery(call_events[i]->get()) == cudaSuccess) ++receipts;
        float ms = 0;
        check_cuda(cudaEventElapsedTime(&ms, start.get(), stop.get()), "cudaEventElapsedTime");
        return double(ms) / 1e3;
      });
  if (status != GP_OK) return status;

  std::vector<uint8_t> c_bytes_host(c_bytes);
  check_cuda(cudaMemcpy(c_bytes_host.data(), dev_c.get(), c_bytes, cudaMemcpyDeviceToHost),
             "cudaMemcpy C");
  const std::vector<float> c = decode_c(c_bytes_host, row, m * n);
  kit::begin_checks(result);
  kit::check_launch_tally(result, uint32_t(receipts), ledger, params);
  kit::check_matmul(result, a.data(), b.data(), c.data(), m, n, k,
                    kit::matmul_alpha(ledger.last_key), row.accumulator_bits, row.output_bits,
                    params.seed);
  plugin::append_note(&result, "cuBLAS " + library.version() + " cublasGemmEx " +
                                   std::string(precision_name(params.precision)) + " on " +
                                   row.units);
  result.size_bytes = (m * k + k * n) * row.input_bytes + m * n * row.output_bytes;
  result.work_items = 0;  // cuBLAS chooses its own launch shapes
  result.work_per_iteration = 2.0 * double(m) * double(n) * double(k);
  result.timer = GP_TIMER_DEVICE;
  return GP_OK;
}

}  // namespace gpuprobe::cuda
