/* gpuprobe plugin ABI: plain C, versioned, status codes only.
 *
 * A backend is a MODULE library named gpuprobe-backend-<api>.so that exports one
 * function, gpuprobe_plugin_entry(), returning a static gp_plugin table. The loader
 * checks abi_version before touching anything else, then calls init(). No C++ type and
 * no exception crosses this boundary; strings returned by a plugin stay valid until
 * shutdown() (or, for last_error, until the next call into the plugin).
 *
 * Policy lives in the core (warm-up, repetitions, batch size, sweeps); plugins own the
 * mechanism: allocate, fill, launch, time on the device, verify, and report samples.
 *
 * ABI 2: gp_run_params carries the adaptive sampling policy (max_samples,
 * target_ci_half_width, sampling_budget_seconds; `samples` is the minimum) and
 * gp_run_result says which figures the plugin adjusted (adjustments, GP_ADJUST_*).
 * ABI 3: gp_precision gained tf32, bf16 and int8 (matmul on tensor cores / vendor BLAS),
 * and kernels.def gained matmul_tensor: a plugin built for 2 knows neither.
 */
#ifndef GPUPROBE_PLUGIN_H
#define GPUPROBE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bump on any change to the structs or the table below. */
#define GP_PLUGIN_ABI_VERSION 3u
#define GP_PLUGIN_ENTRY_SYMBOL "gpuprobe_plugin_entry"
#define GP_MAX_SAMPLES 64u
#define GP_NOTE_CAPACITY 256u

#if defined(__GNUC__)
#define GP_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define GP_PLUGIN_EXPORT
#endif

typedef enum gp_status {
  GP_OK = 0,
  GP_ERR_UNAVAILABLE = 1,      /* runtime/driver missing: the whole backend is unavailable */
  GP_ERR_UNSUPPORTED = 2,      /* this kernel/params cannot run on this device (a state) */
  GP_ERR_INVALID_ARGUMENT = 3, /* bad device index or params */
  GP_ERR_OUT_OF_MEMORY = 4,    /* allocation failed on host or device */
  GP_ERR_DEVICE = 5,           /* API call failed, device lost, build failure, ... */
  GP_ERR_CANCELLED = 6,        /* *cancel became non-zero */
  GP_ERR_INTERNAL = 7
} gp_status;

typedef enum gp_kernel_id {
#define GP_KERNEL(id, name, family, unit, metric, scale, output, counting) GP_KERNEL_##id,
#include "gpuprobe/kernels.def"
#undef GP_KERNEL
  GP_KERNEL_COUNT
} gp_kernel_id;

typedef enum gp_metric { GP_METRIC_RATE = 0, GP_METRIC_LATENCY = 1 } gp_metric;

/* Whether a kernel's output proves its work (kernels.def, column `output`). */
typedef enum gp_output { GP_OUTPUT_CHECKED = 0, GP_OUTPUT_NONE = 1 } gp_output;

/* Typed device capability: one key, one value. Keys are snake_case and shared across
 * backends where they mean the same thing (see README "Device info keys"). */
typedef enum gp_value_type {
  GP_VALUE_INT = 0,   /* int_value */
  GP_VALUE_BOOL = 1,  /* int_value is 0 or 1 */
  GP_VALUE_FLOAT = 2, /* float_value */
  GP_VALUE_STRING = 3 /* string_value */
} gp_value_type;

typedef struct gp_info_entry {
  const char* key;
  gp_value_type type;
  int64_t int_value;
  double float_value;
  const char* string_value;
  const char* unit; /* "bytes", "MHz", ... or "" */
} gp_info_entry;

/* Matmul precision: the input type, with the accumulator each names (gpuprobe/precision.hpp
 * has the names used on the command line and in result files). */
typedef enum gp_precision {
  GP_PRECISION_FP32 = 0, /* fp32 in, fp32 accumulate */
  GP_PRECISION_FP16 = 1, /* fp16 in; accumulator as the backend says in its note */
  GP_PRECISION_TF32 = 2, /* fp32 in, rounded to tf32 (10-bit mantissa) by the device */
  GP_PRECISION_BF16 = 3, /* bf16 in, fp32 accumulate */
  GP_PRECISION_INT8 = 4  /* int8 in, int32 accumulate */
} gp_precision;
#define GP_PRECISION_COUNT 5u

/* Flags for gp_run_params.flags. */
#define GP_FLAG_PINNED 0x1u /* transfers: pinned / mapped host memory instead of pageable */

typedef struct gp_run_params {
  uint32_t struct_size;  /* sizeof(gp_run_params) */
  uint32_t kernel;       /* gp_kernel_id */
  uint64_t size_bytes;   /* working set per buffer; plugin may clamp and say so */
  uint32_t vector_width; /* elements per access: 1, 2, 4, 8, 16 */
  uint32_t precision;    /* gp_precision (matmul) */
  uint64_t work_items;   /* 0: plugin default (enough to fill the device) */
  uint64_t m, n, k;      /* matmul shape */
  uint32_t iterations;   /* launches per timed sample (the batch); 0: calibrate so one
                            sample lasts >= min_sample_seconds (see plugin_support.hpp) */
  uint32_t samples;      /* minimum timed samples, 1..GP_MAX_SAMPLES */
  uint32_t warmup;       /* untimed launches before the first sample */
  uint32_t flags;        /* GP_FLAG_* */
  uint32_t seed;         /* seed for the random fill */
  uint32_t reserved;
  double min_sample_seconds;  /* batch target when iterations == 0 (core policy, ~0.02 s) */
  const volatile int* cancel; /* optional: non-zero asks the plugin to stop soon; set from
                                 another thread, so read it atomically (__atomic_load_n) */
  /* Adaptive sampling (gpuprobe/sampling_rule.hpp has the rule every sampler follows):
   * after `samples` samples, keep sampling until the distribution-free 95 % confidence
   * interval of the median lies within +- target_ci_half_width of the median, or
   * sampling_budget_seconds of timed batches are spent, or max_samples are taken. */
  uint32_t max_samples; /* <= GP_MAX_SAMPLES; <= samples: exactly `samples` */
  uint32_t reserved2;
  double target_ci_half_width;    /* fraction of the median (0.02); <= 0: never settles */
  double sampling_budget_seconds; /* timed seconds per point; <= 0: no budget */
} gp_run_params;

typedef enum gp_verification {
  GP_VERIFY_NOT_RUN = 0, /* kernel has no checkable output (e.g. empty launch) */
  GP_VERIFY_PASSED = 1,
  GP_VERIFY_FAILED = 2
} gp_verification;

typedef enum gp_timer {
  GP_TIMER_DEVICE = 0, /* device timestamps: profiling events, timestamp queries, CUDA events */
  GP_TIMER_HOST = 1    /* host steady clock around submit-and-wait */
} gp_timer;

/* Flags for gp_run_result.adjustments: the figure is not quite what was asked for; the
 * core marks such a figure (`*` in tables) and shows the note as the reason. */
#define GP_ADJUST_CLAMPED 0x1u /* size, work-items or shape reduced to what the device allows */
/* A measured value was replaced by a bound the plugin trusts more, e.g. a launch_gap below
 * the timer's resolution reported as the resolution; the note says which value and why. */
#define GP_ADJUST_SUBSTITUTED 0x2u

typedef struct gp_run_result {
  uint32_t struct_size;
  uint32_t sample_count;                 /* samples filled */
  uint32_t iterations;                   /* launches per sample actually used */
  double sample_seconds[GP_MAX_SAMPLES]; /* time of one sample = `iterations` launches */
  uint64_t size_bytes;                   /* effective working set after clamping */
  uint64_t work_items;                   /* effective work-items launched */
  double work_per_iteration;             /* counted as kernels.def says, for one launch */
  uint32_t verification;                 /* gp_verification */
  uint32_t timer;                        /* gp_timer */
  uint32_t adjustments;                  /* GP_ADJUST_* */
  char note[GP_NOTE_CAPACITY];           /* clamping, verification detail, fallbacks */
} gp_run_result;

typedef struct gp_plugin {
  uint32_t abi_version; /* GP_PLUGIN_ABI_VERSION the plugin was built against */
  const char* name;     /* "cpu", "opencl", "vulkan", "cuda" */
  const char* api;      /* human name: "OpenCL", "Vulkan", ... */

  /* Open the runtime. GP_ERR_UNAVAILABLE + last_error() when the driver is missing. */
  gp_status (*init)(void);
  uint32_t (*device_count)(void);
  /* Capabilities of one device; the array lives until shutdown(). */
  gp_status (*device_info)(uint32_t device, const gp_info_entry** entries, uint32_t* count);
  /* GP_OK if the kernel can run with these params; otherwise GP_ERR_UNSUPPORTED and a
   * reason in last_error() ("no fp16 on this device"). */
  gp_status (*supports)(uint32_t device, const gp_run_params* params);
  /* Allocate, fill, warm up, time batches of `iterations` launches (as many as the
   * sampling policy in params asks for), verify. */
  gp_status (*run)(uint32_t device, const gp_run_params* params, gp_run_result* result);
  /* Message for the last failing call on this thread. */
  const char* (*last_error)(void);
  /* Release every handle; the loader may dlclose afterwards. */
  void (*shutdown)(void);
} gp_plugin;

typedef const gp_plugin* (*gp_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUPROBE_PLUGIN_H */
