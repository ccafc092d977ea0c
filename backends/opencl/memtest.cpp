#include "memtest.hpp"

#include <algorithm>
#include <vector>

#include "buffers.hpp"
#include "cl_error.hpp"
#include "kit/memtest.hpp"
#include "launch.hpp"

namespace gpuprobe::opencl {
namespace {

// Enough work-items to fill any device; each strides over the chunk.
constexpr size_t kMaxWorkItems = size_t{1} << 20;

bool is_allocation_failure(cl_int code) {
  return code == CL_MEM_OBJECT_ALLOCATION_FAILURE || code == CL_OUT_OF_RESOURCES ||
         code == CL_INVALID_BUFFER_SIZE || code == CL_OUT_OF_HOST_MEMORY;
}

class OpenclMemtestDevice : public kit::MemtestDevice {
 public:
  explicit OpenclMemtestDevice(DeviceContext& device)
      : device_(device),
        fill_(device.kernel("memtest", "", "memtest_fill")),
        verify_(device.kernel("memtest", "", "memtest_verify")),
        status_(create_buffer(device, CL_MEM_READ_WRITE, status_bytes(), "memtest status")) {}

  bool allocate_chunk(uint64_t bytes) override {
    cl_int err = CL_SUCCESS;
    Mem chunk(clCreateBuffer(device_.context(), CL_MEM_READ_WRITE, bytes, nullptr, &err));
    if (is_allocation_failure(err)) return false;
    check(err, "clCreateBuffer(memtest chunk, " + std::to_string(bytes) + " bytes)");
    // Drivers allocate lazily: touch the whole chunk now, so a refusal shows here.
    const cl_uint zero = 0;
    err = clEnqueueFillBuffer(device_.queue(), chunk.get(), &zero, sizeof zero, 0, bytes, 0,
                              nullptr, nullptr);
    if (err == CL_SUCCESS) err = clFinish(device_.queue());
    if (is_allocation_failure(err)) return false;
    check(err, "clEnqueueFillBuffer(memtest chunk, " + std::to_string(bytes) + " bytes)");
    chunks_.push_back({std::move(chunk), static_cast<cl_uint>(bytes / 4)});
    return true;
  }

  void fill(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    const Chunk& chunk = chunks_[c];
    set_args(fill_, chunk.mem.get(), chunk.words, s.code, base, s.salt, s.expect_xor);
    launch_1d(device_.queue(), fill_, work_items(chunk.words), 0, nullptr);
    check(clFinish(device_.queue()), "clFinish(memtest fill)");
  }

  kit::MemtestVerifyOutcome verify(size_t c, const kit::MemtestSweep& s, uint32_t base) override {
    const Chunk& chunk = chunks_[c];
    const cl_uint zero = 0;
    check(clEnqueueFillBuffer(device_.queue(), status_.get(), &zero, sizeof zero, 0, 8, 0, nullptr,
                              nullptr),
          "clEnqueueFillBuffer(memtest status)");
    const cl_uint write_complement = s.write_complement ? 1 : 0;
    const cl_uint capacity = kit::kMemtestDeviceRecords;
    set_args(verify_, chunk.mem.get(), chunk.words, s.code, base, s.salt, s.expect_xor,
             write_complement, status_.get(), capacity);
    launch_1d(device_.queue(), verify_, work_items(chunk.words), 0, nullptr);
    cl_uint errors = 0;
    read_at(status_.get(), 0, &errors, sizeof errors);
    kit::MemtestVerifyOutcome out;
    out.errors = errors;
    const uint32_t recorded = std::min<uint32_t>(errors, capacity);
    if (recorded) {
      std::vector<cl_uint> records(3 * recorded);
      read_at(status_.get(), 8, records.data(), records.size() * 4);
      for (uint32_t r = 0; r < recorded; ++r)
        out.failures.push_back({records[3 * r], records[3 * r + 1], records[3 * r + 2]});
    }
    return out;
  }

  // A read, an xor on the host and a write of the one word: the device's memory changes
  // between fill and verify, as a failing cell would change it.
  void flip(size_t c, uint64_t word, uint32_t mask) override {
    cl_uint value = 0;
    read_at(chunks_[c].mem.get(), word * 4, &value, sizeof value);
    value ^= mask;
    check(clEnqueueWriteBuffer(device_.queue(), chunks_[c].mem.get(), CL_TRUE, word * 4,
                               sizeof value, &value, 0, nullptr, nullptr),
          "clEnqueueWriteBuffer(memtest flip)");
  }

 private:
  struct Chunk {
    Mem mem;
    cl_uint words;
  };
  static size_t status_bytes() { return 8 + size_t{12} * kit::kMemtestDeviceRecords; }
  static size_t work_items(cl_uint words) { return std::min<size_t>(words, kMaxWorkItems); }
  void read_at(cl_mem buffer, uint64_t offset, void* data, size_t bytes) {
    check(clEnqueueReadBuffer(device_.queue(), buffer, CL_TRUE, offset, bytes, data, 0, nullptr,
                              nullptr),
          "clEnqueueReadBuffer(memtest)");
  }

  DeviceContext& device_;
  Kernel fill_, verify_;
  Mem status_;
  std::vector<Chunk> chunks_;
};

}  // namespace

void run_memtest(DeviceContext& device, const gp_memtest_params& params,
                 gp_memtest_result& result) {
  kit::MemtestMemory memory;
  memory.total_bytes = device.caps().global_mem_bytes;
  memory.max_chunk_bytes = device.caps().max_alloc_bytes;
  memory.host_memory = (device.caps().type & CL_DEVICE_TYPE_CPU) != 0;  // PoCL: host RAM
  OpenclMemtestDevice chunks(device);
  kit::run_memtest(chunks, memory, params, result);
}

}  // namespace gpuprobe::opencl
