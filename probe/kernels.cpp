#include "gpuprobe/kernels.hpp"

namespace gpuprobe {

const std::vector<KernelSpec>& kernel_specs() {
  static const std::vector<KernelSpec> specs = {
#define GP_KERNEL(id, name, family, unit, metric, scale, output, counting) \
  {GP_KERNEL_##id, name, family, unit, metric, scale, output == GP_OUTPUT_CHECKED, counting},
#include "gpuprobe/kernels.def"
#undef GP_KERNEL
  };
  return specs;
}

const KernelSpec* find_kernel(const std::string& name) {
  for (const auto& spec : kernel_specs())
    if (spec.name == name) return &spec;
  return nullptr;
}

const KernelSpec& kernel_spec(gp_kernel_id id) {
  return kernel_specs().at(static_cast<size_t>(id));
}

}  // namespace gpuprobe
