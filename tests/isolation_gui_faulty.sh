#!/bin/sh
# isolation_gui_faulty.sh GUI FAULTY_PLUGIN_DIR ARTIFACTS
# A GUI run over the faulty plugin (a SIGSEGV, an abort and three kinds of garbage on device
# 0, a healthy device 1), with one of the window's workers killed by SIGKILL mid-run: the
# window survives, the run completes, the failed points carry their reasons, the healthy
# device has its results (at most the one point the kill cost), and the saved JSON is valid.
set -u
gui=$1 plugins=$2 dir=$3/isolation-faulty
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CONFIG_HOME="$dir/config"
GPUPROBE_PLUGIN_PATH="$plugins" timeout 150 xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --run \
  --backend faulty --kernels read,write,copy,compute_fp32,compute_int32,compute_fp64 \
  --samples 5 --min-sample-ms 20 --save "$dir/faulty.json" --panel results \
  --screenshot "$dir/faulty.png" --exit > "$dir/stdout.txt" 2>&1 &
runner=$!
# The window's workers are its children. The first one is still opening the plugin (killing
# it then rightly makes the backend unavailable), so kill a later one: device 0 crashes its
# own worker on write, and the worker started after that is running points.
killed="" first=""
for _ in $(seq 1 600); do
  worker=""
  for candidate in $(pgrep -f -- "--save $dir/faulty.json"); do  # timeout, xvfb-run, the GUI
    worker=$(pgrep -P "$candidate" -f gpuprobe-worker | head -1)
    [ -n "$worker" ] && break
  done
  [ -z "$first" ] && first=$worker
  # A worker may be gone already (the faulty device crashes its own): then try the next.
  if [ -n "$worker" ] && [ "$worker" != "$first" ] && kill -9 "$worker" 2>/dev/null; then
    killed=$worker
    break
  fi
  sleep 0.1
done
wait $runner
rc=$?
cat "$dir/stdout.txt"
[ -n "$killed" ] || fail "no worker of the window was found to kill"
echo "killed worker $killed"
[ $rc -eq 0 ] || fail "the window must survive a killed worker and exit cleanly, got $rc"
[ -s "$dir/faulty.png" ] || fail "no screenshot"
python3 - "$dir/faulty.json" <<'PY' || fail "the saved document is wrong"
import json, sys
doc = json.load(open(sys.argv[1]))
points = {}  # (device, kernel) -> [(status, message)] of its points
for d in doc["devices"]:
    for k in d["kernels"]:
        for p in k["points"]:
            points.setdefault((d["index"], k["kernel"]), []).append((p["status"], p.get("message", "")))
expect = {"write": "crashed: SIGSEGV in the faulty worker",
          "copy": "crashed: SIGABRT in the faulty worker",
          "compute_fp32": "broke the ABI", "compute_int32": "broke the ABI",
          "compute_fp64": "broke the ABI"}
bad = []
for kernel, words in expect.items():
    for status, message in points.get((0, kernel), [("missing", "")]):
        if status == "ok" or (words not in message and "SIGKILL" not in message):
            bad.append("device 0 %s: %s %r" % (kernel, status, message))
lost = [(k, s, m) for (i, k), ps in points.items() if i == 1 for (s, m) in ps if s != "ok"]
if len(lost) > 1 or any("SIGKILL" not in m for (_, _, m) in lost):
    bad.append("healthy device lost %s" % lost)
if sum(1 for (i, _) in points if i == 1) != 6:
    bad.append("healthy device has %d kernels, expected 6" % sum(1 for (i, _) in points if i == 1))
print("\n".join(bad) if bad else "ok: every reason in place; healthy device lost %d point(s)" % len(lost))
sys.exit(1 if bad else 0)
PY
