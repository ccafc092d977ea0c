// What one CUDA device is, from cudaDeviceGetAttribute (CUDA 13 removed fields of
// cudaDeviceProp such as clockRate and memoryClockRate; the attributes remain). Every value
// is what the runtime reports; nothing is derived and presented as reported. Keys shared
// with the other backends (README "Device info keys") mean the same: compute_units = SMs,
// subgroup_size = warp, local_mem_bytes = shared memory per block, cache_llc_bytes = L2.
// PCIe generation and width come from NVML (opened at run time; absent: a key says why).
#pragma once

#include "device_context.hpp"
#include "gpuprobe/plugin_support.hpp"

namespace gpuprobe::cuda {

DeviceCaps query_caps(int ordinal);
void describe_device(int ordinal, const DeviceCaps& caps, plugin::InfoList& info);
// "00000000:01:00.0" from the PCI domain, bus and device attributes (NVML's form); "" when
// the runtime reports none.
std::string pci_address(int ordinal);

}  // namespace gpuprobe::cuda
