#!/bin/sh
# gpuprobe run with the spec database: an unrecognised device says so once; --spec-file gives
# it a row and the table and JSON show the shares; a malformed row is exit 2 with its line.
# Usage: cli_spec_file.sh GPUPROBE WORKDIR
set -u
gpuprobe=$1
work=$2
mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }

# 1. No row for this machine's CPU: one line for the device, naming --spec-file.
out=$("$gpuprobe" run -b cpu -k compute_fp32 2>&1) || fail "run without a spec file: $out"
echo "$out" | sed -n '/Measured vs spec/,/^$/p'
n=$(echo "$out" | grep -c '^  cpu:0 .*: no spec row: give one with --spec-file$')
[ "$n" -eq 1 ] || fail "expected one 'no spec row' line for cpu:0, got $n"

# 2. A row for it by name (whatever this CPU calls itself): recognised, with the share.
name=$("$gpuprobe" list | awk '/^cpu:/{f=1;next} f&&/\[0\]/{sub(/^ *\[0\] /,"");print;exit}')
[ -n "$name" ] || fail "no cpu device listed"
printf '# test row\nvendor,name,fp32_tflops\nTest,"%s",0.001\n' "$name" > "$work/mine.csv"
out=$("$gpuprobe" run -b cpu -k compute_fp32 --spec-file "$work/mine.csv" --json "$work/r.json" 2>&1) ||
  fail "run with --spec-file: $out"
echo "$out" | sed -n '/Measured vs spec/,/^$/p'
echo "$out" | grep -q "^  cpu:0 .*: .* (by name; $work/mine.csv:3)$" || fail "row not matched in the table"
echo "$out" | grep -Eq '^    fp32 compute +[0-9]+ % of 0.00 TFLOPS \(compute_fp32: ' || fail "no fp32 share in the table"
grep -q '"minor": 5' "$work/r.json" || fail "schema minor is not 5"
grep -q '"recognised": true' "$work/r.json" || fail "JSON has no recognised spec"
grep -q '"figure": "fp32 compute"' "$work/r.json" || fail "JSON has no fp32 share"

# 3. A malformed row: exit 2, the file and line named, nothing run.
printf 'vendor,name,fp32_tflops\nTest,ok,1\nTest,bad,1.2.3\n' > "$work/bad.csv"
out=$("$gpuprobe" run -b cpu -k compute_fp32 --spec-file "$work/bad.csv" 2>&1)
rc=$?
echo "$out"
[ $rc -eq 2 ] || fail "malformed spec file: exit $rc, expected 2"
echo "$out" | grep -q "$work/bad.csv:3: fp32_tflops '1.2.3' is not a number" || fail "line not named"
echo "$out" | grep -q "compute_fp32" && fail "the run went ahead"
# 4. check --identity-only: no row here, so nothing contradicts (exit 0); a row that gives
#    this CPU 1 GiB of memory makes the VRAM check fail (exit 1).
out=$("$gpuprobe" check --identity-only 2>&1)
rc=$?
echo "$out" | tail -3
[ $rc -eq 0 ] || fail "check --identity-only: exit $rc, expected 0"
echo "$out" | grep -q '^identity: PASS (.* without a spec row' || fail "no identity summary"
printf 'vendor,name,vram_gib\nTest,"%s",1\n' "$name" > "$work/vram.csv"
out=$("$gpuprobe" check --identity-only --spec-file "$work/vram.csv" 2>&1)
rc=$?
echo "$out" | grep -E 'failure|^identity'
[ $rc -eq 1 ] || fail "check with a wrong VRAM row: exit $rc, expected 1"
echo "$out" | grep -q '^  failure  vram .* the .* has 1.0 GiB: not the memory this card ships with$' ||
  fail "no VRAM failure"
# --identity-only runs no load: asking for one with it is a usage error, not ignored.
"$gpuprobe" check --identity-only --quick >/dev/null 2>&1
rc=$?
[ $rc -eq 2 ] || fail "check --identity-only --quick: exit $rc, expected 2"
echo "PASS"
