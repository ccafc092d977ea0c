#!/bin/sh
# isolation_gui_close.sh GUI FAULTY_PLUGIN_DIR ARTIFACTS
# The window is closed while a point hangs ignoring its cancel: the GUI kills the worker
# after its grace, exits promptly (not after the 300 s watchdog), and saves the partial run
# with the hung point's reason and "complete": false.
set -u
gui=$1 plugins=$2 dir=$3/isolation-close
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CONFIG_HOME="$dir/config"
start=$(date +%s)
GPUPROBE_PLUGIN_PATH="$plugins" timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --run \
  --backend faulty:0 --kernels read,launch_latency --samples 5 --min-sample-ms 2 \
  --close-after-seconds 1.5 --save "$dir/partial.json" > "$dir/stdout.txt" 2>&1
rc=$?
took=$(( $(date +%s) - start ))
cat "$dir/stdout.txt"
[ $rc -eq 0 ] || fail "closing during a hung point must exit cleanly, got $rc"
[ $took -lt 30 ] || fail "closing during a hung point took ${took}s"
grep -q '"stopped at once: the faulty worker was killed on request"' "$dir/partial.json" ||
  fail "the hung point does not say it was killed"
grep -q '"complete": false' "$dir/partial.json" || fail "the document is not marked incomplete"
echo "ok: closed in ${took}s"
