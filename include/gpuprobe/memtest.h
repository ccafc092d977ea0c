/* gpuprobe VRAM integrity test ABI: an OPTIONAL entry point of a backend plugin.
 *
 * A plugin that can test its devices' memory exports gp_plugin_memtest() next to
 * gpuprobe_plugin_entry(), returning a static gp_memtest table with its own version. A
 * plugin without the symbol loads as before; this table never changes
 * GP_PLUGIN_ABI_VERSION. run() is called after the plugin's init(), never at the same time
 * as the plugin's own run().
 *
 * The test allocates as much device memory as it may (max_bytes, or 90 % of free memory
 * where the driver tells it, of total memory where it does not), in chunks where one big
 * allocation is refused, and runs each pattern as fill -> verify on the device. A word is 32
 * bits; an address is a byte offset into the tested memory, chunk after chunk in allocation
 * order. The device counts every mismatching word and records the first ones (address,
 * expected, got); the host turns them into a report (gpuprobe/memtest_report.hpp).
 * Same rules as plugin.h: plain C, status codes, no exceptions.
 */
#ifndef GPUPROBE_MEMTEST_H
#define GPUPROBE_MEMTEST_H

#include <stdint.h>

#include "gpuprobe/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bump on any change to the structs or the table below. */
#define GP_MEMTEST_VERSION 1u
#define GP_MEMTEST_ENTRY_SYMBOL "gp_plugin_memtest"
#define GP_MEMTEST_MAX_FAILURES 1024u /* failures recorded in full; the rest are counted */

/* One pattern = one or more fill/verify sweeps over all tested memory. */
typedef enum gp_memtest_pattern {
  GP_MEMTEST_OWN_ADDRESS = 0,       /* each word holds its own word address (xor a pass salt) */
  GP_MEMTEST_WALKING_ONES = 1,      /* one set bit, its position moving with the address */
  GP_MEMTEST_WALKING_ZEROS = 2,     /* one clear bit, likewise */
  GP_MEMTEST_MOVING_INVERSIONS = 3, /* random words; verify and write the complement in one
                                       sweep; verify the complement */
  GP_MEMTEST_RANDOM = 4,            /* random words from the seed */
  GP_MEMTEST_RETENTION = 5,         /* random words, re-read after an idle pause */
  GP_MEMTEST_PATTERN_COUNT = 6
} gp_memtest_pattern;
#define GP_MEMTEST_ALL_PATTERNS ((1u << GP_MEMTEST_PATTERN_COUNT) - 1u)

/* Called from run()'s thread between sweeps: the share of the whole test done (0..1) and
 * what runs next ("pass 1/2: walking_ones"). */
typedef void (*gp_memtest_progress_fn)(void* user, double fraction, const char* step);

typedef struct gp_memtest_params {
  uint32_t struct_size;            /* sizeof(gp_memtest_params) */
  uint32_t passes;                 /* >= 1: every selected pattern, this many times */
  uint64_t max_bytes;              /* 0: the default share of the device's memory; else at most this
                                      (more than the device has is GP_ERR_INVALID_ARGUMENT) */
  uint32_t patterns;               /* bit (1u << gp_memtest_pattern) each; 0: all */
  uint32_t seed;                   /* random patterns */
  double idle_seconds;             /* retention: pause between fill and re-read */
  const volatile int* cancel;      /* optional: non-zero stops the test between sweeps */
  gp_memtest_progress_fn progress; /* optional */
  void* progress_user;
  uint64_t max_chunk_bytes; /* 0: the API's largest allocation; else chunks of at most this
                               (a driver that misbehaves on large ones; tests) */
} gp_memtest_params;

typedef struct gp_memtest_failure {
  uint64_t address;  /* byte offset of the word in the tested memory */
  uint32_t expected; /* what was written (or its complement, for the inverted sweep) */
  uint32_t got;      /* what was read */
  uint32_t pattern;  /* gp_memtest_pattern */
  uint32_t pass;     /* 0-based */
} gp_memtest_failure;

typedef struct gp_memtest_result {
  uint32_t struct_size;
  uint32_t chunk_count;   /* allocations the tested memory came in */
  uint64_t tested_bytes;  /* sum of the chunks */
  uint64_t device_bytes;  /* the device's memory as the driver reports it */
  uint64_t free_bytes;    /* free memory before the test; 0 where the driver has no figure */
  uint64_t words_checked; /* word reads compared, over all sweeps */
  uint64_t error_count;   /* mismatching word reads, over all sweeps */
  uint32_t passes_done;   /* complete passes (fewer than asked when cancelled) */
  uint32_t failure_count; /* failures[] filled: min(error_count, GP_MEMTEST_MAX_FAILURES) */
  double seconds;         /* wall time of the whole test */
  gp_memtest_failure failures[GP_MEMTEST_MAX_FAILURES]; /* the first ones, in test order */
  char note[GP_NOTE_CAPACITY];                          /* chunking, defaults, injected faults */
} gp_memtest_result;

typedef struct gp_memtest {
  uint32_t version; /* GP_MEMTEST_VERSION the plugin was built against */
  /* Run the test on one device. GP_ERR_CANCELLED when *cancel stopped it (result holds
   * what was done); GP_ERR_INVALID_ARGUMENT for bad params; GP_ERR_OUT_OF_MEMORY when not
   * even one chunk could be allocated. Errors found in memory are GP_OK with
   * error_count > 0: the test worked. */
  gp_status (*run)(uint32_t device, const gp_memtest_params* params, gp_memtest_result* result);
  /* Message for the last failing call on this thread. */
  const char* (*last_error)(void);
} gp_memtest;

typedef const gp_memtest* (*gp_memtest_entry_fn)(void);

/* The name of a pattern ("walking_ones"), or NULL. */
static inline const char* gp_memtest_pattern_name(uint32_t pattern) {
  switch (pattern) {
    case GP_MEMTEST_OWN_ADDRESS:
      return "own_address";
    case GP_MEMTEST_WALKING_ONES:
      return "walking_ones";
    case GP_MEMTEST_WALKING_ZEROS:
      return "walking_zeros";
    case GP_MEMTEST_MOVING_INVERSIONS:
      return "moving_inversions";
    case GP_MEMTEST_RANDOM:
      return "random";
    case GP_MEMTEST_RETENTION:
      return "retention";
    default:
      return 0;
  }
}

#ifdef __cplusplus
}
#endif

#endif /* GPUPROBE_MEMTEST_H */
