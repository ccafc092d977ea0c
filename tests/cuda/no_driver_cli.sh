#!/bin/sh
# On a machine without the NVIDIA driver, with the CUDA plugin built: `gpuprobe list` says
# exactly why CUDA is unavailable, and `gpuprobe run` still measures every other backend and
# exits 0, through worker processes (the default) and --in-process. Exit 77 (skipped) where
# libcuda.so.1 is installed.
#   no_driver_cli.sh BIN_DIR
set -u
bin=$1
expected="cuda: unavailable: no CUDA driver (libcuda.so.1 not found)"
if python3 -c 'import ctypes; ctypes.CDLL("libcuda.so.1")' 2>/dev/null; then
  echo "skipped: libcuda.so.1 is installed here (this test is for machines without the driver)"
  exit 77
fi
[ -f "$bin/gpuprobe-backend-cuda.so" ] || { echo "FAIL: no $bin/gpuprobe-backend-cuda.so"; exit 1; }
failed=0
fail() { echo "FAIL ($mode): $*"; failed=1; }
for mode in workers --in-process; do
  flag=""
  [ "$mode" = workers ] || flag=$mode
  list=$("$bin/gpuprobe" list $flag 2>&1) || fail "gpuprobe list $flag exited $?"
  echo "$list" | grep -v '^ ' | sed "s/^/list ($mode): /"
  echo "$list" | grep -qxF "$expected" || fail "gpuprobe list $flag does not say \"$expected\""
  # Every other backend that reports devices must be measured.
  others=$(echo "$list" | sed -n 's/^\([a-z0-9_]*\): [1-9][0-9]* device(s)$/\1/p' | grep -v '^cuda$')
  [ -n "$others" ] || fail "no other backend reports a device, nothing to run"
  out=$("$bin/gpuprobe" run --quick -k launch_latency --format csv $flag 2>&1)
  rc=$?
  echo "$out" | sed "s/^/run ($mode): /"
  [ $rc -eq 0 ] || fail "gpuprobe run --quick -k launch_latency $flag exited $rc"
  header=$(echo "$out" | grep '^kernel,unit,params,')
  for backend in $others; do
    case "$header" in
    *"$backend:0"*) ;;
    *) fail "gpuprobe run $flag did not measure $backend" ;;
    esac
  done
  row=$(echo "$out" | grep '^launch_latency,')
  [ -n "$row" ] || fail "no launch_latency row"
  # A measured cell is a figure; the others read FAILED verification, error, unsupported, ...
  echo "$row" | grep -qE 'FAILED|error|unsupported|cancelled|skipped' &&
    fail "a launch_latency point was not measured: $row"
done
[ $failed -eq 0 ] && echo "OK: cuda unavailable with its reason; $(echo $others) measured, exit 0 (workers and --in-process)"
exit $failed
