// Reading a file a user named (a result document; later a spec file or a baseline): it is
// checked before it is read, so a FIFO, /dev/zero, a directory or a huge file gives a clear
// error at once instead of a hang, an endless read or "unexpected end of input".
#pragma once

#include <cstdint>
#include <string>

namespace gpuprobe {

// Result documents are a few MiB even for --full on many devices; 64 MiB is far above that
// and still cheap to hold and parse.
inline constexpr uint64_t kMaxResultFileBytes = uint64_t{64} << 20;

// The whole file. Throws std::runtime_error naming the path (escaped, shortened) and the
// problem: missing or unreadable, "is a directory", "is not a regular file (a FIFO)", empty,
// or larger than `max_bytes`. Never blocks on a FIFO or device: it is opened non-blocking
// and checked with fstat before any read.
std::string read_input_file(const std::string& path, uint64_t max_bytes);

}  // namespace gpuprobe
