#include "memtest.hpp"

#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "gpuprobe/plugin_support.hpp"
#include "host_buffer.hpp"

namespace gpuprobe::cpu {
namespace {

class HostMemtestDevice : public kit::MemtestDevice {
 public:
  bool allocate_chunk(uint64_t bytes) override {
    try {
      chunks_.emplace_back(bytes, HostBuffer::Pages::kDefault);
      return true;
    } catch (const plugin::Error& e) {
      if (e.status == GP_ERR_OUT_OF_MEMORY) return false;
      throw;
    }
  }
  void fill(size_t chunk, const kit::MemtestSweep& s, uint32_t base_lo) override {
    volatile uint32_t* words = chunks_[chunk].as<uint32_t>();
    const uint64_t n = chunks_[chunk].size() / 4;
    for (uint64_t i = 0; i < n; ++i)
      words[i] =
          kit::memtest_word(s.code, base_lo + static_cast<uint32_t>(i), s.salt) ^ s.expect_xor;
  }
  kit::MemtestVerifyOutcome verify(size_t chunk, const kit::MemtestSweep& s,
                                   uint32_t base_lo) override {
    // volatile: every word is read from memory, as a device verify reads it.
    volatile uint32_t* words = chunks_[chunk].as<uint32_t>();
    const uint64_t n = chunks_[chunk].size() / 4;
    kit::MemtestVerifyOutcome out;
    // Read in the opposite order from the fill, as the device verifies do.
    for (uint64_t k = 0; k < n; ++k) {
      const uint64_t i = n - 1 - k;
      const uint32_t expected =
          kit::memtest_word(s.code, base_lo + static_cast<uint32_t>(i), s.salt) ^ s.expect_xor;
      const uint32_t got = words[i];
      if (got != expected) {
        ++out.errors;
        if (out.failures.size() < kit::kMemtestDeviceRecords)
          out.failures.push_back({static_cast<uint32_t>(i), expected, got});
      }
      if (s.write_complement) words[i] = ~expected;
    }
    return out;
  }
  void flip(size_t chunk, uint64_t word, uint32_t mask) override {
    chunks_[chunk].as<uint32_t>()[word] ^= mask;
  }

 private:
  std::vector<HostBuffer> chunks_;
};

}  // namespace

kit::MemtestMemory host_memtest_memory() {
  kit::MemtestMemory memory;
  memory.host_memory = true;
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    uint64_t kib = 0;
    fields >> key >> kib;
    if (key == "MemTotal:") memory.total_bytes = kib * 1024;
    if (key == "MemAvailable:") memory.free_bytes = kib * 1024;
  }
  return memory;
}

void run_host_memtest(const gp_memtest_params& params, gp_memtest_result& result) {
  HostMemtestDevice device;
  kit::run_memtest(device, host_memtest_memory(), params, result);
}

}  // namespace gpuprobe::cpu
