#!/bin/sh
# gpuprobe-gui checks its outputs before anything runs (no window is needed: a usage error
# exits 2 before one opens): distinct outputs must be distinct files, and --save must be
# writable, so a run is never lost to its path.
#   gui_options_test.sh GUI
gui=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

expect_usage() {  # expect_usage TEXT ARGS...: exit 2 and TEXT in the message
  text=$1
  shift
  out=$("$gui" "$@" 2>&1)
  rc=$?
  echo "$out"
  [ $rc -eq 2 ] || fail "gpuprobe-gui $* exited $rc, expected 2"
  echo "$out" | grep -q -- "$text" || fail "gpuprobe-gui $*: the message does not say '$text'"
}

expect_usage "--save and --screenshot both name" --run --save "$dir/x" --screenshot "$dir/x" --exit
expect_usage "--save and --screenshot both name" --run --save "$dir/x" --screenshot "$dir/./x" --exit
expect_usage "both name" --run --save "$dir/results.png" --screenshot-dir "$dir" --panel results --exit
expect_usage "does not exist" --run --save "$dir/missing/x.json" --exit
expect_usage "is a directory" --run --save "$dir" --exit
echo "gui_options_test: outputs are checked before the run"
