#!/bin/sh
# The History panel under Xvfb: crafted runs (a drifting read figure with a dip) drawn as a
# trend; then a corrupt store: the window still opens, shows the error and leaves the file.
# A run from the window is saved to the history as `gpuprobe run` saves its own (--no-history:
# not at all).
# Usage: history_gui_test.sh HISTORY_FILL GPUPROBE_GUI ARTIFACTS GPUPROBE
set -u
fill=$1
gui=$2
artifacts=$3
cli=$4
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$artifacts"
db="$artifacts/history-panel.sqlite"
rm -f "$db" "$db-wal" "$db-shm" "$artifacts/history.png" "$artifacts/history-corrupt.png"
"$fill" "$db" crafted 8 || fail "history_fill"
xvfb-run -a -s '-screen 0 1280x800x24' "$gui" --db "$db" --panel history \
  --screenshot "$artifacts/history.png" --exit || fail "gpuprobe-gui --panel history"
test -s "$artifacts/history.png" || fail "no screenshot"

head -c 8192 /dev/urandom >"$artifacts/corrupt.sqlite"
sum=$(cksum <"$artifacts/corrupt.sqlite")
out=$(xvfb-run -a -s '-screen 0 1280x800x24' "$gui" --db "$artifacts/corrupt.sqlite" \
  --panel history --screenshot "$artifacts/history-corrupt.png" --exit 2>&1) ||
  fail "the window failed on a corrupt store: $out"
test -s "$artifacts/history-corrupt.png" || fail "no screenshot of the corrupt store"
[ "$(cksum <"$artifacts/corrupt.sqlite")" = "$sum" ] || fail "the corrupt store was changed"
run_db="$artifacts/history-gui-run.sqlite"
none_db="$artifacts/history-gui-none.sqlite"
rm -f "$run_db" "$run_db-wal" "$run_db-shm" "$none_db"
out=$(xvfb-run -a -s '-screen 0 1280x800x24' "$gui" --run --backend cpu --kernels launch_latency \
  --db "$run_db" --exit 2>&1) || fail "a run from the window failed: $out"
"$cli" history --db "$run_db" --json >"$artifacts/history-gui-run.json" ||
  fail "gpuprobe history on the window's store"
python3 - "$artifacts/history-gui-run.json" <<'PY' || fail "the window's run is not in the history"
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 1 and runs[0]["origin"] == "gui" and runs[0]["points"] > 0, runs
PY
out=$(xvfb-run -a -s '-screen 0 1280x800x24' "$gui" --run --backend cpu --kernels launch_latency \
  --db "$none_db" --no-history --exit 2>&1) || fail "a run from the window failed: $out"
[ ! -e "$none_db" ] || fail "--no-history still wrote $none_db"
echo "PASS"
