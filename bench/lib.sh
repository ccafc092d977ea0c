# Shared helpers for the bench scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${GPUPROBE_BUILD:-$ROOT/build}"
GPUPROBE="$BUILD/bin/gpuprobe"
WORK="$BUILD/bench"
mkdir -p "$WORK"
[ -x "$GPUPROBE" ] || { echo "bench: $GPUPROBE not built; run the README's first command" >&2; exit 2; }

# best_figure FILE KERNEL [max|min] [precision] [largest]: best median among ok points of
# KERNEL in a gpuprobe result file, over every device in it; with "largest", only among the
# points at the largest working set (the DRAM figure, not a cache-resident one).
best_figure() {
  python3 - "$@" <<'PY'
import json, sys
path, kernel = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "max"
precision = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] else None
largest = len(sys.argv) > 5 and sys.argv[5] == "largest"
doc = json.load(open(path))
points = []
for d in doc["devices"]:
    for k in d["kernels"]:
        if k["kernel"] != kernel: continue
        for p in k["points"]:
            if p["status"] != "ok": continue
            if precision and p["requested"].get("precision") != precision: continue
            points.append(p)
if largest and points:
    top = max(p["effective"]["size_bytes"] for p in points)
    points = [p for p in points if p["effective"]["size_bytes"] == top]
vals = [p["figure"]["median"] for p in points]
if not vals:
    sys.exit("bench: no ok point for %s in %s" % (kernel, path))
print("%.3f" % (max(vals) if mode == "max" else min(vals)))
PY
}

# ratio A B -> A/B with 3 decimals
ratio() { python3 -c "print('%.3f' % ($1 / $2))"; }

# verdict RATIO TARGET: "met" when RATIO >= TARGET
verdict() { python3 -c "print('met' if $1 >= $2 else 'NOT met')"; }

# cpu_info KEY: a device-info value of the CPU backend's device (gpuprobe list --json).
cpu_info() {
  "$GPUPROBE" list --json | python3 -c "
import json, sys
for b in json.load(sys.stdin):
    for d in b.get('devices', []):
        if d.get('backend') == 'cpu':
            for i in d['info']:
                if i['key'] == sys.argv[1]: print(i['value'])
" "$1"
}

# memory_plans FILE -> "cpu:0 128 MiB, opencl:0 1 GiB, ..." : the DRAM working set each
# device's run chose from its own pointer chase. Two runs compare like with like only when
# these agree (a noisy chase can move the knee, and a 1 GiB plan costs far more than 128 MiB).
memory_plans() {
  python3 - "$1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
def mib(b): return "%d MiB" % (b >> 20) if b < 1 << 30 else "%g GiB" % (b / (1 << 30))
print(", ".join("%s:%s %s" % (d["backend"], d["index"],
                               mib(d.get("memory_plan", {}).get("dram_working_set_bytes", 0)))
                for d in doc["devices"]))
PY
}
