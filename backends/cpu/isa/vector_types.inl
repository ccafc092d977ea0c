// GCC vector types for the ISA translation units. Included inside an anonymous namespace
// by each isa_*.cpp, so every instruction set gets its own private copy of the code (no
// inline function compiled for AVX-512 can be picked by the linker for a plain-x86 caller).
//
// may_alias: the buffers are uint32_t/float arrays viewed through vector types.
// aligned(4): a loop may start at any word; the bandwidth buffers are 64-byte aligned anyway.
#pragma once

template <unsigned W>
struct U32Vector;
template <>
struct U32Vector<1> {
  using type = uint32_t;
};
template <>
struct U32Vector<2> {
  typedef uint32_t type __attribute__((vector_size(8), may_alias, aligned(4)));
};
template <>
struct U32Vector<4> {
  typedef uint32_t type __attribute__((vector_size(16), may_alias, aligned(4)));
};
template <>
struct U32Vector<8> {
  typedef uint32_t type __attribute__((vector_size(32), may_alias, aligned(4)));
};
template <>
struct U32Vector<16> {
  typedef uint32_t type __attribute__((vector_size(64), may_alias, aligned(4)));
};
template <unsigned W>
using u32v = typename U32Vector<W>::type;

#define GP_ALWAYS_INLINE inline __attribute__((always_inline))

// Lane l holds l (for W == 1: 0).
template <unsigned W>
GP_ALWAYS_INLINE u32v<W> lane_index() {
  if constexpr (W == 1) {
    return 0;
  } else {
    u32v<W> v{};
    for (unsigned l = 0; l < W; ++l) v[l] = l;
    return v;
  }
}

template <unsigned W>
GP_ALWAYS_INLINE u32v<W> splat(uint32_t s) {
  if constexpr (W == 1) {
    return s;
  } else {
    return u32v<W>{} + s;
  }
}

template <unsigned W>
GP_ALWAYS_INLINE uint32_t lane_sum(u32v<W> v) {
  if constexpr (W == 1) {
    return v;
  } else {
    uint32_t s = 0;
    for (unsigned l = 0; l < W; ++l) s += v[l];
    return s;
  }
}
