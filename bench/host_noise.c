/* The host's own noise floor, measured without gpuprobe: for SECONDS seconds, alternately
 * time a DRAM pointer chase (4 KiB pages, as gpuprobe's CPU chase uses) and a DRAM copy
 * (huge-page advice, non-temporal stores, one thread per core, as gpuprobe's CPU copy), both
 * over BYTES. It takes the median of each one-second window (a gpuprobe point lasts about
 * that long) and compares windows LAG seconds apart (the time between the same point in two
 * back-to-back runs). If a plain loop moves by more than 10 % over that lag, two gpuprobe
 * runs cannot be expected to agree within 10 % on this host either.
 * usage: host_noise BYTES SECONDS LAG. This file is the benchmark's reference, not product code. */
#include <immintrin.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t xorshift(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void* mapped(size_t bytes, int huge) {
  void* p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    perror("mmap");
    exit(2);
  }
  if (huge) madvise(p, bytes, MADV_HUGEPAGE);
  return p;
}

/* Non-temporal stores past the LLC, as gpuprobe's CPU copy streams them. */
static void copy_lines(uint32_t* dst, const uint32_t* src, size_t lines) {
#if defined(__AVX512F__)
  for (size_t i = 0; i < lines * 16; i += 16)
    _mm512_stream_si512((void*)(dst + i), _mm512_load_si512((const void*)(src + i)));
#elif defined(__AVX2__)
  for (size_t i = 0; i < lines * 16; i += 8)
    _mm256_stream_si256((__m256i*)(dst + i), _mm256_load_si256((const __m256i*)(src + i)));
#else
  memcpy(dst, src, lines * 64);
#endif
  _mm_sfence();
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

static double median(double* v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

enum { kMaxSamples = 1 << 14, kMaxWindows = 600 };
typedef struct {
  double t[kMaxSamples], v[kMaxSamples];
  int n;
} series;

/* Medians of one-second windows, then the ratio of every pair of windows `lag` seconds
 * apart: how far one short measurement can move by the time the next run repeats it. */
static void report(const char* name, const char* unit, const series* s, int lag) {
  static double window[kMaxWindows], scratch[kMaxSamples], dev[kMaxWindows];
  int windows = 0;
  for (int w = 0; w < kMaxWindows; ++w) {
    int n = 0;
    for (int i = 0; i < s->n; ++i)
      if ((int)s->t[i] == w) scratch[n++] = s->v[i];
    if (n == 0) break;
    window[windows++] = median(scratch, n);
  }
  int pairs = 0, outside = 0;
  double worst = 0;
  for (int w = 0; w + lag < windows; ++w) {
    double d = window[w + lag] / window[w] - 1;
    d = d < 0 ? -d : d;
    dev[pairs++] = d;
    outside += d > 0.10;
    worst = d > worst ? d : worst;
  }
  double lo = 1e300, hi = 0;
  for (int w = 0; w < windows; ++w) {
    lo = window[w] < lo ? window[w] : lo;
    hi = window[w] > hi ? window[w] : hi;
  }
  if (pairs == 0) {
    printf("%s: too few one-second windows for a %d s lag\n", name, lag);
    return;
  }
  printf(
      "%-6s 1-s medians %.1f .. %.1f %s; windows %d s apart differ by median %.1f %%, "
      "worst %.1f %%, %d of %d pairs by more than 10 %%\n",
      name, lo, hi, unit, lag, 100 * median(dev, pairs), 100 * worst, outside, pairs);
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: host_noise BYTES SECONDS LAG\n");
    return 2;
  }
  const size_t bytes = strtoull(argv[1], 0, 10) / 4096 * 4096;
  const double seconds = atof(argv[2]);
  const int lag = atoi(argv[3]);
  const size_t nodes = bytes / 64, words = bytes / 4;

  /* Chase: a random cyclic permutation (Sattolo) of 64-byte nodes on 4 KiB pages. */
  uint32_t* chase = mapped(bytes, 0);
  uint32_t* order = malloc(nodes * sizeof *order);
  for (size_t i = 0; i < nodes; ++i) order[i] = (uint32_t)i;
  for (size_t i = nodes - 1; i > 0; --i) {
    size_t j = xorshift() % i;
    uint32_t t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < nodes; ++i) chase[(size_t)order[i] * 16] = order[(i + 1) % nodes];
  free(order);

  uint32_t* src = mapped(bytes, 1);
  uint32_t* dst = mapped(bytes, 1);
  memset(src, 1, bytes);
  memset(dst, 0, bytes);
  const int threads = omp_get_max_threads();
  const size_t lines = bytes / 64;

  static series lat, bw;
  uint32_t node = 0;
  const double start = omp_get_wtime();
  const uint64_t steps = 1u << 19;
  while (omp_get_wtime() - start < seconds && lat.n < kMaxSamples) {
    double t0 = omp_get_wtime();
    for (uint64_t s = 0; s < steps; ++s) node = chase[(size_t)node * 16];
    double t1 = omp_get_wtime();
    lat.t[lat.n] = t0 - start;
    lat.v[lat.n++] = (t1 - t0) / (double)steps * 1e9;
#pragma omp parallel
    {
      int t = omp_get_thread_num();
      size_t begin = lines * t / threads, end = lines * (t + 1) / threads;
      copy_lines(dst + begin * 16, src + begin * 16, end - begin);
    }
    double t2 = omp_get_wtime();
    bw.t[bw.n] = t1 - start;
    bw.v[bw.n++] = 2.0 * (double)bytes / (t2 - t1) / 1e9;
  }
  if (dst[words - 1] != src[words - 1]) return 1;
  report("chase", "ns", &lat, lag);
  report("copy", "GB/s", &bw, lag);
  printf("(chase end node %u)\n", node);
  return 0;
}
