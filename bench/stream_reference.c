/* STREAM-style Copy built to gpuprobe's CPU policy, so the ratio compares like with like:
 * buffers from mmap with MADV_HUGEPAGE (gpuprobe's HostBuffer, huge pages), pages touched
 * before timing, one OpenMP thread per core, non-temporal stores when asked (gpuprobe
 * streams its stores past the LLC and says so in the point's note), each sample a batch of
 * passes lasting >= 20 ms, the median of the samples reported.
 * usage: stream_reference BYTES_PER_BUFFER NT(0|1) SAMPLES -> prints GB/s (2 x bytes per pass)
 * This file is the benchmark's reference, not product code. */
#include <immintrin.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void* huge_buffer(size_t bytes) {
  const size_t huge = 2u << 20;
  size_t mapped = (bytes + huge - 1) / huge * huge;
  void* p = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(1);
  }
  madvise(p, mapped, MADV_HUGEPAGE);
  return p;
}

static void copy_range(uint32_t* dst, const uint32_t* src, size_t words, int nt) {
#if defined(__AVX512F__)
  if (nt) {
    for (size_t i = 0; i < words; i += 16)
      _mm512_stream_si512((void*)(dst + i), _mm512_load_si512((const void*)(src + i)));
    return;
  }
#elif defined(__AVX2__)
  if (nt) {
    for (size_t i = 0; i < words; i += 8)
      _mm256_stream_si256((__m256i*)(dst + i), _mm256_load_si256((const __m256i*)(src + i)));
    return;
  }
#endif
  (void)nt;
  memcpy(dst, src, words * sizeof *dst);
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char** argv) {
  size_t bytes = argc > 1 ? strtoull(argv[1], 0, 10) : (512ull << 20);
  int nt = argc > 2 ? atoi(argv[2]) : 1;
  int samples = argc > 3 ? atoi(argv[3]) : 15;
  bytes = bytes / 4096 * 4096;
  size_t words = bytes / 4;
  uint32_t* a = huge_buffer(bytes);
  uint32_t* c = huge_buffer(bytes);
  int threads = omp_get_max_threads();
#pragma omp parallel for
  for (size_t i = 0; i < words; ++i) {
    a[i] = (uint32_t)(i * 2654435761u);
    c[i] = 0;
  }
  /* Each thread owns a contiguous share of whole 64-byte lines, as gpuprobe's pool does. */
  size_t lines = bytes / 64;
  int passes = 1;
  double* seconds = malloc(sizeof(double) * (size_t)samples);
  for (int s = -1; s < samples;) {
    double t0 = omp_get_wtime();
    for (int p = 0; p < passes; ++p) {
#pragma omp parallel
      {
        int t = omp_get_thread_num();
        size_t begin = lines * t / threads, end = lines * (t + 1) / threads;
        copy_range(c + begin * 16, a + begin * 16, (end - begin) * 16, nt);
        _mm_sfence();
      }
    }
    double dt = omp_get_wtime() - t0;
    if (dt < 0.02 && s < 0) {
      passes *= 2;
      continue;
    } /* calibrate the batch */
    if (s >= 0) seconds[s] = dt / passes;
    ++s;
  }
  if (memcmp(a, c, bytes) != 0) {
    fprintf(stderr, "copy check failed\n");
    return 1;
  }
  qsort(seconds, (size_t)samples, sizeof *seconds, by_value);
  double median =
      samples % 2 ? seconds[samples / 2] : 0.5 * (seconds[samples / 2 - 1] + seconds[samples / 2]);
  printf("%.3f\n", 2.0 * (double)bytes / median / 1e9);
  return 0;
}
