#!/usr/bin/env bash
# The GPU check, for people with an NVIDIA card: builds gpuprobe with the CUDA backend, runs
# the GPU-only tests (ctest label `gpu`) with CUDA required (a card the CUDA plugin cannot
# reach fails them, never skips them), then a --quick probe of every NVIDIA device through
# CUDA, OpenCL and Vulkan side by side, and leaves the result file.
#   scripts/gpu-check.sh [RESULT.json]    (default: gpu-check-<host>-<date>.json)
# Environment: GPUPROBE_GPU_BUILD (build directory, default build-gpu), CUDACXX or PATH for nvcc.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-gpu-check-$(hostname -s)-$(date +%Y%m%d-%H%M%S).json}
build=${GPUPROBE_GPU_BUILD:-build-gpu}
fail() { echo "gpu-check: $*" >&2; exit 2; }

command -v nvidia-smi > /dev/null ||
  fail "nvidia-smi not found: this check is for a machine with an NVIDIA card and its driver"
nvidia-smi --query-gpu=name,driver_version,pci.bus_id --format=csv,noheader ||
  fail "nvidia-smi sees no card: is the driver loaded (lsmod | grep nvidia)?"
export PATH="$PATH:/usr/local/cuda/bin"
command -v "${CUDACXX:-nvcc}" > /dev/null ||
  fail "no CUDA toolkit (nvcc): install CUDA 12.x or 13.x from NVIDIA, or set CUDACXX"

./scripts/setup.sh
cmake -S . -B "$build" -G Ninja -DGPUPROBE_REQUIRE="cpu;opencl;vulkan;cuda"
cmake --build "$build"
ctest --test-dir "$build" -L gpu --output-on-failure --no-tests=error

# Every NVIDIA device any API reaches (the OpenCL and Vulkan lists also hold PoCL and
# lavapipe, which run on the CPU): the same card once per API.
mapfile -t devices < <("$build/bin/gpuprobe" list --json | python3 -c '
import json, sys
for backend in json.load(sys.stdin):
    for d in backend.get("devices", []):
        info = {e["key"]: e["value"] for e in d["info"]}
        if "NVIDIA" in (str(info.get("vendor", "")) + str(info.get("name", ""))).upper():
            print("%s:%d" % (d["backend"], d["index"]))')
[ ${#devices[@]} -gt 0 ] || fail "gpuprobe reaches no NVIDIA device; \`$build/bin/gpuprobe list\` says why"
args=()
for d in "${devices[@]}"; do args+=(-d "$d"); done
echo "gpu-check: probing ${devices[*]}"
"$build/bin/gpuprobe" run --quick "${args[@]}" --json "$out"
echo "gpu-check: result file $out (open it with $build/bin/gpuprobe-gui --load $out)"
