#include "cublas_loader.hpp"

#include <dlfcn.h>

namespace gpuprobe::cuda {

// One dlopen handle, closed once.
struct CublasLibrary::Handle {
  void* library = nullptr;
  ~Handle() {
    if (library) dlclose(library);
  }
};

namespace {

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return text;
}

// The first soname that opens, in the first directory that has it; null when none does.
void* open_first(const std::vector<std::string>& directories,
                 const std::vector<std::string>& sonames, std::string& opened) {
  for (const auto& dir : directories)
    for (const auto& soname : sonames) {
      const std::string path = dir.empty() ? soname : dir + "/" + soname;
      // RTLD_LOCAL: cuBLAS's symbols stay out of the global namespace of the plugin host.
      if (void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
        opened = path;
        return handle;
      }
    }
  return nullptr;
}

template <typename Fn>
bool resolve(void* library, const char* symbol, Fn& slot, std::string& missing) {
  slot = reinterpret_cast<Fn>(dlsym(library, symbol));
  if (!slot && missing.empty()) missing = symbol;
  return slot != nullptr;
}

}  // namespace

CublasLibrary::CublasLibrary(const std::vector<std::string>& directories,
                             const std::vector<std::string>& cublas_sonames,
                             const std::vector<std::string>& lt_sonames)
    : lt_(std::make_unique<Handle>()), cublas_(std::make_unique<Handle>()) {
  // cuBLAS first: its absence is the common case and the reason users should read (its
  // own dependency on cuBLASLt is resolved by the loader; a missing cuBLASLt fails here too
  // and dlerror() would name it, but the sonames tried are the actionable part).
  cublas_->library = open_first(directories, cublas_sonames, cublas_path_);
  if (!cublas_->library) {
    reason_ = "cuBLAS not found (" + joined(cublas_sonames) + ")";
    return;
  }
  lt_->library = open_first(directories, lt_sonames, lt_path_);
  if (!lt_->library) {
    reason_ = "cuBLASLt not found (" + joined(lt_sonames) + ")";
    return;
  }
  std::string missing;
  resolve(cublas_->library, "cublasCreate_v2", api_.create, missing);
  resolve(cublas_->library, "cublasDestroy_v2", api_.destroy, missing);
  resolve(cublas_->library, "cublasSetStream_v2", api_.set_stream, missing);
  resolve(cublas_->library, "cublasSetMathMode", api_.set_math_mode, missing);
  resolve(cublas_->library, "cublasGetProperty", api_.get_property, missing);
  resolve(cublas_->library, "cublasGemmEx", api_.gemm_ex, missing);
  if (!missing.empty()) {
    reason_ = cublas_path_ + " has no " + missing + " (a cuBLAS older than 11?)";
    return;
  }
  resolve(lt_->library, "cublasLtGetVersion", api_.lt_version, missing);
  if (!missing.empty()) reason_ = lt_path_ + " has no " + missing;
}

CublasLibrary::~CublasLibrary() {
  // cuBLAS before cuBLASLt: it depends on it.
  cublas_.reset();
  lt_.reset();
}

std::string CublasLibrary::version() const {
  if (!available()) return {};
  int major = 0, minor = 0, patch = 0;
  if (api_.get_property(MAJOR_VERSION, &major) != CUBLAS_STATUS_SUCCESS ||
      api_.get_property(MINOR_VERSION, &minor) != CUBLAS_STATUS_SUCCESS ||
      api_.get_property(PATCH_LEVEL, &patch) != CUBLAS_STATUS_SUCCESS)
    return {};
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

const char* cublas_status_name(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:
      return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED:
      return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_ALLOC_FAILED:
      return "CUBLAS_STATUS_ALLOC_FAILED";
    case CUBLAS_STATUS_INVALID_VALUE:
      return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_ARCH_MISMATCH:
      return "CUBLAS_STATUS_ARCH_MISMATCH";
    case CUBLAS_STATUS_MAPPING_ERROR:
      return "CUBLAS_STATUS_MAPPING_ERROR";
    case CUBLAS_STATUS_EXECUTION_FAILED:
      return "CUBLAS_STATUS_EXECUTION_FAILED";
    case CUBLAS_STATUS_INTERNAL_ERROR:
      return "CUBLAS_STATUS_INTERNAL_ERROR";
    case CUBLAS_STATUS_NOT_SUPPORTED:
      return "CUBLAS_STATUS_NOT_SUPPORTED";
    case CUBLAS_STATUS_LICENSE_ERROR:
      return "CUBLAS_STATUS_LICENSE_ERROR";
  }
  return "unknown cuBLAS status";
}

}  // namespace gpuprobe::cuda
