#!/bin/sh
# Configuring without a CUDA toolkit: one gpuprobe message says the CUDA backend is skipped
# and the configure succeeds (no nvcc on PATH, or a CMAKE_CUDA_COMPILER that does not
# exist); with GPUPROBE_REQUIRE=cuda_build the same is a configure error.
#   no_toolkit_configure.sh SOURCE_DIR CMAKE GENERATOR MAKE_PROGRAM
set -u
src=$1 cmake=$2 generator=$3 make_program=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# PATH without any directory that has nvcc in it.
path=""
old_ifs=$IFS
IFS=:
for dir in $PATH; do
  [ -x "$dir/nvcc" ] || path="${path:+$path:}$dir"
done
IFS=$old_ifs
failed=0
configure() {  # configure NAME [cmake options...]
  name=$1
  shift
  env -u CUDACXX -u CUDA_PATH -u CUDA_HOME CUDAToolkit_ROOT=/nonexistent PATH="$path" \
    "$cmake" -S "$src" -B "$work/$name" -G "$generator" -DCMAKE_MAKE_PROGRAM="$make_program" \
    -DGPUPROBE_BUILD_TESTS=OFF -DGPUPROBE_WITH_GUI=OFF -DGPUPROBE_WITH_OPENCL=OFF \
    -DGPUPROBE_WITH_VULKAN=OFF "$@" >"$work/$name.log" 2>&1
}
for case in no-nvcc-on-path nonexistent-compiler; do
  extra=""
  [ $case = nonexistent-compiler ] && extra=-DCMAKE_CUDA_COMPILER=/nonexistent/nvcc
  if ! configure $case $extra; then
    cat "$work/$case.log"
    echo "FAIL ($case): configure failed without a CUDA toolkit"
    failed=1
    continue
  fi
  grep 'gpuprobe: CUDA' "$work/$case.log" | sed "s/^/$case: /"
  count=$(grep -c 'gpuprobe: CUDA backend skipped: ' "$work/$case.log")
  [ "$count" -eq 1 ] || { echo "FAIL ($case): $count 'CUDA backend skipped' messages, expected 1"; failed=1; }
  if grep -q 'gpuprobe: CUDA backend: CUDA' "$work/$case.log"; then
    echo "FAIL ($case): a CUDA toolkit was found anyway (this CMake looks beyond PATH?)"
    failed=1
  fi
done
if configure required -DGPUPROBE_REQUIRE=cuda_build; then
  echo "FAIL: GPUPROBE_REQUIRE=cuda_build configured without a CUDA toolkit"
  failed=1
elif ! grep -q 'cuda_build is required (GPUPROBE_REQUIRE) but' "$work/required.log"; then
  cat "$work/required.log"
  echo "FAIL: GPUPROBE_REQUIRE=cuda_build failed without saying the toolkit is missing"
  failed=1
else
  echo "required: configure error, as expected: $(grep -o 'cuda_build is required.*' "$work/required.log")"
fi
[ $failed -eq 0 ] && echo "OK: one message and a configure without the toolkit; an error when cuda_build is required"
exit $failed
