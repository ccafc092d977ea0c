#!/bin/sh
# isolation_gui_options.sh GUI FAULTY_PLUGIN_DIR ARTIFACTS
# The GUI's --point-timeout-s and --in-process reach its Session as the CLI's do: a point
# that hangs is stopped by the watchdog after the timeout given (not the 30 s default), and
# --in-process runs with no gpuprobe-worker child.
set -u
gui=$1 plugins=$2 dir=$3/isolation-options
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CONFIG_HOME="$dir/config"
start=$(date +%s)
GPUPROBE_PLUGIN_PATH="$plugins" timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --run \
  --backend faulty:0 --kernels launch_latency --samples 5 --min-sample-ms 2 --point-timeout-s 1 \
  --save "$dir/timeout.json" --panel results --exit > "$dir/timeout.txt" 2>&1 \
  || fail "the window must exit cleanly after a timed-out point: $(cat "$dir/timeout.txt")"
elapsed=$(( $(date +%s) - start ))
[ "$elapsed" -lt 25 ] || fail "the run took ${elapsed} s: --point-timeout-s 1 did not reach the watchdog"
python3 - "$dir/timeout.json" <<'PY' || fail "the saved document does not show the timeout"
import json, sys
doc = json.load(open(sys.argv[1]))
[p] = [p for d in doc["devices"] for k in d["kernels"] for p in k["points"]]
assert p["status"] != "ok" and "timed out after" in p.get("message", ""), p
print("timed out as asked:", p["message"])
PY

# --in-process: the window's process has no worker child while it runs; a device and a
# kernel named twice are measured once, with a note.
GPUPROBE_PLUGIN_PATH="$plugins" timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --run \
  --in-process --backend faulty:1 --backend faulty:1 --kernels read,read --samples 5 --min-sample-ms 200 \
  --save "$dir/inprocess.json" --panel results --exit > "$dir/inprocess.txt" 2>&1 &
runner=$!
seen_gui=""
for _ in $(seq 1 100); do
  for candidate in $(pgrep -f -- "--save $dir/inprocess.json"); do
    [ "$(cat /proc/$candidate/comm 2>/dev/null)" = "gpuprobe-gui" ] || continue
    seen_gui=$candidate
    pgrep -P "$candidate" -f gpuprobe-worker > /dev/null && fail "--in-process started a worker"
  done
  sleep 0.1
done
wait $runner || fail "the --in-process window must exit cleanly: $(cat "$dir/inprocess.txt")"
[ -n "$seen_gui" ] || fail "the --in-process window was never seen running"
python3 -c "
import json, sys
doc = json.load(open('$dir/inprocess.json'))
statuses = [p['status'] for d in doc['devices'] for k in d['kernels'] for p in k['points']]
assert statuses and set(statuses) == {'ok'}, statuses
# named twice, measured once
assert len(doc['devices']) == 1 and len(doc['devices'][0]['kernels']) == 1, doc['devices']
sizes = [p['requested']['size_bytes'] for p in doc['devices'][0]['kernels'][0]['points']]
widths = [p['requested']['vector_width'] for p in doc['devices'][0]['kernels'][0]['points']]
assert len(set(zip(sizes, widths))) == len(sizes), (sizes, widths)
" || fail "the --in-process run's document is wrong (see the assertion above)"
grep -q "faulty:1 given twice; measured once" "$dir/inprocess.txt" || fail "no note for the device named twice"
grep -q "kernel read given twice; measured once" "$dir/inprocess.txt" || fail "no note for the kernel named twice"
echo "ok"
