// Fuzz target: the worker protocol's decoders, which read what a (possibly crashed or
// hostile) worker process wrote into its socket. The first input byte picks the decoder, the
// rest is the buffer. Contract: any bytes either decode or are refused with ProtocolError;
// any other exception, a read past the buffer, a huge allocation from a length prefix, a
// crash or a sanitizer report is a finding. Seeds (corpus/worker_protocol/) are real frames
// and bodies written by the encoders.
#include <cstddef>
#include <cstdint>

#include "worker_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gpuprobe::worker;
  if (size == 0) return 0;
  const uint8_t* body = data + 1;
  const size_t n = size - 1;
  try {
    switch (data[0] % 9) {
      case 0: {
        Frame frame{};
        if (decode_frame(body, n, frame) && frame.frame_size > n) __builtin_trap();
        break;
      }
      case 1:
        (void)decode_hello(body, n);
        break;
      case 2:
        (void)decode_point_request(body, n);
        break;
      case 3:
        (void)decode_supports_reply(body, n);
        break;
      case 4:
        (void)decode_run_reply(body, n);
        break;
      case 5:
        decode_empty(body, n);
        break;
      case 6:
        (void)decode_memtest_request(body, n);
        break;
      case 7:
        (void)decode_memtest_progress(body, n);
        break;
      case 8:
        (void)decode_memtest_reply(body, n);
        break;
    }
  } catch (const ProtocolError&) {
    return 0;  // refused: the contract
  }
  return 0;
}
