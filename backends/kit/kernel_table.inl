// A backend's kernel dispatch, generated from kernels.def (no switch, no `default:`).
//
// In one file of the backend, inside its namespace:
//   #define GPUPROBE_KIT_ENTRY KernelEntry      // the backend's own entry type
//   #include "kit/kernel_table.inl"
// This declares `extern const KernelEntry kernel_<ID>;` for every kernel of kernels.def
// (kernel_READ, kernel_MATMUL_VENDOR, ...) and defines
//   const KernelEntry* kit_kernel_entry(uint32_t kernel);   // null past the last id
// The backend defines each kernel_<ID> next to its implementation; a kernel it cannot run
// is an entry that says why, all of them in the backend's unsupported_kernels.cpp. A kernel
// added to kernels.def and forgotten by a backend fails its link (--no-undefined).
#ifndef GPUPROBE_KIT_ENTRY
#error "define GPUPROBE_KIT_ENTRY (the backend's kernel entry type) before including kernel_table.inl"
#endif

#define GP_KERNEL(id, ...) extern const GPUPROBE_KIT_ENTRY kernel_##id;
#include "gpuprobe/kernels.def"
#undef GP_KERNEL

inline const GPUPROBE_KIT_ENTRY* kit_kernel_entry(uint32_t kernel) {
  static const GPUPROBE_KIT_ENTRY* const table[] = {
#define GP_KERNEL(id, ...) &kernel_##id,
#include "gpuprobe/kernels.def"
#undef GP_KERNEL
  };
  return kernel < GP_KERNEL_COUNT ? table[kernel] : nullptr;
}

#undef GPUPROBE_KIT_ENTRY
