#!/bin/sh
# Drives gpuprobe-gui's scripted mode under Xvfb (Mesa software OpenGL) for CTest.
# The PNGs it leaves in ARTIFACTS are checked by gui_screenshot_test (gtest) and kept as
# test artefacts.
#
#   gui_screenshot_test.sh run   GUI ARTIFACTS NAME KERNELS [--load FILE] [--backend X ...]
#       quick run through the GUI (next to the files loaded), screenshot of every panel
#       into NAME/, the run saved as NAME.json
#   gui_screenshot_test.sh load  GUI ARTIFACTS
#       run.json plus corrupt, truncated and wrong-version files: the window stays, an
#       error names each bad file, run.json's column stays, exit status 1; and run.json
#       next to a copy of itself
#   gui_screenshot_test.sh redraw GUI ARTIFACTS PLUGIN_DIR
#       a run on the fake plugin (it sleeps, timing each point for over a second): the
#       window yields while points are timed (at most 2 frames a second besides point
#       boundaries), draws at each point boundary, never goes 0.7 s without a frame, and
#       a close during a point stops the run within a second; the comma-separated
#       --backend reaches the run (a device named twice in it is measured once); the
#       window's thread runs 10 nice levels below its workers while the run is timed
#   gui_screenshot_test.sh check GUI ARTIFACTS
#       the buyer's check from the window on the CPU backend: verdict printed, panel shot; and
#       with an injected memory fault: FAIL
#   gui_screenshot_test.sh close GUI ARTIFACTS [--backend X ...]
#       the window is closed a few seconds into a run: the run is cancelled, the program
#       exits promptly and the partial result is still saved
set -u
mode=$1 gui=$2 artifacts=$3
shift 3
xvfb() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# Never touch the user's ~/.config: the GUI keeps imgui.ini under $XDG_CONFIG_HOME/gpuprobe.
export XDG_CONFIG_HOME="$artifacts/config"

case "$mode" in
run)
  name=$1 kernels=$2
  shift 2
  rm -rf "$artifacts/$name" "$artifacts/$name.json" "$XDG_CONFIG_HOME"
  mkdir -p "$artifacts/$name"
  xvfb "$gui" --run "$@" --kernels "$kernels" --quick --samples 5 --min-sample-ms 5 \
    --save "$artifacts/$name.json" --screenshot-dir "$artifacts/$name" --exit > "$artifacts/$name/stdout.txt" 2>&1
  rc=$?
  cat "$artifacts/$name/stdout.txt"
  [ $rc -eq 0 ] || fail "gpuprobe-gui exited with $rc"
  [ -s "$artifacts/$name.json" ] || fail "the run was not saved"
  for panel in devices run results charts why-cuda files; do
    [ -s "$artifacts/$name/$panel.png" ] || fail "no screenshot of the $panel panel"
  done
  grep -q "frames drawn during the run" "$artifacts/$name/stdout.txt" || fail "no frame statistics"
  # The document names the window's renderer (Xvfb: Mesa's llvmpipe, which draws on the CPU).
  python3 -c "import json, sys; o = json.load(open(sys.argv[1]))['origin']; sys.exit(not o.get('renderer'))" \
    "$artifacts/$name.json" || fail "the saved run does not name the window's renderer"
  # Paths go to the log, not the status bar, where the next screenshot would show them.
  grep -q "^gpuprobe-gui: Wrote $artifacts/$name/charts.png" "$artifacts/$name/stdout.txt" ||
    fail "the screenshots written are not logged"
  grep -q "^gpuprobe-gui: Saved the run to $artifacts/$name.json" "$artifacts/$name/stdout.txt" ||
    fail "the saved run is not logged"
  [ -s "$XDG_CONFIG_HOME/gpuprobe/imgui.ini" ] || fail "imgui.ini not written under \$XDG_CONFIG_HOME/gpuprobe"
  grep -q '^\[gpuprobe\]\[State\]' "$XDG_CONFIG_HOME/gpuprobe/imgui.ini" || fail "imgui.ini lacks the GUI's state"
  grep -qx 'Save=gpuprobe-result.json' "$XDG_CONFIG_HOME/gpuprobe/imgui.ini" || fail "imgui.ini state is garbled"
  ;;
load)
  dir="$artifacts/load"
  rm -rf "$dir"
  mkdir -p "$dir"
  [ -s "$artifacts/run.json" ] || fail "run.json missing (gui_scripted_run must run first)"
  printf 'this is not JSON {' > "$dir/corrupt.json"
  head -c 300 "$artifacts/run.json" > "$dir/truncated.json"
  sed 's/"major": 1/"major": 99/' "$artifacts/run.json" > "$dir/future.json"
  xvfb "$gui" --load "$artifacts/run.json" --load "$dir/corrupt.json" --load "$dir/truncated.json" \
    --load "$dir/future.json" --panel results --screenshot "$dir/results-with-error.png" --exit \
    > "$dir/stdout.txt" 2> "$dir/stderr.txt"
  rc=$?
  cat "$dir/stdout.txt" "$dir/stderr.txt"
  [ $rc -eq 1 ] || fail "bad files must make the scripted run exit 1, got $rc"
  for f in corrupt.json truncated.json future.json; do
    grep -q "$f" "$dir/stderr.txt" || fail "no error naming $f"
  done
  [ -s "$dir/results-with-error.png" ] || fail "no screenshot with the error popup"
  # The good file opened first keeps its column next to the error (the log names the
  # columns of each screenshot; gui_screenshot_test sees the column's swatch).
  grep -q "Wrote $dir/results-with-error.png (columns: .*\[run.json\])" "$dir/stdout.txt" ||
    fail "run.json's column is not on the screenshot taken after the bad files"

  # Files only, no run: the CPU's, the PoCL run's, and that run again as if from another
  # machine (a second set of columns).
  cp "$artifacts/run.json" "$dir/other-machine.json"
  xvfb "$gui" --load "$artifacts/cpu.json" --load "$artifacts/run.json" --load "$dir/other-machine.json" \
    --panel results --panel charts \
    --panel why-cuda --screenshot-dir "$dir" --chart-png-dir "$dir/charts" --exit || fail "loading three good files failed"
  for panel in results charts why-cuda; do
    [ -s "$dir/$panel.png" ] || fail "no screenshot of the $panel panel with the files"
  done
  # The charts' Save PNG: at least the two curves at the top of the panel.
  for chart in memory-latency latency-hiding; do
    [ -s "$dir/charts/chart-$chart.png" ] || fail "chart $chart not exported as PNG"
  done
  ;;
redraw)
  dir="$artifacts/redraw"
  rm -rf "$dir"
  mkdir -p "$dir"
  GPUPROBE_PLUGIN_PATH=$1 xvfb "$gui" --run --backend fake:0,fake --kernels read --quick \
    --samples 5 --min-sample-ms 200 --save "$dir/run.json" --panel run --screenshot "$dir/run.png" \
    --exit > "$dir/stdout.txt" 2>&1 &
  runner=$!
  # While the run is timed the window's thread steps back (nice + 10) and its workers keep
  # their priority: nice is field 19 of /proc/PID/stat (17th after the command's ")").
  nice_of() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $17 }'; }
  gui_nice="" worker_nice=""
  for _ in $(seq 1 200); do
    for pid in $(pgrep -f -- "--save $dir/run.json"); do
      [ "$(cat /proc/$pid/comm 2>/dev/null)" = gpuprobe-gui ] || continue
      worker=$(pgrep -P "$pid" -f gpuprobe-worker | head -1)
      [ -n "$worker" ] || continue
      n=$(nice_of "$pid") w=$(nice_of "$worker")
      [ -n "$n" ] && [ -n "$w" ] || continue
      if [ "$n" -gt "$w" ]; then gui_nice=$n worker_nice=$w; fi
    done
    [ -n "$gui_nice" ] && break
    sleep 0.1
  done
  wait $runner || fail "the run on the fake plugin failed: $(cat "$dir/stdout.txt")"
  cat "$dir/stdout.txt"
  echo "during the run: window thread nice ${gui_nice:-?}, worker nice ${worker_nice:-?}"
  [ -n "$gui_nice" ] && [ $((gui_nice - worker_nice)) -ge 10 -o "$gui_nice" -eq 19 ] ||
    fail "the window's thread did not step back below its workers during the run"
  grep -q "the window's thread runs at nice" "$dir/stdout.txt" ||
    fail "the window did not say it lowered its priority"
  grep -q "fake:0 given twice; measured once" "$dir/stdout.txt" ||
    fail "--backend fake:0,fake did not reach the run as two entries"
  points=$(python3 -c "
import json, sys
doc = json.load(open(sys.argv[1]))
# Schema 1.4: the document says the window took it, and how often the window drew.
origin = doc['origin']
assert origin['front_end'] == 'gui' and 0 < origin['window_frames_per_second'] < 10, origin
print(sum(len(k['points']) for d in doc['devices'] for k in d['kernels']))" "$dir/run.json") ||
    fail "cannot read the saved run, or its origin is not the GUI's"
  # "Run finished after S s" and "F frames drawn during the run (X per second, longest gap
  # G ms; P at point boundaries, I on input, A for the app, T on the timer)"
  stats=$(sed -n 's/.*after \([0-9.]*\) s: .*/\1/p; s/.* \([0-9]*\) frames drawn during the run ([0-9.]* per second, longest gap \([0-9]*\) ms; \([0-9]*\) at point boundaries, \([0-9]*\) on input, \([0-9]*\) for the app, \([0-9]*\) on the timer).*/\1 \2 \3 \4 \5 \6/p' "$dir/stdout.txt" | tr '\n' ' ')
  echo "run seconds, frames, longest gap ms, boundary, input, app, timer: $stats; points: $points"
  echo "$stats $points" | awk '{
    s = $1; frames = $2; gap = $3; boundary = $4; input = $5; app = $6; timer = $7; points = $8
    if (NF != 8 || points < 2) { print "no frame statistics or too few points"; exit 1 }
    # Twice a second on the timer (one more for rounding), a frame per point boundary (one
    # more per device: its end) and a few for the app (the first frame, new results).
    if (timer > 2 * s + 1) { print "timer frames above 2 per second"; exit 1 }
    if (frames > 2 * s + 1 + (points + 1) + app + input || app > points + 4) { print "too many frames"; exit 1 }
    # The last point ends the run: the first frame after the run (not counted here) shows it
    # when the window wakes after the run has ended, which its lowered priority makes likely.
    if (boundary < points - 1) { print "not every point boundary was drawn"; exit 1 }
    if (gap >= 700) { print "the window went " gap " ms without a frame"; exit 1 }
  }' || fail "the window did not yield as it must during the run: $stats (points $points)"

  # A close 2.5 s into the run (a point is being timed then) cancels it within a second.
  GPUPROBE_PLUGIN_PATH=$1 xvfb "$gui" --run --kernels read --quick --samples 5 --min-sample-ms 200 \
    --close-after-seconds 2.5 --panel run --exit > "$dir/cancel.txt" 2>&1
  cat "$dir/cancel.txt"
  stopped=$(sed -n 's/.*the run stopped \([0-9]*\) ms after the cancel.*/\1/p' "$dir/cancel.txt")
  took=$(sed -n 's/.*Run cancelled after \([0-9.]*\) s:.*/\1/p' "$dir/cancel.txt")
  [ -n "$stopped" ] && [ -n "$took" ] || fail "the close did not cancel the run"
  # The cancel stops the run within a second; the hook itself is seen at the next turn of
  # the loop, at most half a second (the timer) late, so the whole run ends by about 3 s.
  echo "$stopped $took" | awk '{ exit !($1 < 1000 && $2 < 2.5 + 0.5 + 0.5) }' ||
    fail "the cancel took $stopped ms (the run lasted $took s for a close at 2.5 s)"
  ;;
check)
  dir="$artifacts/check"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf 'name,price\nGeForce RTX 3090,700\nRadeon RX 580,60\n' > "$dir/prices.csv"
  xvfb "$gui" --check --backend cpu --check-load-seconds 3 --check-memtest-bytes 8MiB --price 350 \
    --price-list "$dir/prices.csv" --panel check --screenshot "$dir/check.png" --exit \
    > "$dir/stdout.txt" 2>&1 ||
    fail "the check from the window failed: $(cat "$dir/stdout.txt")"
  cat "$dir/stdout.txt"
  grep -q "^gpuprobe-gui: Buyer's check: \(PASS\|WARN\)" "$dir/stdout.txt" || fail "no verdict"
  grep -q "^gpuprobe-gui:   cpu:0 .*: \(PASS\|WARN\)" "$dir/stdout.txt" || fail "no device verdict"
  grep -q "^gpuprobe-gui:     value: ranked against the price list $dir/prices.csv" "$dir/stdout.txt" ||
    fail "the window's check did not rank against --price-list"
  [ -s "$dir/check.png" ] || fail "no screenshot of the check panel"
  # A memory fault: the window shows FAIL.
  GPUPROBE_FAULT=memtest_flip:4096:0x10 xvfb "$gui" --check --backend cpu --check-load-seconds 1 \
    --check-memtest-bytes 8MiB --panel check --screenshot "$dir/check-fail.png" --exit \
    > "$dir/fail.txt" 2>&1 || fail "the check with a fault failed to run: $(cat "$dir/fail.txt")"
  cat "$dir/fail.txt"
  grep -q "^gpuprobe-gui: Buyer's check: FAIL" "$dir/fail.txt" || fail "an injected memory fault did not FAIL"
  ;;
close)
  dir="$artifacts/close"
  rm -rf "$dir"
  mkdir -p "$dir"
  start=$(date +%s)
  # Without --exit this is the interactive path: the test hook closes the window as a user would.
  timeout 180 xvfb-run -a -s "-screen 0 1280x800x24" "$gui" --run "$@" --full --close-after-seconds 3 \
    --save "$dir/partial.json" > "$dir/stdout.txt" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  cat "$dir/stdout.txt"
  [ $rc -eq 0 ] || fail "closing during a run must exit cleanly, got $rc"
  [ $took -lt 120 ] || fail "closing during a run took ${took}s"
  [ -s "$dir/partial.json" ] || fail "the partial run was not saved"
  grep -q '"cancelled"' "$dir/partial.json" || fail "no point is marked cancelled in the partial run"
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo "ok: $mode"
