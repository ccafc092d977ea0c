#include "openblas_gemm.hpp"

#include <cblas.h>

namespace gpuprobe::cpu {

void openblas_sgemm(const float* a, const float* b, float* c, uint64_t m, uint64_t n, uint64_t k) {
  // The caller checked that m, n, k fit blasint.
  const auto mi = static_cast<blasint>(m), ni = static_cast<blasint>(n),
             ki = static_cast<blasint>(k);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, mi, ni, ki, 1.0f, a, ki, b, ni, 0.0f, c,
              ni);
}

std::string openblas_description() {
  std::string text = openblas_get_config();
  text += ", core ";
  text += openblas_get_corename();
  text += ", " + std::to_string(openblas_get_num_threads()) + " threads";
  return text;
}

}  // namespace gpuprobe::cpu
