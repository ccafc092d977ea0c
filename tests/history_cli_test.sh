#!/bin/sh
# `gpuprobe run` and `gpuprobe history` against SQLite files: the default location under
# XDG_DATA_HOME, --db, --no-history, a trend and an export; then a corrupt and a locked file:
# exit 2, named, and left as they were.
# Usage: history_cli_test.sh GPUPROBE
set -u
gpuprobe=$1
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data"
run="$gpuprobe run -b cpu -k read --sizes 64KiB --widths 4 --samples 5 --max-samples 5"
default_db="$tmp/data/gpuprobe/history.sqlite"

out=$("$gpuprobe" history 2>&1) || fail "history before any run: $out"
echo "$out" | grep -q "no runs in $default_db yet" || fail "empty history: $out"
[ ! -e "$default_db" ] || fail "looking at the history created its file"
out=$($run --json "$tmp/r1.json" 2>&1) || fail "run: $out"
echo "$out" | grep -q "saved run 1 to the history $default_db" || fail "default location: $out"
$run --no-history >/dev/null 2>&1 || fail "run --no-history"
$run >/dev/null 2>&1 || fail "second run"
out=$("$gpuprobe" history 2>&1) || fail "history: $out"
echo "$out" | grep -q "^2 run(s) from $default_db" || fail "--no-history saved, or a run was lost: $out"
out=$("$gpuprobe" history --trend read --device cpu:0 2>&1) || fail "trend: $out"
[ "$(echo "$out" | grep -c ' GB/s ')" -eq 2 ] || fail "trend has not two runs: $out"
"$gpuprobe" history --json | python3 -c 'import json,sys; r=json.load(sys.stdin); assert len(r)==2 and r[0]["id"]==2, r' ||
  fail "history --json"
"$gpuprobe" history --export "$tmp/export.json" 2>/dev/null || fail "export"
python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))
assert len(e["runs"]) == 2, e
assert e["runs"][0]["document"]["host"]["hostname"] == e["runs"][0]["host"]
assert e["runs"][0]["points"][0]["kernel"] == "read"
' "$tmp/export.json" || fail "export content"
out=$("$gpuprobe" history --device cpu:0 2>&1); [ $? -eq 2 ] || fail "--device without --trend: $out"

# --db PATH: its own file, the default untouched.
$run --db "$tmp/other.sqlite" >/dev/null 2>&1 || fail "run --db"
"$gpuprobe" history --db "$tmp/other.sqlite" | grep -q "^1 run(s)" || fail "--db listing"

# A corrupt file: exit 2 before the run, named, unchanged; no result file written.
head -c 65536 /dev/urandom >"$tmp/corrupt.sqlite"
sum=$(cksum <"$tmp/corrupt.sqlite")
out=$($run --db "$tmp/corrupt.sqlite" --json "$tmp/never.json" 2>&1); rc=$?
[ $rc -eq 2 ] || fail "corrupt file: exit $rc: $out"
echo "$out" | grep -q "history database $tmp/corrupt.sqlite: .*not a database" || fail "corrupt message: $out"
[ "$(cksum <"$tmp/corrupt.sqlite")" = "$sum" ] || fail "the corrupt file was changed"
[ ! -e "$tmp/never.json" ] || fail "ran despite the corrupt history"
out=$("$gpuprobe" history --db "$tmp/corrupt.sqlite" 2>&1); [ $? -eq 2 ] || fail "history on corrupt: $out"

# A locked file: another process holds an exclusive lock past the busy timeout.
python3 - "$default_db" "$tmp/locked" <<'PY' &
import sqlite3, sys, time, os
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
time.sleep(30)
PY
locker=$!
i=0; while [ ! -e "$tmp/locked" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
out=$("$gpuprobe" history 2>&1); rc=$?
kill $locker; wait $locker 2>/dev/null
[ $rc -eq 2 ] || fail "locked file: exit $rc: $out"
echo "$out" | grep -q "history database $default_db: .*locked" || fail "locked message: $out"
out=$("$gpuprobe" history 2>&1) || fail "after the lock: $out"
echo "$out" | grep -q "^2 run(s)" || fail "runs lost after the lock: $out"
echo "PASS"
