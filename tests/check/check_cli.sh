#!/bin/sh
# check_cli.sh GPUPROBE WORKDIR: `gpuprobe check` end to end on every backend this machine has
# (CPU, PoCL, lavapipe: unrecognised devices, no telemetry), with seconds of load and MiB of
# memory; an injected memory fault makes it FAIL (exit 1); bad input exits 2 with its reason.
set -u
gpuprobe=$1 work=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"
short="--load-seconds 3 --memtest-bytes 16MiB --memtest-idle-s 0.2"

for dev in cpu opencl vulkan; do
  "$gpuprobe" check -d $dev $short --price 350 --kwh-price 0.30 --json "$work/$dev.json" \
    > "$work/$dev.txt" 2> "$work/$dev.err"
  rc=$?
  cat "$work/$dev.txt"
  [ $rc -eq 0 ] || [ $rc -eq 3 ] || { cat "$work/$dev.err"; fail "check on $dev exited $rc"; }
  python3 - "$work/$dev.json" "$rc" <<'PY' || fail "the $dev report is wrong"
import json, sys
doc = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
assert doc["schema"]["name"] == "gpuprobe-check", doc["schema"]
assert doc["exit_code"] == rc and doc["verdict"] in ("PASS", "WARN"), (doc["verdict"], rc)
(d,) = doc["devices"]
areas = {f["area"]: f["level"] for f in d["findings"]}
assert areas.get("memory") == "PASS", areas           # the memory test ran and was clean
assert d["memory"]["error_count"] == 0 and d["memory"]["tested_bytes"] == 16 << 20, d["memory"]
load = d["sustained_load"]                             # the load ran, with its intervals
assert len(load["intervals"]) >= 2 and all(i["throughput"] > 0 for i in load["intervals"]), load
assert any(i["partial"] for i in load["intervals"]), "no partial-load interval"
assert areas.get("spec") == "unavailable" and d["spec_row"] is None  # unrecognised: said so
assert d["measured"]["fp32_tflops"] > 0, d["measured"]
assert any(v["what"] == "per fp32 TFLOPS" and v["ranked"] > 100 for v in d["value"]), d["value"]
assert d["energy_note"].startswith("unavailable: no power telemetry"), d["energy_note"]
print("ok:", d["backend"], doc["verdict"], len(load["intervals"]), "intervals")
PY
done

# Bits flipped in the tested memory: every one found, the card fails, exit 1.
GPUPROBE_FAULT=memtest_flip:4096:0x10,65536:0x1 "$gpuprobe" check -d cpu $short --skip-load \
  --format json > "$work/fault.json" 2> "$work/fault.err"
rc=$?
[ $rc -eq 1 ] || { cat "$work/fault.err"; fail "a memory fault must exit 1, got $rc"; }
python3 - "$work/fault.json" <<'PY' || fail "the fault report is wrong"
import json, sys
doc = json.load(open(sys.argv[1]))
(d,) = doc["devices"]
memory = [f for f in d["findings"] if f["area"] == "memory"]
assert doc["verdict"] == "FAIL" and memory[0]["level"] == "FAIL", (doc["verdict"], memory)
assert d["memory"]["error_count"] > 0 and "error(s)" in memory[0]["text"], memory
assert any(f["area"] == "throttling" and f["level"] == "unavailable" for f in d["findings"])
print("ok: injected flips ->", memory[0]["text"])
PY

# Markdown.
"$gpuprobe" check -d cpu --skip-load --skip-memory --format markdown > "$work/check.md"
grep -q "^# gpuprobe buyer's check: " "$work/check.md" || fail "no Markdown report"

# A price list in the buyer's currency: the value figures rank against its cards, at its
# prices, with the figures of their spec rows (the CPU itself has no row: its measured ones).
printf 'name,price,shop\nGeForce RTX 3090,700,local\nRadeon RX 580,60,\n"GeForce GTX 1080 Ti",180,x\n' \
  > "$work/prices.csv"
"$gpuprobe" check -d cpu --load-seconds 2 --skip-memory --price 90 --currency EUR \
  --price-list "$work/prices.csv" --format json > "$work/prices.json" 2> "$work/prices.err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 3 ] || { cat "$work/prices.err"; fail "check with a price list exited $rc"; }
python3 - "$work/prices.json" "$work/prices.csv" <<'PY' || fail "the price-list ranking is wrong"
import json, sys
doc = json.load(open(sys.argv[1]))
(d,) = doc["devices"]
assert doc["currency"] == "EUR", doc["currency"]
assert d["value_note"].startswith("ranked against the price list " + sys.argv[2] + " (EUR)"), d
fp32 = [v for v in d["value"] if v["what"] == "per fp32 TFLOPS"]
assert fp32 and fp32[0]["ranked"] == 4, d["value"]      # three listed cards and this one
bandwidth = [v for v in d["value"] if v["what"] == "per GB/s"]
assert not bandwidth or bandwidth[0]["ranked"] <= 4, d["value"]
print("ok: price list ->", fp32[0])
PY

# Bad input: exit 2, the reason named, nothing run.
printf 'vendor,name,fp32_tflops\nNVIDIA,Broken,abc\n' > "$work/bad.csv"
printf 'name,price\nGeForce RTX 3090,700\nGeForce RTX 9999,100\n' > "$work/unknown-card.csv"
printf 'name,price\nGeForce RTX 3090,-700\n' > "$work/bad-price.csv"
printf 'name,cost\nGeForce RTX 3090,700\n' > "$work/no-price.csv"
while IFS='|' read -r args words; do
  # shellcheck disable=SC2086
  "$gpuprobe" check -d cpu $args > "$work/bad.out" 2> "$work/bad.err"
  rc=$?
  [ $rc -eq 2 ] || fail "check $args must exit 2, got $rc"
  grep -q -- "$words" "$work/bad.err" || fail "check $args: '$words' not in: $(cat "$work/bad.err")"
done <<LIST
--currency XYZ|'XYZ' is not a currency
--price -5|--price
--price abc|--price
--load-seconds 0|--load-seconds
--hours-per-day 25|--hours-per-day
--memtest-bytes 1TiB --skip-load|the device has
--spec-file $work/bad.csv|bad.csv:2
-d nope|nope
--price-list $work/prices.csv|give it with --price
--price 90 --price-list $work/unknown-card.csv|unknown-card.csv:3: 'GeForce RTX 9999' is not in the spec database
--price 90 --price-list $work/bad-price.csv|bad-price.csv:2: price
--price 90 --price-list $work/no-price.csv|no 'price' column
--price 90 --price-list $work/missing.csv|price list: 
LIST
echo "ok: bad input exits 2"
