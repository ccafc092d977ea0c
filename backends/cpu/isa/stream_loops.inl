// read / write / copy loops for one vector width W (see vector_types.inl for why this is
// an .inl). Each loop touches exactly W words per load or store instruction: on a
// variant whose registers are narrower than W, GCC splits the access, and the caller
// says so. Counts are whole 64-byte lines (16 words).

#include "isa/vector_types.inl"

// Lines are visited four 4 KiB pages at a time, one line of each page per step. Four
// sequential streams per thread keep more DRAM requests in flight than one stream does
// (each gets its own hardware prefetcher), which measured 30-50 % more read and copy
// bandwidth here; glibc's large memcpy interleaves pages the same way. Every word is
// still touched exactly once per launch.
constexpr uint64_t kWordsPerLine = 16;
constexpr uint64_t kPageLines = 4096 / 64;
constexpr unsigned kStreams = 4;

template <typename LineFn>
GP_ALWAYS_INLINE void for_each_line_interleaved(uint64_t lines, LineFn&& line) {
  uint64_t i = 0;
  for (; i + kStreams * kPageLines <= lines; i += kStreams * kPageLines) {
    for (uint64_t l = 0; l < kPageLines; ++l) {
#pragma GCC unroll 4
      for (unsigned s = 0; s < kStreams; ++s) line(i + s * kPageLines + l, s);
    }
  }
  for (; i < lines; ++i) line(i, 0);  // the last < 4 pages, in order
}

template <unsigned W>
uint32_t sum_words(const uint32_t* data, uint64_t count) {
  using V = u32v<W>;
  constexpr uint64_t kPerLine = kWordsPerLine / W;
  const V* v = reinterpret_cast<const V*>(data);
  V acc[kStreams];
  for (unsigned s = 0; s < kStreams; ++s) acc[s] = splat<W>(0);
  for_each_line_interleaved(count / kWordsPerLine, [&](uint64_t line, unsigned s) {
#pragma GCC unroll 16
    for (uint64_t j = 0; j < kPerLine; ++j) acc[s] += v[line * kPerLine + j];
  });
  return lane_sum<W>((acc[0] + acc[1]) + (acc[2] + acc[3]));
}

// A store that bypasses the caches (no read-for-ownership of the destination line), as
// STREAM-class loops use for buffers far larger than the last-level cache.
template <unsigned W>
GP_ALWAYS_INLINE void store_streaming(u32v<W>* dst, u32v<W> value) {
#if defined(__x86_64__)
  if constexpr (W == 1) {
    _mm_stream_si32(reinterpret_cast<int*>(dst), static_cast<int>(value));
  } else if constexpr (W == 2) {
    long long bits;
    __builtin_memcpy(&bits, &value, sizeof bits);
    _mm_stream_si64(reinterpret_cast<long long*>(dst), bits);
  } else if constexpr (W == 4) {
    _mm_stream_si128(reinterpret_cast<__m128i*>(dst), reinterpret_cast<__m128i&>(value));
  } else if constexpr (W == 8) {
#if defined(__AVX__)
    _mm256_stream_si256(reinterpret_cast<__m256i*>(dst), reinterpret_cast<__m256i&>(value));
#else
    const __m128i* part = reinterpret_cast<const __m128i*>(&value);
    __m128i* out = reinterpret_cast<__m128i*>(dst);
    _mm_stream_si128(out, part[0]);
    _mm_stream_si128(out + 1, part[1]);
#endif
  } else {
#if defined(__AVX512F__)
    _mm512_stream_si512(reinterpret_cast<__m512i*>(dst), reinterpret_cast<__m512i&>(value));
#elif defined(__AVX__)
    const __m256i* part = reinterpret_cast<const __m256i*>(&value);
    __m256i* out = reinterpret_cast<__m256i*>(dst);
    _mm256_stream_si256(out, part[0]);
    _mm256_stream_si256(out + 1, part[1]);
#else
    const __m128i* part = reinterpret_cast<const __m128i*>(&value);
    __m128i* out = reinterpret_cast<__m128i*>(dst);
    for (int i = 0; i < 4; ++i) _mm_stream_si128(out + i, part[i]);
#endif
  }
#else
  *dst = value;  // no portable non-temporal store: a plain one
#endif
}

GP_ALWAYS_INLINE void streaming_fence() {
#if defined(__x86_64__)
  _mm_sfence();  // order the weakly-ordered streaming stores before the join
#endif
}

template <unsigned W, bool kStreaming>
GP_ALWAYS_INLINE void store(u32v<W>* dst, u32v<W> value) {
  if constexpr (kStreaming) {
    store_streaming<W>(dst, value);
  } else {
    *dst = value;
  }
}

// write_pattern(seed, i) = i * 2654435761 ^ seed; the product is carried forward by
// addition (4 * W * 2654435761 per round) so the loop costs one add and one xor per store.
template <unsigned W, bool kStreaming>
void write_words_impl(uint32_t* data, uint64_t first_index, uint64_t count, uint32_t seed) {
  using V = u32v<W>;
  constexpr uint32_t kMul = 2654435761u;
  V* v = reinterpret_cast<V*>(data);
  const uint64_t n = count / W;
  const V s = splat<W>(seed);
  const V step = splat<W>(static_cast<uint32_t>(4u * W * kMul));
  V p0 = (splat<W>(static_cast<uint32_t>(first_index)) + lane_index<W>()) * kMul;
  V p1 = p0 + W * kMul, p2 = p1 + W * kMul, p3 = p2 + W * kMul;
  uint64_t i = 0;
  for (; i + 4 <= n; i += 4) {
    store<W, kStreaming>(v + i, p0 ^ s);
    store<W, kStreaming>(v + i + 1, p1 ^ s);
    store<W, kStreaming>(v + i + 2, p2 ^ s);
    store<W, kStreaming>(v + i + 3, p3 ^ s);
    p0 += step;
    p1 += step;
    p2 += step;
    p3 += step;
  }
  for (; i < n; ++i) {
    store<W, kStreaming>(v + i, p0 ^ s);
    p0 += W * kMul;
  }
  if constexpr (kStreaming) streaming_fence();
}

template <unsigned W>
void write_words(uint32_t* data, uint64_t first_index, uint64_t count, uint32_t seed,
                 bool streaming) {
  if (streaming) {
    write_words_impl<W, true>(data, first_index, count, seed);
  } else {
    write_words_impl<W, false>(data, first_index, count, seed);
  }
}

template <unsigned W, bool kStreaming>
void copy_words_impl(uint32_t* dst, const uint32_t* src, uint64_t count) {
  using V = u32v<W>;
  constexpr uint64_t kPerLine = kWordsPerLine / W;
  V* d = reinterpret_cast<V*>(dst);
  const V* s = reinterpret_cast<const V*>(src);
  auto copy_line = [&](uint64_t line, unsigned) {
#pragma GCC unroll 16
    for (uint64_t j = 0; j < kPerLine; ++j)
      store<W, kStreaming>(d + line * kPerLine + j, s[line * kPerLine + j]);
  };
  if constexpr (kStreaming) {
    // Streaming stores go out through the write-combining buffers, which fill best from one
    // sequential stream: interleaving four pages cost ~20 % of copy bandwidth against a
    // plain streaming loop (bench/cpu-vs-stream, AMD EPYC).
    for (uint64_t line = 0; line < count / kWordsPerLine; ++line) copy_line(line, 0);
  } else {
    for_each_line_interleaved(count / kWordsPerLine, copy_line);
  }
  if constexpr (kStreaming) streaming_fence();
}

template <unsigned W>
void copy_words(uint32_t* dst, const uint32_t* src, uint64_t count, bool streaming) {
  if (streaming) {
    copy_words_impl<W, true>(dst, src, count);
  } else {
    copy_words_impl<W, false>(dst, src, count);
  }
}

template <unsigned W>
constexpr StreamLoops stream_loops() {
  return {&sum_words<W>, &write_words<W>, &copy_words<W>};
}

// local_bandwidth: the same block summed `passes` times. The empty asm makes the block's
// address opaque each pass, so the compiler cannot prove two passes read the same data and
// fold them into one; eight accumulators cover the add latency at two loads per cycle.
template <unsigned W>
uint32_t repeated_sum(const uint32_t* block, uint64_t count, uint64_t passes) {
  using V = u32v<W>;
  const uint64_t n = count / W;
  V a0 = splat<W>(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (uint64_t pass = 0; pass < passes; ++pass) {
    const uint32_t* p = block;
    asm volatile("" : "+r"(p));
    const V* v = reinterpret_cast<const V*>(p);
    for (uint64_t i = 0; i + 8 <= n; i += 8) {
      a0 += v[i];
      a1 += v[i + 1];
      a2 += v[i + 2];
      a3 += v[i + 3];
      a4 += v[i + 4];
      a5 += v[i + 5];
      a6 += v[i + 6];
      a7 += v[i + 7];
    }
  }
  return lane_sum<W>(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
}
