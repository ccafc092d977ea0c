#!/bin/sh
# The History panel under Xvfb: crafted runs (a drifting read figure with a dip) drawn as a
# trend; then a corrupt store: the window still opens, shows the error and leaves the file.
# Usage: history_gui_test.sh HISTORY_FILL GPUPROBE_GUI ARTIFACTS
set -u
fill=$1
gui=$2
artifacts=$3
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
echo "PASS"
