#include "memtest.hpp"

#include <algorithm>
#include <vector>

#include "cuda_error.hpp"
#include "device_buffer.hpp"
#include "kernels.cuh"
#include "kit/memtest.hpp"

namespace gpuprobe::cuda {
namespace {

class CudaMemtestDevice : public kit::MemtestDevice {
 public:
  explicit CudaMemtestDevice(DeviceContext& device)
      : device_(device), status_(device_alloc(status_bytes(), "memtest status")) {}

  bool allocate_chunk(uint64_t bytes) override {
    device_.stream();  // makes the device current
    void* p = nullptr;
    const cudaError_t err = cudaMalloc(&p, bytes);
    if (err == cudaErrorMemoryAllocation) {
      cudaGetLastError();  // clears the sticky-free error so later calls do not see it
      return false;
    }
    check(err, "cudaMalloc(memtest chunk, " + std::to_string(bytes) + " bytes)");
    chunks_.push_back({DeviceBuffer(p), static_cast<uint32_t>(bytes / 4)});
    return true;
  }

  void fill(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    const Chunk& chunk = chunks_[c];
    check(launch::memtest_fill(device_.stream(), chunk.mem.as(), chunk.words, s.code, base, s.salt,
                               s.expect_xor),
          "memtest_fill launch");
    device_.synchronize();
  }

  kit::MemtestVerifyOutcome verify(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    const Chunk& chunk = chunks_[c];
    device_.fill_words(status_.get(), 0, 8);
    check(launch::memtest_verify(device_.stream(), chunk.mem.as(), chunk.words, s.code, base,
                                 s.salt, s.expect_xor, s.write_complement ? 1u : 0u, status_.as(),
                                 kit::kMemtestDeviceRecords),
          "memtest_verify launch");
    device_.synchronize();
    uint32_t errors = 0;
    device_.download(&errors, status_.get(), sizeof errors);
    kit::MemtestVerifyOutcome out;
    out.errors = errors;
    const uint32_t recorded = std::min(errors, kit::kMemtestDeviceRecords);
    if (recorded) {
      std::vector<uint32_t> records(3 * size_t{recorded});
      device_.download(records.data(), status_.as() + 2, records.size() * 4);
      for (uint32_t r = 0; r < recorded; ++r)
        out.failures.push_back({records[3 * r], records[3 * r + 1], records[3 * r + 2]});
    }
    return out;
  }

  // cudaMemcpy down, xor on the host, cudaMemcpy up: device memory changes between fill and
  // verify, as a failing cell would change it.
  void flip(size_t c, uint64_t word, uint32_t mask) override {
    uint32_t* at = chunks_[c].mem.as() + word;
    uint32_t value = 0;
    device_.download(&value, at, sizeof value);
    value ^= mask;
    device_.upload(at, &value, sizeof value);
  }

 private:
  struct Chunk {
    DeviceBuffer mem;
    uint32_t words;
  };
  static uint64_t status_bytes() { return 8 + uint64_t{12} * kit::kMemtestDeviceRecords; }

  DeviceContext& device_;
  DeviceBuffer status_;
  std::vector<Chunk> chunks_;
};

}  // namespace

void run_memtest(DeviceContext& device, const gp_memtest_params& params,
                 gp_memtest_result& result) {
  device.stream();  // makes the device current for cudaMemGetInfo
  size_t free_bytes = 0, total_bytes = 0;
  check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
  kit::MemtestMemory memory;
  memory.total_bytes = total_bytes;
  memory.free_bytes = free_bytes;
  memory.max_chunk_bytes = total_bytes;  // the kit caps chunks at 4 GiB
  CudaMemtestDevice chunks(device);
  kit::run_memtest(chunks, memory, params, result);
}

}  // namespace gpuprobe::cuda
