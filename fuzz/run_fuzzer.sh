#!/bin/sh
# One bounded libFuzzer run (a ctest test of a GPUPROBE_FUZZ build):
#   run_fuzzer.sh FUZZER SECONDS WORK_DIR SEED_DIR... [-- LIBFUZZER_FLAGS...]
# New inputs go to WORK_DIR/corpus (the seeds in the source tree are only read); a crash is
# saved under WORK_DIR/artifacts and fails the test. Keep it: copy the file into
# fuzz/regressions/<target>/, fix the bug, and the replay test guards it on every build.
set -eu
fuzzer=$1 seconds=$2 work=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts"
seeds=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do seeds="$seeds $1"; shift; done
[ $# -gt 0 ] && shift
# shellcheck disable=SC2086  # the seed directories are separate arguments
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$@" "$work/corpus" $seeds
