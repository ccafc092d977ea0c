#pragma once

#include <string>

#include "gpuprobe/results.hpp"

namespace gpuprobe {

HostInfo read_host_info();
uint64_t host_llc_bytes();  // last-level cache of the host CPU, 0 if unknown
std::string utc_now_iso8601();

}  // namespace gpuprobe
