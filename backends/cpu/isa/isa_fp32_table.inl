// The fp32/fp64/int32 kernel table of one instruction set, shared by the generic, AVX2 and
// AVX-512 files (included inside their anonymous namespace, after compute_chains.inl,
// sgemm_blocked.inl and stream_loops.inl). The including file defines first:
//   kIsaName, kVectorBytes              its name and register width in bytes
//   kGemmRows, kGemmKc, kGemmMc, kGemmNc  its SGEMM register tile and cache blocking
// Each file is compiled with its own -m flags, so the same source becomes its own code.

typedef float RegisterF32 __attribute__((vector_size(kVectorBytes)));
typedef double RegisterF64 __attribute__((vector_size(kVectorBytes)));
typedef uint32_t RegisterU32 __attribute__((vector_size(kVectorBytes)));

constexpr unsigned kLanes32 = kVectorBytes / 4;

void fp32_chains(uint64_t iterations, float a, float b, const float* starts, float* out) {
  run_chains<RegisterF32, float, float>(1, iterations, a, b, 0.0f, starts, out);
}
void fp64_chains(uint64_t iterations, double a, double b, const double* starts, double* out) {
  run_chains<RegisterF64, double, double>(1, iterations, a, b, 0.0, starts, out);
}
void int32_chains(uint64_t iterations, uint32_t a, uint32_t b, const uint32_t* starts,
                  uint32_t* out) {
  run_chains<RegisterU32, uint32_t, uint32_t>(1, iterations, a, b, 0u, starts, out);
}

using Sgemm = Gemm<float, RegisterF32, ScalarBroadcast<float, RegisterF32>, kGemmRows, kGemmKc,
                   kGemmMc, kGemmNc>;

constexpr IsaKernels kKernels = {
    .name = kIsaName,
    .vector_bits = kVectorBytes * 8,
    .stream = {stream_loops<1>(), stream_loops<2>(), stream_loops<4>(), stream_loops<8>(),
               stream_loops<16>()},
    .native_stream_width = kLanes32,
    .repeated_sum = &repeated_sum<kLanes32>,
    .lanes_fp32 = kLanes32,
    .lanes_fp64 = kLanes32 / 2,
    .fused_multiply_add = kFusedMultiplyAdd,
    .fp32_chains = &fp32_chains,
    .fp64_chains = &fp64_chains,
    .int32_chains = &int32_chains,
    .sgemm = &Sgemm::run,
    .sgemm_workspace_floats = Sgemm::kWorkspaceElements,
    .sgemm_tile_rows = Sgemm::kTileRows,
    .sgemm_tile_cols = Sgemm::NR,
};
