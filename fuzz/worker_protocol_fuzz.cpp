// Fuzz target (skeleton, not built yet): the worker protocol decoder, which reads what a
// (possibly crashed or hostile) worker process wrote into the pipe. Contract: any bytes either
// decode into a message or are refused with the decoder's error (std::runtime_error); any
// other exception, a read past the buffer, a huge allocation from a length prefix, a crash or
// a sanitizer report is a finding.
//
// TO WIRE (lead): the decoder is being written in parallel (issue 9, item 1) as pure
// functions over (const uint8_t*, size_t). Once it exists:
//   1. include its header and call every decode function where marked (the first input byte
//      can pick which one, so one target covers all message types);
//   2. seeds: write one real frame of each message type into corpus/worker_protocol/ (the
//      encoder's output, e.g. from a small generator test or a worker run), plus a truncated
//      one and one with a length prefix larger than the data;
//   3. in fuzz/CMakeLists.txt add
//        gpuprobe_add_fuzz_target(worker_protocol SECONDS 15 LIBS <library with the decoder>)
//      and keep the SECONDS of all targets near 60 s together.
#include <cstddef>
#include <cstdint>
#include <stdexcept>

// #include "worker/protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t which = data[0];
  (void)which;
  try {
    // switch (which % N) { case 0: (void)gpuprobe::worker::decode_...(data + 1, size - 1); ... }
  } catch (const std::runtime_error&) {
    return 0;  // refused: the contract
  }
  return 0;
}
