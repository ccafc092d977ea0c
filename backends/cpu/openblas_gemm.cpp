#include "openblas_gemm.hpp"

#include <cblas.h>

namespace gpuprobe::cpu {

void openblas_sgemm(const float* a, const float* b, float* c, uint64_t m, uint64_t n, uint64_t k,
                    uint64_t lda, float alpha) {
  // The caller checked that m, n, k fit blasint.
  const auto mi = static_cast<blasint>(m), ni = static_cast<blasint>(n),
             ki = static_cast<blasint>(k), ldai = static_cast<blasint>(lda);
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, mi, ni, ki, alpha, a, ldai, b, ni, 0.0f, c,
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
