// The few NVML declarations gpuprobe uses, written from NVIDIA's documented API (NVML API
// Reference Guide) because no nvml.h is installed where this builds; libnvidia-ml.so.1 is
// opened at run time, so a machine without the NVIDIA driver still loads the plugin.
#pragma once

#include <cstdint>

namespace gpuprobe::nvml {

using Return = int;                         // nvmlReturn_t
inline constexpr Return kSuccess = 0;       // NVML_SUCCESS
inline constexpr Return kNotSupported = 3;  // NVML_ERROR_NOT_SUPPORTED
using Device = struct DeviceOpaque*;        // nvmlDevice_t

// nvmlClockType_t
inline constexpr int kClockGraphics = 0;  // NVML_CLOCK_GRAPHICS
inline constexpr int kClockSm = 1;        // NVML_CLOCK_SM
inline constexpr int kClockMem = 2;       // NVML_CLOCK_MEM
// nvmlTemperatureSensors_t
inline constexpr int kTemperatureGpu = 0;  // NVML_TEMPERATURE_GPU

// nvmlClocksEventReason* (the current names; the nvmlClocksThrottleReason* spellings and
// nvmlDeviceGetCurrentClocksThrottleReasons are deprecated since CUDA 12.x / R535).
inline constexpr uint64_t kEventGpuIdle = 0x1;
inline constexpr uint64_t kEventApplicationsClocksSetting = 0x2;
inline constexpr uint64_t kEventSwPowerCap = 0x4;
inline constexpr uint64_t kEventHwSlowdown = 0x8;
inline constexpr uint64_t kEventSyncBoost = 0x10;
inline constexpr uint64_t kEventSwThermalSlowdown = 0x20;
inline constexpr uint64_t kEventHwThermalSlowdown = 0x40;
inline constexpr uint64_t kEventHwPowerBrakeSlowdown = 0x80;
inline constexpr uint64_t kEventDisplayClockSetting = 0x100;

extern "C" {
using InitFn = Return (*)();                                     // nvmlInit_v2
using ShutdownFn = Return (*)();                                 // nvmlShutdown
using ErrorStringFn = const char* (*)(Return);                   // nvmlErrorString
using HandleByPciBusIdFn = Return (*)(const char*, Device*);     // nvmlDeviceGetHandleByPciBusId_v2
using HandleByUuidFn = Return (*)(const char*, Device*);         // nvmlDeviceGetHandleByUUID
using ClockInfoFn = Return (*)(Device, int, unsigned int*);      // nvmlDeviceGetClockInfo
using TemperatureFn = Return (*)(Device, int, unsigned int*);    // nvmlDeviceGetTemperature
using PowerUsageFn = Return (*)(Device, unsigned int*);          // nvmlDeviceGetPowerUsage (mW)
using EnforcedPowerLimitFn = Return (*)(Device, unsigned int*);  // ..GetEnforcedPowerLimit (mW)
using FanSpeedFn = Return (*)(Device, unsigned int*);            // nvmlDeviceGetFanSpeed (%)
using PcieLinkFn = Return (*)(Device,
                              unsigned int*);  // nvmlDevice{Curr,Max}PcieLink{Generation,Width}
using ClocksEventReasonsFn = Return (*)(Device,
                                        unsigned long long*);  // ..GetCurrentClocksEventReasons
}

}  // namespace gpuprobe::nvml
