#!/bin/sh
# The README's "Using gpuprobe in CI" commands, as written (./build/bin/ made this build's
# directory): record a baseline with the CPU backend's read, gate a run against a baseline
# crafted 10x faster (a regression: exit 1, named), and gate a saved copy whose samples
# moved 3 % (a noise-level change: exit 0). The JUnit file validates against tests/junit.xsd.
#   compare_readme_test.sh SOURCE_DIR BIN_DIR WORK_DIR
set -u
src=$1 bin=$2 work=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
commands=$(awk '/^## Using gpuprobe in CI/ { on = 1; next } /^## / { on = 0 }
  on && /^```sh$/ { block = 1; next } block && /^```$/ { block = 0 } block { print }' "$src/README.md")
record=$(echo "$commands" | sed -n 1p) gate=$(echo "$commands" | sed -n 2p)
echo "README: $record"
echo "README: $gate"
case "$gate" in *--baseline*--max-regression*--junit*) ;; *) fail "no gate command in the README's CI section" ;; esac
run() { echo "+ $1"; eval "$(echo "$1" | sed "s|\./build/bin/|$bin/|g")"; }

run "$record" > record.txt 2>&1 || { cat record.txt; fail "recording the baseline failed"; }
[ -s baseline.json ] || fail "the README's first command wrote no baseline.json"
# scale FACTOR IN OUT: every sample FACTOR times as long, the figures recomputed to match.
scale() {
  python3 - "$@" <<'PY'
import json, sys
factor, src, dst = float(sys.argv[1]), sys.argv[2], sys.argv[3]
doc = json.load(open(src))
for dev in doc["devices"]:
    for k in dev["kernels"]:
        latency = k["unit"] in ("ns/load", "us")
        for p in k["points"]:
            p["sample_seconds"] = [s * factor for s in p["sample_seconds"]][::-1]
            for key in ("median", "min", "max", "mean", "p90"):
                if key in p["figure"]:
                    p["figure"][key] = p["figure"][key] * factor if latency else p["figure"][key] / factor
            if not latency:
                p["figure"]["min"], p["figure"]["max"] = sorted((p["figure"]["min"], p["figure"]["max"]))
json.dump(doc, open(dst, "w"), indent=1)
PY
}
# A baseline 10x faster than this machine (far outside the spread of a loaded machine): the
# README's gate must fail and name the points.
mv baseline.json measured.json
scale 0.1 measured.json baseline.json || fail "could not craft the faster baseline"
run "$gate" > gate.txt 2>&1
rc=$?
cat gate.txt
[ $rc -eq 1 ] || fail "the gate passed a 10x regression (exit $rc)"
grep -q "^REGRESSION: cpu:0 (.*) read " gate.txt || fail "the regression is not named"
xmllint --noout --schema "$src/tests/junit.xsd" gpuprobe-junit.xml || fail "JUnit invalid"
grep -q 'type="regression"' gpuprobe-junit.xml || fail "no regression in the JUnit file"

# A noise-level change between two saved runs: the README's compare form passes.
scale 1.03 measured.json noise.json || fail "could not craft the noise-level copy"
"$bin/gpuprobe" compare --baseline measured.json noise.json --max-regression 5% > noise.txt 2>&1
rc=$?
cat noise.txt
[ $rc -eq 0 ] || fail "the gate failed a 3 % change (exit $rc)"
grep -q "passed: no regression beyond 5.0%" noise.txt || fail "no pass line"
echo "PASS: the README's gate fails a crafted regression and passes a noise-level change"
