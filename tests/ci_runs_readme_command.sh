#!/bin/sh
# .ci/run must run exactly the README's second command (the test suite), and that command
# must require every component CI has (GPUPROBE_REQUIRE; cuda_build: the CUDA plugin builds,
# CI has the toolkit but no GPU), or CI could pass by skipping, and must run the sanitizer passes.
#   ci_runs_readme_command.sh SOURCE_DIR
set -u
src=$1
readme=$(awk '/^```sh$/ { n++; getline; if (n == 2) { print; exit } }' "$src/README.md")
ci=$(tail -n 1 "$src/.ci/run")
echo "README: $readme"
echo ".ci/run: $ci"
[ -n "$readme" ] || { echo "FAIL: no second sh block in README.md"; exit 1; }
[ "$readme" = "$ci" ] || { echo "FAIL: .ci/run does not run the README's command"; exit 1; }
case "$ci" in
*'-DGPUPROBE_REQUIRE="cpu;opencl;vulkan;gui;cuda_build"'*) ;;
*) echo "FAIL: CI does not configure with GPUPROBE_REQUIRE=\"cpu;opencl;vulkan;gui;cuda_build\""; exit 1 ;;
esac
# ...and the sanitizer passes (CMakePresets.json): ASan+UBSan with the bounded fuzz runs, TSan.
for pass in tsan asan; do
  case "$ci" in
  *"cmake --workflow --preset $pass"*) ;;
  *) echo "FAIL: CI does not run the $pass pass (cmake --workflow --preset $pass)"; exit 1 ;;
  esac
done
