#!/usr/bin/env python3
"""Compiles the CUDA kernels' PTX with `ptxas -v` and fails when a bandwidth, chase, compute
or tiled-matmul kernel spills registers (a spill turns a bandwidth or FLOP figure into a
measurement of local memory).

  ptxas_spills.py PTXAS KERNELS.ptx ARCH [extra ptxas options, e.g. -maxrregcount=16]
"""
import re
import subprocess
import sys

# Mangled-name fragments of the kernels whose figures a spill would distort.
GROUPS = {
    "bandwidth": ["14read_bandwidth", "15write_bandwidth", "14copy_bandwidth", "15local_bandwidth"],
    "chase": ["13pointer_chase"],
    "compute": ["6device7compute"],
    "tiled matmul": ["12matmul_tiled"],
}
PROPERTIES = re.compile(r"Function properties for (\S+)\s*\n\s*(\d+) bytes stack frame, "
                        r"(\d+) bytes spill stores, (\d+) bytes spill loads")


def main():
    ptxas, ptx, arch, extra = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    command = [ptxas, "-v", f"-arch=sm_{arch}", *extra, ptx, "-o", "/dev/null"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stdout + run.stderr)
        print(f"FAIL: {' '.join(command)} exited {run.returncode}")
        return 1
    functions = {m[1]: (int(m[3]), int(m[4])) for m in PROPERTIES.finditer(run.stdout + run.stderr)}
    failed = False
    for group, fragments in GROUPS.items():
        members = {name: spills for name, spills in functions.items()
                   if any(f in name for f in fragments)}
        if not members:
            print(f"FAIL: no {group} kernel in ptxas's report (names {fragments})")
            failed = True
        for name, (stores, loads) in sorted(members.items()):
            verdict = "ok" if stores == 0 and loads == 0 else "FAIL"
            failed |= verdict == "FAIL"
            print(f"{verdict}: {group}: {name}: {stores} bytes spill stores, {loads} bytes spill loads")
    print("FAIL: register spills at sm_" + arch if failed else "OK: no spills at sm_" + arch)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
