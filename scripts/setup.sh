#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages gpuprobe needs to build, test and benchmark, but only
# those missing. Uses sudo when not root. Safe to run again. Configuring with
# -DGPUPROBE_REQUIRE="cpu;opencl;vulkan;gui" (CI) fails naming any of these that is missing.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ pkg-config
  # core libraries
  nlohmann-json3-dev libcli11-dev libgtest-dev libsqlite3-dev
  # the fleet's shared history store: libpq to write it, the server for its tests
  libpq-dev postgresql
  # OpenCL: ICD loader + headers, PoCL (OpenCL on the CPU), clinfo for the device-info test
  ocl-icd-opencl-dev opencl-headers pocl-opencl-icd clinfo libclblast-dev
  # CPU backend vendor BLAS
  libopenblas-dev
  # Vulkan: loader + headers, shader compiler, lavapipe (Vulkan on the CPU), tools, validation
  libvulkan-dev glslc mesa-vulkan-drivers vulkan-tools vulkan-validationlayers
  # GUI: Dear ImGui + GLFW + OpenGL, stb for PNG, Xvfb for headless screenshots
  libimgui-dev libglfw3-dev libstb-dev libgl1-mesa-dri xvfb xauth fonts-dejavu-core
  # JUnit XML output validated against tests/junit.xsd (xmllint)
  libxml2-utils
  # formatting check and the peer used by the benchmarks
  clang-format clpeak python3 gcc
  # PCI id -> name lookups for the spec database and its test (/usr/share/misc/pci.ids)
  pci.ids
  # sanitizer and fuzz builds (CMakePresets.json): clang 15 (14 has no _Float16 on x86);
  # libclang-common-15-dev holds its ASan/UBSan/TSan and libFuzzer runtimes, llvm-15 the
  # llvm-symbolizer that puts file:line into their reports
  clang-15 libclang-common-15-dev llvm-15
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: need root or sudo to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup: installing ${missing[*]}"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
