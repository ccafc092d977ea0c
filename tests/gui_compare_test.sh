#!/bin/sh
# gui_compare_test.sh WRITER GUI DIR: two crafted result files (compare_fixture_writer)
# opened in the window; the Files panel's comparison must show the ratios `gpuprobe
# compare` prints (the scripted run logs the drawn rows), and is shot to DIR/files.png.
set -u
writer=$1 gui=$2 dir=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
export XDG_CONFIG_HOME="$dir/config"  # never the user's imgui.ini
"$writer" "$dir" || fail "could not write the fixtures"
xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --load "$dir/base.json" --load "$dir/regressed.json" \
  --panel files --screenshot "$dir/files.png" --exit > "$dir/stdout.txt" 2>&1
rc=$?
cat "$dir/stdout.txt"
[ $rc -eq 0 ] || fail "gpuprobe-gui exited with $rc"
[ -s "$dir/files.png" ] || fail "no screenshot of the Files panel"
expect() { grep -qF -- "$1" "$dir/stdout.txt" || fail "the Files panel does not show: $1"; }
expect "comparison: read [GB/s, higher is better] 1 MiB w4: 100 ±0.3% | 80.0 ±0.3% (0.80x)"
expect "comparison: pointer_chase [ns/load, lower is better] 64 MiB: 100 ±0.3% | 120 ±0.3% (1.20x)"
expect "comparison: only in $dir/base.json: copy 1 GiB w4 (not in $dir/regressed.json)"
echo "PASS: the Files panel compares the two files"
