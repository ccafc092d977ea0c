// cuBLAS and cuBLASLt opened at run time (dlopen), so the CUDA plugin has no link-time
// dependency on them: where they are missing only matmul_vendor is unsupported, with the
// names that were tried. Only the symbols the vendor GEMM calls are resolved.
#pragma once

#include <cublas_api.h>

#include <memory>
#include <string>
#include <vector>

namespace gpuprobe::cuda {

// Sonames tried in order: the toolkit's major first, then the one before it.
inline const std::vector<std::string> kCublasSonames = {"libcublas.so.13", "libcublas.so.12"};
inline const std::vector<std::string> kCublasLtSonames = {"libcublasLt.so.13", "libcublasLt.so.12"};

struct CublasApi {
  cublasStatus_t (*create)(cublasHandle_t*) = nullptr;                   // cublasCreate_v2
  cublasStatus_t (*destroy)(cublasHandle_t) = nullptr;                   // cublasDestroy_v2
  cublasStatus_t (*set_stream)(cublasHandle_t, cudaStream_t) = nullptr;  // cublasSetStream_v2
  cublasStatus_t (*set_math_mode)(cublasHandle_t, cublasMath_t) = nullptr;
  cublasStatus_t (*get_property)(libraryPropertyType, int*) = nullptr;  // cublasGetProperty
  cublasStatus_t (*gemm_ex)(cublasHandle_t, cublasOperation_t, cublasOperation_t, int, int, int,
                            const void*, const void*, cudaDataType, int, const void*, cudaDataType,
                            int, const void*, void*, cudaDataType, int, cublasComputeType_t,
                            cublasGemmAlgo_t) = nullptr;
  size_t (*lt_version)() = nullptr;  // cublasLtGetVersion
};

class CublasLibrary {
 public:
  // Tries each soname in `directories` (full paths; "" = the dynamic loader's own search)
  // in order. Never throws: a missing library or symbol leaves available() false and the
  // reason says what was tried.
  explicit CublasLibrary(const std::vector<std::string>& directories = {""},
                         const std::vector<std::string>& cublas_sonames = kCublasSonames,
                         const std::vector<std::string>& lt_sonames = kCublasLtSonames);
  ~CublasLibrary();
  CublasLibrary(const CublasLibrary&) = delete;
  CublasLibrary& operator=(const CublasLibrary&) = delete;

  bool available() const { return reason_.empty(); }
  // "cuBLAS not found (libcublas.so.13, libcublas.so.12)", or which symbol is missing.
  const std::string& reason() const { return reason_; }
  const CublasApi& api() const { return api_; }
  // The files opened: "/usr/local/cuda/lib64/libcublas.so.13".
  const std::string& cublas_path() const { return cublas_path_; }
  const std::string& lt_path() const { return lt_path_; }
  // "13.0.2" from cublasGetProperty (empty when unavailable).
  std::string version() const;

 private:
  struct Handle;
  std::unique_ptr<Handle> lt_, cublas_;
  CublasApi api_;
  std::string reason_, cublas_path_, lt_path_;
};

// Messages for a cuBLAS status, for errors ("CUBLAS_STATUS_NOT_SUPPORTED").
const char* cublas_status_name(cublasStatus_t status);

}  // namespace gpuprobe::cuda
