/* gpuprobe telemetry ABI: an OPTIONAL second entry point of a backend plugin.
 *
 * A plugin that can read its devices' clocks, temperatures, power and clock-event
 * (throttle) reasons exports gp_plugin_telemetry() next to gpuprobe_plugin_entry(),
 * returning a static gp_telemetry table with its own version. A plugin without the symbol
 * loads as before and its points carry no telemetry; this table never changes
 * GP_PLUGIN_ABI_VERSION. The core opens one session per device (after the plugin's init),
 * samples it from its own thread while a point runs, and closes it before shutdown().
 *
 * A field the source cannot read is absent (its bit in `present` is clear), never a zero
 * that looks like data. Same rules as plugin.h: plain C, status codes, no exceptions.
 */
#ifndef GPUPROBE_TELEMETRY_H
#define GPUPROBE_TELEMETRY_H

#include <stdint.h>

#include "gpuprobe/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bump on any change to the structs or the table below. */
#define GP_TELEMETRY_VERSION 1u
#define GP_TELEMETRY_ENTRY_SYMBOL "gp_plugin_telemetry"

/* Fields of one sample; values[field] is valid when (present >> field) & 1. */
typedef enum gp_telemetry_field {
  GP_TELEMETRY_SM_CLOCK_MHZ = 0,     /* SM / graphics (shader) clock */
  GP_TELEMETRY_MEMORY_CLOCK_MHZ = 1, /* memory clock as the driver reports it */
  GP_TELEMETRY_TEMPERATURE_C = 2,    /* GPU die (NVML "GPU", amdgpu "edge") */
  GP_TELEMETRY_HOTSPOT_TEMP_C = 3,   /* hottest point (amdgpu "junction") */
  GP_TELEMETRY_MEMORY_TEMP_C = 4,    /* memory (amdgpu "mem") */
  GP_TELEMETRY_POWER_W = 5,          /* board power draw */
  GP_TELEMETRY_POWER_LIMIT_W = 6,    /* enforced power limit */
  GP_TELEMETRY_FAN_PERCENT = 7,      /* fan speed, % of its maximum */
  GP_TELEMETRY_FIELD_COUNT = 8
} gp_telemetry_field;
#define GP_TELEMETRY_FIELD_CAPACITY 16u /* values[] room, for fields a later version adds */

/* Why clocks are below their maximum (NVML "clock event reasons"); bits of
 * gp_telemetry_sample.clock_events. gp_clock_event_name() names each. */
#define GP_CLOCK_EVENT_IDLE 0x1u               /* nothing to run: clocks idle down */
#define GP_CLOCK_EVENT_APPLICATION_CLOCKS 0x2u /* an application clock setting caps them */
#define GP_CLOCK_EVENT_SW_POWER_CAP 0x4u       /* the power limit is being enforced */
#define GP_CLOCK_EVENT_HW_SLOWDOWN 0x8u        /* hardware slowdown (thermal or power brake) */
#define GP_CLOCK_EVENT_SYNC_BOOST 0x10u        /* held to a sync-boost group's clocks */
#define GP_CLOCK_EVENT_SW_THERMAL 0x20u        /* driver slowdown to keep temperature down */
#define GP_CLOCK_EVENT_HW_THERMAL 0x40u        /* hardware thermal slowdown */
#define GP_CLOCK_EVENT_HW_POWER_BRAKE 0x80u    /* external power brake (the PSU asked) */
#define GP_CLOCK_EVENT_DISPLAY_CLOCKS 0x100u   /* display clock setting */
#define GP_CLOCK_EVENT_OTHER 0x80000000u       /* a reason this ABI has no name for */

/* The name of one GP_CLOCK_EVENT_* bit ("sw_power_cap"), or NULL for a bit with none. */
static inline const char* gp_clock_event_name(uint32_t bit) {
  switch (bit) {
    case GP_CLOCK_EVENT_IDLE:
      return "idle";
    case GP_CLOCK_EVENT_APPLICATION_CLOCKS:
      return "application_clocks";
    case GP_CLOCK_EVENT_SW_POWER_CAP:
      return "sw_power_cap";
    case GP_CLOCK_EVENT_HW_SLOWDOWN:
      return "hw_slowdown";
    case GP_CLOCK_EVENT_SYNC_BOOST:
      return "sync_boost";
    case GP_CLOCK_EVENT_SW_THERMAL:
      return "sw_thermal";
    case GP_CLOCK_EVENT_HW_THERMAL:
      return "hw_thermal";
    case GP_CLOCK_EVENT_HW_POWER_BRAKE:
      return "hw_power_brake";
    case GP_CLOCK_EVENT_DISPLAY_CLOCKS:
      return "display_clocks";
    case GP_CLOCK_EVENT_OTHER:
      return "other";
    default:
      return 0;
  }
}

typedef struct gp_telemetry_sample {
  uint32_t struct_size; /* sizeof(gp_telemetry_sample) */
  uint32_t present;     /* bit (1u << field) per gp_telemetry_field read */
  double values[GP_TELEMETRY_FIELD_CAPACITY];
  uint32_t clock_events;         /* GP_CLOCK_EVENT_* active at this sample */
  uint32_t clock_events_present; /* 1 when the source reports clock-event reasons at all */
} gp_telemetry_sample;

typedef struct gp_telemetry_session gp_telemetry_session; /* opaque, plugin-owned */

typedef struct gp_telemetry {
  uint32_t version; /* GP_TELEMETRY_VERSION the plugin was built against */
  /* Open a device's telemetry. GP_ERR_UNAVAILABLE + last_error() ("NVML not found
   * (libnvidia-ml.so.1)") when it has none; the session stays open until close(). */
  gp_status (*open)(uint32_t device, gp_telemetry_session** session);
  /* Read every field the source has now. Called from a thread other than run()'s. */
  gp_status (*sample)(gp_telemetry_session* session, gp_telemetry_sample* out);
  void (*close)(gp_telemetry_session* session);
  /* Message for the last failing call on this thread. */
  const char* (*last_error)(void);
} gp_telemetry;

typedef const gp_telemetry* (*gp_telemetry_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* GPUPROBE_TELEMETRY_H */
