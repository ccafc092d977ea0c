#include "cpu_facts.hpp"

#include <sched.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "gpuprobe/parse_number.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cpu {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

#if defined(__x86_64__) || defined(__i386__)
// One CPUID leaf-7 feature bit (subleaf 0 or 1). For the features clang 15's
// __builtin_cpu_supports does not name (avx512fp16, avxvnni); the caller requires the base
// feature the builtin did check, which includes the OS saving those registers.
bool cpuid_leaf7_bit(unsigned subleaf, int reg, unsigned bit) {
  unsigned r[4] = {0, 0, 0, 0};  // eax, ebx, ecx, edx
  if (!__get_cpuid_count(7, subleaf, &r[0], &r[1], &r[2], &r[3])) return false;
  return (r[reg] >> bit) & 1u;
}
#endif

// Value of the first "key : value" line of /proc/cpuinfo with this key.
std::string cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (trim(line.substr(0, colon)) == key) return trim(line.substr(colon + 1));
  }
  return {};
}

uint64_t meminfo_bytes(const std::string& key) {
  std::ifstream in("/proc/meminfo");
  std::string name, unit;
  uint64_t value = 0;
  while (in >> name >> value) {
    std::getline(in, unit);
    if (name == key + ":") return value * 1024;  // /proc/meminfo counts kB
  }
  return 0;
}

std::string read_file_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return trim(line);
}

// "48K", "2048K", "105M" -> bytes.
uint64_t parse_cache_size(const std::string& text) {
  if (text.empty()) return 0;
  uint64_t value = std::stoull(text);
  switch (text.back()) {
    case 'K':
      return value << 10;
    case 'M':
      return value << 20;
    case 'G':
      return value << 30;
    default:
      return value;
  }
}

void read_caches(CpuFacts& facts) {
  int llc_level = 0;
  for (int i = 0; i < 16; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i);
    const std::string level_text = read_file_line(dir + "/level");
    if (level_text.empty()) break;
    const int level = std::stoi(level_text);
    const std::string type = read_file_line(dir + "/type");
    const uint64_t size = parse_cache_size(read_file_line(dir + "/size"));
    if (level == 1 && type == "Data") facts.l1d_bytes = size;
    if (level == 2 && type != "Instruction") facts.l2_bytes = size;
    if (type != "Instruction" && level >= llc_level) {
      llc_level = level;
      facts.llc_bytes = size;
    }
  }
#ifdef _SC_LEVEL1_DCACHE_SIZE
  // Fallbacks where sysfs is hidden (some containers).
  if (!facts.l1d_bytes)
    facts.l1d_bytes = static_cast<uint64_t>(std::max(0L, sysconf(_SC_LEVEL1_DCACHE_SIZE)));
  if (!facts.l2_bytes)
    facts.l2_bytes = static_cast<uint64_t>(std::max(0L, sysconf(_SC_LEVEL2_CACHE_SIZE)));
  if (!facts.llc_bytes) {
    const long l3 = sysconf(_SC_LEVEL3_CACHE_SIZE);
    facts.llc_bytes = l3 > 0 ? static_cast<uint64_t>(l3) : facts.l2_bytes;
  }
#endif
}

unsigned usable_threads() {
  // The affinity mask, not the machine's core count: under taskset or a container's cpuset
  // more threads than allowed cores would only time-slice.
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<unsigned>(CPU_COUNT(&set));
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

// The flags that matter for compute and bandwidth, in a fixed order, when present.
std::string relevant_flags(const std::string& all_flags) {
  static const char* const kRelevant[] = {
      "sse4_2", "avx", "f16c", "fma", "avx2", "avx_vnni", "avx512f", "avx512bw", "avx512vl",
      "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8",
      // ARM equivalents, so the key means something there too.
      "asimd", "asimdhp", "asimddp", "sve", "sve2", "bf16", "i8mm"};
  std::set<std::string> present;
  std::istringstream in(all_flags);
  for (std::string f; in >> f;) present.insert(f);
  std::string out;
  for (const char* f : kRelevant) {
    if (!present.count(f)) continue;
    if (!out.empty()) out += ' ';
    out += f;
  }
  return out;
}

}  // namespace

CpuFacts detect_cpu_facts() {
  CpuFacts facts;
  facts.model_name = cpuinfo_field("model name");
  if (facts.model_name.empty()) facts.model_name = cpuinfo_field("Model");  // ARM
  if (facts.model_name.empty()) facts.model_name = "unknown CPU";
  const std::string vendor_id = cpuinfo_field("vendor_id");
  facts.vendor = vendor_id == "GenuineIntel"   ? "Intel"
                 : vendor_id == "AuthenticAMD" ? "AMD"
                 : vendor_id.empty()           ? "unknown"
                                               : vendor_id;
  facts.threads = usable_threads();

  const std::string max_khz =
      read_file_line("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
  if (!max_khz.empty()) facts.max_clock_mhz = std::stod(max_khz) / 1000.0;
  const std::string mhz = cpuinfo_field("cpu MHz");
  if (!mhz.empty()) facts.current_clock_mhz = std::stod(mhz);

  facts.mem_total_bytes = meminfo_bytes("MemTotal");
  // Policy: one buffer may take a quarter of RAM, so copy's two buffers plus the host-side
  // verification fit without swapping. GPUPROBE_CPU_MAX_ALLOC_BYTES can only lower it (a
  // shared machine, or a test of the clamping path that must not allocate gigabytes).
  facts.max_alloc_bytes = facts.mem_total_bytes / 4;
  // A value that is not a size is an error naming the variable (the backend is then
  // unavailable with that reason); a size above the default leaves the default.
  if (const char* cap = std::getenv("GPUPROBE_CPU_MAX_ALLOC_BYTES")) {
    uint64_t value = 0;
    try {
      value = parse_size_bytes(cap, 1, uint64_t{1} << 50, "GPUPROBE_CPU_MAX_ALLOC_BYTES");
    } catch (const std::invalid_argument& e) {
      throw plugin::Error(GP_ERR_UNAVAILABLE, std::string(e.what()) + "; fix or unset it");
    }
    facts.max_alloc_bytes = std::min(facts.max_alloc_bytes, value);
  }
  read_caches(facts);

#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  facts.avx2 = __builtin_cpu_supports("avx2");
  facts.fma = __builtin_cpu_supports("fma");
  facts.avx512f = __builtin_cpu_supports("avx512f");
  facts.avx512fp16 = facts.avx512f && cpuid_leaf7_bit(0, 3, 23);  // EDX[23]
  facts.int8_dot = __builtin_cpu_supports("avx512vnni") ||
                   (__builtin_cpu_supports("avx") && cpuid_leaf7_bit(1, 0, 4));  // EAX[4]
  facts.simd_width_bits = facts.avx512f ? 512 : facts.avx2 ? 256 : 128;
  facts.extensions = relevant_flags(cpuinfo_field("flags"));
#else
  facts.simd_width_bits = 128;  // the generic vector code is written for 128-bit registers
  facts.extensions = relevant_flags(cpuinfo_field("Features"));
#endif
  return facts;
}

}  // namespace gpuprobe::cpu
