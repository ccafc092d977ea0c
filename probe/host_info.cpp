#include "host_info.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <thread>

#include "gpuprobe/utf8.hpp"

namespace gpuprobe {
namespace {

// Value after "key" and ':' on the first matching line of a "key : value" file.
std::string field(const std::string& path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find_first_of(":=");
    if (colon == std::string::npos) continue;
    std::string v = line.substr(colon + 1);
    v.erase(0, v.find_first_not_of(" \t\""));
    while (!v.empty() && (v.back() == '"' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return {};
}

}  // namespace

HostInfo read_host_info() {
  HostInfo h;
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) == 0) h.hostname = name;
  h.os = field("/etc/os-release", "PRETTY_NAME");
  struct utsname u {};
  if (uname(&u) == 0)
    h.os += std::string(h.os.empty() ? "" : ", ") + u.sysname + " " + u.release + " " + u.machine;
  h.cpu = field("/proc/cpuinfo", "model name");
  const std::string mem = field("/proc/meminfo", "MemTotal");
  if (!mem.empty()) h.memory_bytes = std::stoull(mem) * 1024;  // meminfo reports kB
  h.logical_cpus = std::thread::hardware_concurrency();
  // Host names and /etc files are bytes, not necessarily UTF-8.
  h.hostname = utf8_sanitize(h.hostname);
  h.os = utf8_sanitize(h.os);
  h.cpu = utf8_sanitize(h.cpu);
  return h;
}

uint64_t host_llc_bytes() {
  for (int name : {_SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
    const long v = sysconf(name);
    if (v > 0) return static_cast<uint64_t>(v);
  }
  return 0;
}

std::string utc_now_iso8601() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace gpuprobe
