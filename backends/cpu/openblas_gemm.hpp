// matmul_vendor on the CPU: OpenBLAS's cblas_sgemm. Only built when CMake found OpenBLAS
// (GPUPROBE_CPU_HAVE_OPENBLAS); otherwise the kernel is reported unsupported.
#pragma once

#include <cstdint>
#include <string>

namespace gpuprobe::cpu {

// C = alpha * A x B, row-major, all threads OpenBLAS was started with. A is m x k with rows
// of `lda` >= k elements (lda > k only under an injected fault: k-1 steps, same layout).
void openblas_sgemm(const float* a, const float* b, float* c, uint64_t m, uint64_t n, uint64_t k,
                    uint64_t lda, float alpha);

// "OpenBLAS 0.3.21 ... core Haswell, 2 threads": which kernel OpenBLAS picked matters,
// since it can misdetect a CPU (then OPENBLAS_CORETYPE overrides it).
std::string openblas_description();

}  // namespace gpuprobe::cpu
