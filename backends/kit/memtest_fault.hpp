// Test-only memory faults for the VRAM test: GPUPROBE_FAULT=memtest_flip:ADDR:MASK[,ADDR:MASK...]
// xors MASK into the 32-bit word at byte address ADDR of the tested memory after every fill
// and before its verify, through the backend's own device access (a kernel, a mapped or
// copied write), so the tests can prove the verify finds each flipped bit and places it.
// ADDR and MASK are decimal or 0x-hex; ADDR must be word-aligned. Kernel faults (fault.hpp)
// stay off while the switch holds a memtest flip.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace gpuprobe::kit {

inline constexpr std::string_view kMemtestFlipPrefix = "memtest_flip:";

struct MemtestFlip {
  uint64_t address = 0;  // byte offset in the tested memory, multiple of 4
  uint32_t mask = 0;     // bits to flip, non-zero
  bool operator==(const MemtestFlip&) const = default;
};

// The flips in a GPUPROBE_FAULT value; empty when it names no memtest flip. Throws
// plugin::Error(GP_ERR_INVALID_ARGUMENT) on a malformed list.
std::vector<MemtestFlip> parse_memtest_flips(std::string_view value);
// The same for the environment now.
std::vector<MemtestFlip> active_memtest_flips();

}  // namespace gpuprobe::kit
