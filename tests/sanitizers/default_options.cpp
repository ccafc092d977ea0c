// Sanitizer runtime defaults, linked into every executable of a GPUPROBE_SANITIZE build, so
// `ctest` (and any gpuprobe run) in that tree behaves the same without exported variables;
// ASAN_OPTIONS and friends still override. Exit status 66 for every report: the CLI's own
// codes are 0, 1, 2 and 130, and a test expecting one of them must not take a report for it.
// The runtimes call these hooks before main, so they only return string literals.

#define GPUPROBE_SUPPRESSIONS(file) "suppressions=" GPUPROBE_SANITIZER_DIR "/" file

extern "C" {

// Unused in a build without that sanitizer: the runtime that would call it is absent.
// use_sigaltstack=0: LLVM inside Mesa (llvmpipe, lavapipe) and PoCL swaps each thread's
// alternate signal stack for a malloc'ed one (llvm/lib/Support/Unix/Signals.inc,
// CreateSigAltStack); ASan then munmaps that heap block at thread exit and aborts ("unable to
// unmap", seen in gpuprobe-gui). Without its own alternate stack ASan still catches every
// SEGV, only a stack overflow is reported less precisely.
__attribute__((used, visibility("default"))) const char* __asan_default_options() {
  return "halt_on_error=1:exitcode=66:detect_stack_use_after_return=1:"
         "check_initialization_order=1:strict_init_order=1:detect_leaks=1:use_sigaltstack=0";
}

// use_tls=0: clang 15's LeakSanitizer crashes at exit of vulkan_backend_test ("Tracer caught
// signal 11" in ScanRangeForPointers, scanning the dynamic TLS that the Vulkan loader and its
// drivers leave; with every dlclose disabled it still does). Not scanning thread-local storage
// as roots makes the check stricter, not weaker: memory reachable only from a thread-local
// would be reported as a leak (glibc's own such blocks are named in lsan.supp).
__attribute__((used, visibility("default"))) const char* __lsan_default_options() {
  // print_suppressions=0: the table of used suppressions would go into the CLI's output,
  // which tests read (stderr merged); a real leak is still reported.
  return "exitcode=66:use_tls=0:print_suppressions=0:" GPUPROBE_SUPPRESSIONS("lsan.supp");
}

__attribute__((used, visibility("default"))) const char* __ubsan_default_options() {
  return "halt_on_error=1:print_stacktrace=1:exitcode=66:" GPUPROBE_SUPPRESSIONS("ubsan.supp");
}

__attribute__((used, visibility("default"))) const char* __tsan_default_options() {
  return "halt_on_error=1:exitcode=66:second_deadlock_stack=1:" GPUPROBE_SUPPRESSIONS("tsan.supp");
}
}
