/* Measured core clock: a chain of dependent 64-bit adds retires one add per cycle on every
 * x86-64 core, so adds / seconds is the clock the core really ran at, on all cores at once
 * (one OpenMP thread each), under load, turbo included. A run the VM preempts or that
 * shares its core only gets slower, never faster, so each thread keeps its fastest of 7
 * runs; prints the median over threads in MHz. The benchmark's reference, not product code. */
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static double run(uint64_t loops) {
  uint64_t x = 0;
  double t0 = omp_get_wtime();
  for (uint64_t i = 0; i < loops; ++i) {
#define A4 "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
    __asm__ volatile(A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 A4 : "+r"(x));
  }
  double dt = omp_get_wtime() - t0;
  if (x != loops * 64) abort();
  return (double)loops * 64 / dt / 1e6;
}

static int cmp(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return x < y ? -1 : x > y;
}

int main(void) {
  int n = omp_get_max_threads();
  double* mhz = calloc((size_t)n, sizeof *mhz);
#pragma omp parallel
  {
    int t = omp_get_thread_num();
    run(1u << 22); /* warm up: let the clock ramp */
    for (int r = 0; r < 7; ++r) {
      double f = run(1u << 23);
      if (f > mhz[t]) mhz[t] = f;
    }
  }
  qsort(mhz, (size_t)n, sizeof *mhz, cmp);
  printf("%.0f\n", mhz[n / 2]);
  return 0;
}
