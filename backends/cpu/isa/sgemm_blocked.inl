// Blocked, packed, register-tiled GEMM in the BLIS style, for elements T (float, or
// _Float16 with AVX512-FP16), one register type V of L elements and a micro-tile of MR rows
// x NR = 2L columns (see isa_kernels.hpp). Accumulates in T, as the hardware FMA does. Packed B
// panels are 64-byte aligned; rows of C start wherever n puts them, so C goes through
// memcpy, which compiles to unaligned vector moves.
//
// Loops, outer to inner: pc (KC-deep slice of k) -> jc (NC columns: pack B's KC x NC block,
// sized for L2) -> ic (MC rows: pack A's MC x KC block) -> ir (an MR-row panel of A, which
// stays in L1) -> jr (NR-column panels of B streamed from L2) -> micro-kernel: MR x 2
// accumulator registers, per k step two vector loads of B and MR broadcasts of A feeding
// 2*MR FMAs. Packing pads edges with zeros so the micro-kernel never branches on size.

#include "isa/vector_types.inl"

// How an element of A is kept in the packed panel and broadcast to a whole register: for
// float, as itself, read by vbroadcastss (a plain load). x - 0 folds to x (0 + x would
// not: -0 + 0 is +0), so no add is spent on forming the splat.
template <typename T, typename V>
struct ScalarBroadcast {
  using Stored = T;
  static Stored pack(T x) { return x; }
  static GP_ALWAYS_INLINE V broadcast(const Stored* p) { return *p - V{}; }
};

template <typename T, typename V, typename Broadcast, unsigned MR, unsigned KC, unsigned MC,
          unsigned NC>
struct Gemm {
  using AStored = typename Broadcast::Stored;
  static constexpr unsigned L = sizeof(V) / sizeof(T);
  static constexpr unsigned kTileRows = MR;
  static constexpr unsigned NR = 2 * L;
  static constexpr uint64_t kPackedAElements = uint64_t{MC} * KC * sizeof(AStored) / sizeof(T);
  static constexpr uint64_t kWorkspaceElements = kPackedAElements + uint64_t{KC} * NC;
  static_assert(MC % MR == 0 && NC % NR == 0, "blocks must hold whole micro-panels");

  // B[pc.., jc..] (kc x nc) -> panels of NR columns, each kc rows of NR contiguous elements.
  static void pack_b(const T* b, uint64_t n, uint64_t pc, uint64_t jc, unsigned kc, unsigned nc,
                     T* out) {
    for (unsigned j0 = 0; j0 < nc; j0 += NR) {
      const unsigned cols = nc - j0 < NR ? nc - j0 : NR;
      for (unsigned p = 0; p < kc; ++p) {
        const T* src = b + (pc + p) * n + jc + j0;
        if (cols == NR) {
          for (unsigned j = 0; j < NR; ++j) out[j] = src[j];
        } else {
          for (unsigned j = 0; j < NR; ++j) out[j] = j < cols ? src[j] : T(0);
        }
        out += NR;
      }
    }
  }

  // A[ic.., pc..] (mc x kc) -> panels of MR rows, each kc steps of MR contiguous elements.
  static void pack_a(const T* a, uint64_t k, uint64_t ic, uint64_t pc, unsigned mc, unsigned kc,
                     AStored* out) {
    for (unsigned i0 = 0; i0 < mc; i0 += MR) {
      const unsigned rows = mc - i0 < MR ? mc - i0 : MR;
      for (unsigned p = 0; p < kc; ++p) {
        for (unsigned r = 0; r < MR; ++r)
          out[r] = Broadcast::pack(r < rows ? a[(ic + i0 + r) * k + pc + p] : T(0));
        out += MR;
      }
    }
  }

  // C tile (rows x cols valid of MR x NR) = (accumulate ? C : 0) + Ap * Bp, times `alpha`
  // when `scale` (the last KC slice: alpha is applied once, at the final store).
  static GP_ALWAYS_INLINE void micro(unsigned kc, const AStored* ap, const T* bp, T* c,
                                     uint64_t ldc, bool accumulate, bool scale, T alpha,
                                     unsigned rows, unsigned cols) {
    V acc[MR][2];
#pragma GCC unroll 32
    for (unsigned r = 0; r < MR; ++r) acc[r][0] = acc[r][1] = V{};
    for (unsigned p = 0; p < kc; ++p) {
      const V b0 = *reinterpret_cast<const V*>(bp);
      const V b1 = *reinterpret_cast<const V*>(bp + L);
#pragma GCC unroll 32
      for (unsigned r = 0; r < MR; ++r) {
        const V ar = Broadcast::broadcast(ap + r);
        acc[r][0] += ar * b0;
        acc[r][1] += ar * b1;
      }
      ap += MR;
      bp += NR;
    }
    if (rows == MR && cols == NR) {
#pragma GCC unroll 32
      for (unsigned r = 0; r < MR; ++r) {
        T* row = c + r * ldc;
        if (accumulate) {
          V old0, old1;
          __builtin_memcpy(&old0, row, sizeof(V));
          __builtin_memcpy(&old1, row + L, sizeof(V));
          acc[r][0] += old0;
          acc[r][1] += old1;
        }
        if (scale) {
          acc[r][0] *= alpha;
          acc[r][1] *= alpha;
        }
        __builtin_memcpy(row, &acc[r][0], sizeof(V));
        __builtin_memcpy(row + L, &acc[r][1], sizeof(V));
      }
      return;
    }
    // Edge tile: only the valid part reaches C.
    for (unsigned r = 0; r < rows; ++r) {
      for (unsigned j = 0; j < cols; ++j) {
        const T v = j < L ? acc[r][0][j] : acc[r][1][j - L];
        const T sum = accumulate ? c[r * ldc + j] + v : v;
        c[r * ldc + j] = scale ? sum * alpha : sum;
      }
    }
  }

  // `depth` <= k steps of the k dimension (k is A's row length); C = alpha * A x B.
  static void run(const T* a, const T* b, T* c, uint64_t m, uint64_t n, uint64_t k,
                  uint64_t depth, uint64_t row_begin, uint64_t row_end, T alpha, T* workspace) {
    (void)m;
    AStored* packed_a = reinterpret_cast<AStored*>(workspace);
    T* packed_b = workspace + kPackedAElements;
    for (uint64_t pc = 0; pc < depth; pc += KC) {
      const unsigned kc = static_cast<unsigned>(depth - pc < KC ? depth - pc : KC);
      const bool last = pc + kc == depth;
      for (uint64_t jc = 0; jc < n; jc += NC) {
        const unsigned nc = static_cast<unsigned>(n - jc < NC ? n - jc : NC);
        pack_b(b, n, pc, jc, kc, nc, packed_b);
        for (uint64_t ic = row_begin; ic < row_end; ic += MC) {
          const unsigned mc = static_cast<unsigned>(row_end - ic < MC ? row_end - ic : MC);
          pack_a(a, k, ic, pc, mc, kc, packed_a);
          for (unsigned i0 = 0; i0 < mc; i0 += MR) {
            const unsigned rows = mc - i0 < MR ? mc - i0 : MR;
            const AStored* ap = packed_a + uint64_t{i0} * kc;
            for (unsigned j0 = 0; j0 < nc; j0 += NR) {
              const unsigned cols = nc - j0 < NR ? nc - j0 : NR;
              micro(kc, ap, packed_b + uint64_t{j0} * kc, c + (ic + i0) * n + jc + j0, n, pc != 0,
                    last, alpha, rows, cols);
            }
          }
        }
      }
    }
  }
};
