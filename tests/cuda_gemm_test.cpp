// The CUDA GEMM pieces that need no GPU: the precision table (types, architectures, shape
// rules, reasons) and the cuBLAS loader, found and not found by the search path given.
#include <gtest/gtest.h>

#include <filesystem>

#include "cublas_loader.hpp"
#include "gemm_precisions.hpp"
#include "gpuprobe/precision.hpp"
#include "kernels/matmul_vendor.hpp"

using namespace gpuprobe;
using namespace gpuprobe::cuda;

namespace {

constexpr ComputeCapability kVolta{7, 0}, kTuring{7, 5}, kAmpere{8, 0}, kPascal{6, 1},
    kHopper{9, 0};

}  // namespace

TEST(GemmPrecisions, EveryAbiPrecisionHasARowWithItsCublasTypes) {
  for (const auto& p : kPrecisions) EXPECT_EQ(gemm_precision(p.id).precision, p.id) << p.name;
  EXPECT_EQ(gemm_precision(GP_PRECISION_FP32).compute, CUBLAS_COMPUTE_32F);
  EXPECT_EQ(gemm_precision(GP_PRECISION_TF32).compute, CUBLAS_COMPUTE_32F_FAST_TF32);
  EXPECT_EQ(gemm_precision(GP_PRECISION_TF32).input_type, CUDA_R_32F);
  EXPECT_EQ(gemm_precision(GP_PRECISION_FP16).input_type, CUDA_R_16F);
  EXPECT_EQ(gemm_precision(GP_PRECISION_FP16).output_type, CUDA_R_32F);  // fp32 accumulate
  EXPECT_EQ(gemm_precision(GP_PRECISION_BF16).input_type, CUDA_R_16BF);
  EXPECT_EQ(gemm_precision(GP_PRECISION_INT8).input_type, CUDA_R_8I);
  EXPECT_EQ(gemm_precision(GP_PRECISION_INT8).output_type, CUDA_R_32I);
  EXPECT_EQ(gemm_precision(GP_PRECISION_INT8).compute, CUBLAS_COMPUTE_32I);
  EXPECT_THROW(gemm_precision(GP_PRECISION_COUNT), std::invalid_argument);
}

TEST(GemmPrecisions, MinimumArchitecturesFollowTheTensorCoreGenerations) {
  EXPECT_EQ(gemm_precision(GP_PRECISION_FP32).min_compute_capability, 0);
  EXPECT_EQ(gemm_precision(GP_PRECISION_FP16).min_compute_capability, 70);
  EXPECT_EQ(gemm_precision(GP_PRECISION_INT8).min_compute_capability, 75);
  EXPECT_EQ(gemm_precision(GP_PRECISION_TF32).min_compute_capability, 80);
  EXPECT_EQ(gemm_precision(GP_PRECISION_BF16).min_compute_capability, 80);
}

TEST(GemmPrecisions, ReasonNamesWhatTheArchitectureLacks) {
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_BF16, kTuring, 512, 512, 512),
            "bf16 GEMM needs tensor cores (bf16) (sm_80 (Ampere) and newer); this device is "
            "sm_75 (Turing)");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_TF32, kVolta, 512, 512, 512),
            "tf32 GEMM needs tensor cores (tf32) (sm_80 (Ampere) and newer); this device is "
            "sm_70 (Volta)");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_INT8, kVolta, 512, 512, 512),
            "int8 GEMM needs tensor cores (IMMA) (sm_75 (Turing) and newer); this device is "
            "sm_70 (Volta)");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_FP16, kPascal, 512, 512, 512),
            "fp16 GEMM needs tensor cores (HMMA) (sm_70 (Volta) and newer); this device is "
            "sm_61 (Pascal)");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_FP32, kPascal, 512, 512, 512), "");
  for (const auto& p : kPrecisions)
    EXPECT_EQ(gemm_unsupported_reason(p.id, kHopper, 512, 512, 512), "") << p.name;
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_INT8, kTuring, 512, 512, 512), "");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_FP16, kVolta, 512, 512, 512), "");
}

TEST(GemmPrecisions, Int8NeedsDimensionsThatAreMultiplesOf4) {
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_INT8, kAmpere, 256, 192, 130),
            "int8 GEMM through cuBLAS needs m, n and k that are multiples of 4 (leading "
            "dimensions of int8 matrices); asked for 256x192x130");
  EXPECT_NE(gemm_unsupported_reason(GP_PRECISION_INT8, kAmpere, 254, 192, 128), "");
  EXPECT_NE(gemm_unsupported_reason(GP_PRECISION_INT8, kAmpere, 256, 191, 128), "");
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_INT8, kAmpere, 256, 192, 128), "");
  // Other precisions take any shape.
  EXPECT_EQ(gemm_unsupported_reason(GP_PRECISION_FP16, kAmpere, 255, 191, 129), "");
}

TEST(GemmPrecisions, ArchitectureNames) {
  EXPECT_STREQ(architecture_name({6, 1}), "Pascal");
  EXPECT_STREQ(architecture_name({7, 0}), "Volta");
  EXPECT_STREQ(architecture_name({7, 5}), "Turing");
  EXPECT_STREQ(architecture_name({8, 6}), "Ampere");
  EXPECT_STREQ(architecture_name({8, 9}), "Ada");
  EXPECT_STREQ(architecture_name({9, 0}), "Hopper");
  EXPECT_STREQ(architecture_name({12, 0}), "Blackwell");
  EXPECT_STREQ(architecture_name({3, 5}), "");
}

// The toolkit's lib64 holds libcublas.so.13 on this machine: found there, with every symbol.
TEST(CublasLoader, FoundInTheToolkitLibraryDirectory) {
  const std::string dir = GPUPROBE_CUDA_LIBRARY_DIR;
  if (!std::filesystem::exists(dir + "/libcublas.so.13") &&
      !std::filesystem::exists(dir + "/libcublas.so.12"))
    GTEST_SKIP() << "no libcublas.so.13 or .12 in " << dir;
  const CublasLibrary cublas({dir});
  ASSERT_TRUE(cublas.available()) << cublas.reason();
  EXPECT_EQ(cublas.cublas_path().rfind(dir + "/libcublas.so.1", 0), 0u) << cublas.cublas_path();
  EXPECT_EQ(cublas.lt_path().rfind(dir + "/libcublasLt.so.1", 0), 0u) << cublas.lt_path();
  EXPECT_NE(cublas.api().gemm_ex, nullptr);
  EXPECT_NE(cublas.api().lt_version, nullptr);
  // cublasGetProperty needs no device.
  EXPECT_EQ(cublas.version().rfind(cublas.cublas_path().substr(cublas.cublas_path().size() - 2), 0),
            0u)
      << cublas.version();
}

TEST(CublasLoader, NotFoundNamesTheSonamesTried) {
  const std::string empty = testing::TempDir() + "/no_cublas_here";
  std::filesystem::create_directories(empty);
  const CublasLibrary cublas({empty});
  EXPECT_FALSE(cublas.available());
  EXPECT_EQ(cublas.reason(), "cuBLAS not found (libcublas.so.13, libcublas.so.12)");
  EXPECT_EQ(cublas.version(), "");
}

TEST(CublasLoader, MissingCublasLtIsNamed) {
  // cuBLAS itself found in the toolkit, cuBLASLt asked for under names that do not exist.
  const std::string dir = GPUPROBE_CUDA_LIBRARY_DIR;
  if (!std::filesystem::exists(dir + "/libcublas.so.13"))
    GTEST_SKIP() << "no libcublas.so.13 in " << dir;
  const CublasLibrary cublas({dir}, {"libcublas.so.13"}, {"libcublasLt.so.99"});
  EXPECT_FALSE(cublas.available());
  EXPECT_EQ(cublas.reason(), "cuBLASLt not found (libcublasLt.so.99)");
}

TEST(VendorGemm, ReasonIsTheLoadersWhenCublasIsMissingAndOnlyDisablesTheVendorGemm) {
  const std::string empty = testing::TempDir() + "/no_cublas_here";
  std::filesystem::create_directories(empty);
  const CublasLibrary missing({empty});
  gp_run_params params{};
  params.kernel = GP_KERNEL_MATMUL_VENDOR;
  params.precision = GP_PRECISION_FP16;
  params.m = params.n = params.k = 256;
  EXPECT_EQ(vendor_gemm_reason(missing, kHopper, params),
            "cuBLAS not found (libcublas.so.13, libcublas.so.12)");
}

TEST(VendorGemm, ReasonComesFromThePrecisionTableWhenCublasIsThere) {
  const std::string dir = GPUPROBE_CUDA_LIBRARY_DIR;
  const CublasLibrary cublas({dir});
  if (!cublas.available()) GTEST_SKIP() << cublas.reason();
  gp_run_params params{};
  params.kernel = GP_KERNEL_MATMUL_VENDOR;
  params.m = params.n = params.k = 256;
  params.precision = GP_PRECISION_BF16;
  EXPECT_NE(vendor_gemm_reason(cublas, kTuring, params).find("sm_80"), std::string::npos);
  EXPECT_EQ(vendor_gemm_reason(cublas, kAmpere, params), "");
  params.precision = 9;
  EXPECT_EQ(vendor_gemm_reason(cublas, kAmpere, params), "unknown matmul precision 9");
}
