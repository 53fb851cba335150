#!/usr/bin/env bash
# tools/gpu_check.sh OUTDIR — the whole GPU check in one command of at most ten minutes: build the `cuda` preset,
# run the tests, the benchmarks and the peers (CuPy / PyTorch / NumPy), the tests again under compute-sanitizer
# memcheck, and write a report. No step stops the others: each step's status goes to OUTDIR/summary.txt and the
# script exits non-zero at the end if any step failed.
#
# OUTDIR holds a few files, flat, so a device run can bring them all back:
#   summary.txt   step statuses, elapsed seconds, test counts, memcheck errors, one line per benchmark
#   report.md     tables per benchmark family with peers, examples, the seed chain by size (tools/bench_report.py); PNG plots
#   build.log  ctest.log  memcheck.log
#   data.tar.gz   data/: bench_<name>.json, peers.json, ports-*.txt, sweep-*.json, ctest-junit.xml, nvidia-smi.txt, memcheck-*.log
#
# Environment (all optional):
#   SKIP_BUILD=1 SKIP_TESTS=1 SKIP_BENCH=1 SKIP_PEERS=1 SKIP_EXAMPLES=1 SKIP_OMP=1 SKIP_MEMCHECK=1   leave a step out
#   (everything takes more than one ten-minute device call: run the build, tests and memcheck in one call and, on
#   the still-warm machine, SKIP_BUILD=1 SKIP_TESTS=1 SKIP_MEMCHECK=1 for the benchmarks, examples and peers)
#   BENCH="bench_core bench_reduce"   bench binaries to run (default: every bench_* built)
#   BENCH_FILTER=regex                --benchmark_filter for every binary
#   BENCH_MIN_TIME=0.1 BENCH_REPS=3   per-case minimum time (s) and repetitions (the report takes the median)
#   PEERS_ARGS="--peers cupy,torch"   extra arguments of bench/peers/peers.py
#   CTEST_JOBS=8 MEMCHECK_JOBS=8      parallel test processes
#   TIME_BUDGET=570                   seconds for everything; late steps shrink or are skipped to stay inside it
#   SKIP_SWEEP=1                      leave out issue 18's shape sweep (bench_sweep + bench/peers/reduce_sweep.py,
#                                     ~4 + ~2 min; it runs after memcheck in what is left of TIME_BUDGET, not in the
#                                     bench step; output shape_sweep.md / shape_sweep*.png, data/shape_sweep_*.json)
#   SWEEP_FILTER=regex SWEEP_MIN_TIME=0.05   --benchmark_filter (and the peers' --filter) and min time of the sweep
#   KEEP_DATA_DIR=1                   keep OUTDIR/data/ unpacked as well (more files)
#   BUILD_TARGETS="bench_sweep test_reduce"  build only these targets (default: all); CHECK_HEADERS=OFF skips the
#                                     nvcc header-on-its-own check
#   PRESET=cuda BUILD_DIR=build/cuda  configure preset and build folder (PRESET=omp smoke-tests this script on a CPU)
# shellcheck disable=SC2317  # the step functions are called through `step`
set -u -o pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
mkdir -p "$1/data" || exit 2
OUT=$(cd "$1" && pwd)
DATA=$OUT/data
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
ROOT=$(pwd)
PRESET=${PRESET:-cuda}
BUILD=$(realpath -m "${BUILD_DIR:-build/$PRESET}")
export PATH=/usr/local/cuda/bin:$PATH

JOBS=$(nproc)
TIME_BUDGET=${TIME_BUDGET:-570}
BENCH_MIN_TIME=${BENCH_MIN_TIME:-0.1}
BENCH_REPS=${BENCH_REPS:-3}
CTEST_JOBS=${CTEST_JOBS:-8}
MEMCHECK_JOBS=${MEMCHECK_JOBS:-8}
T_START=$EPOCHREALTIME
SUMMARY=$OUT/summary.txt
: >"$SUMMARY"
FAILED=0

now() { echo "$EPOCHREALTIME"; }
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Seconds left of the budget (integer, may be negative).
remaining() { awk -v a="$T_START" -v b="$(now)" -v t="$TIME_BUDGET" 'BEGIN { printf "%d", t - (b - a) }'; }

note() { echo "$*" | tee -a "$SUMMARY"; }

# step NAME SKIPVAR command...: runs a step, records "NAME: ok|FAILED (rc N)|skipped  (S s)".
step() {
  local name=$1 skip=$2
  shift 2
  if [[ -n "$skip" && "${!skip:-0}" == 1 ]]; then
    note "$(printf '%-10s skipped (%s=1)' "$name:" "$skip")"
    return 0
  fi
  echo "=== $name ($(remaining) s of the budget left)"
  local t0 rc
  t0=$(now)
  "$@"
  rc=$?
  if [[ $rc == 0 ]]; then
    note "$(printf '%-10s ok  (%s s)' "$name:" "$(elapsed_since "$t0")")"
  else
    FAILED=1
    note "$(printf '%-10s FAILED (rc %s)  (%s s)' "$name:" "$rc" "$(elapsed_since "$t0")")"
  fi
  return 0
}

# --- the steps ---------------------------------------------------------------------------------------------------

do_info() {
  command -v nvidia-smi >/dev/null || echo "nvidia-smi not found" >&2
  {
    nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm,power.limit --format=csv
    echo
    nvidia-smi
    echo
    nvcc --version | tail -2
    cmake --version | head -1
    python3 --version
  } >"$DATA/nvidia-smi.txt" 2>&1
  head -2 "$DATA/nvidia-smi.txt" | tail -1 | sed 's/^/  gpu: /' | tee -a "$SUMMARY"
  command -v nvidia-smi >/dev/null
}

do_build() {
  {
    # Every public header on its own under nvcc too (CI checks a subset for time; 16 cores make this cheap).
    # shellcheck disable=SC2086  # BUILD_TARGETS is a list
    cmake --preset "$PRESET" -B "$BUILD" -DNDTHRUST_CHECK_ALL_HEADERS_NVCC="${CHECK_HEADERS:-ON}" &&
      cmake --build "$BUILD" -j "$JOBS" ${BUILD_TARGETS:+--target $BUILD_TARGETS} -- -k 0
  } >"$OUT/build.log" 2>&1
  local rc=$?
  [[ $rc == 0 ]] || grep -m 20 -E 'error|FAILED' "$OUT/build.log"
  return "$rc"
}

do_tests() {
  local t=$(($(remaining) - 240))
  ((t < 60)) && t=60
  timeout "$t" ctest --test-dir "$BUILD" --output-on-failure --no-tests=error -j "$CTEST_JOBS" --timeout 120 \
    --output-junit "$DATA/ctest-junit.xml" >"$OUT/ctest.log" 2>&1
  local rc=$?
  grep -E 'tests passed|tests failed' "$OUT/ctest.log" | tail -1 | sed 's/^/  ctest: /' | tee -a "$SUMMARY"
  grep -A 50 'The following tests FAILED' "$OUT/ctest.log" | head -30
  return "$rc"
}

bench_binaries() {
  if [[ -n "${BENCH:-}" ]]; then
    for b in $BENCH; do echo "$BUILD/bench/$b"; done
  else
    # bench_sweep (issue 18's shape sweep, minutes long) runs in its own step, do_sweep, unless BENCH names it.
    find "$BUILD/bench" -maxdepth 1 -type f -executable -name 'bench_*' ! -name bench_sweep 2>/dev/null | sort
  fi
}

do_bench() {
  local rc=0 b name
  for b in $(bench_binaries); do
    name=$(basename "$b")
    if [[ ! -x "$b" ]]; then
      echo "missing $b"
      rc=1
      continue
    fi
    local t=$(($(remaining) - 200)) # leave time for the peers and the report
    ((t < 60)) && t=60
    # Google Benchmark >= 1.8 wants a unit ("0.1s"); 1.7 rejects one.
    local min_time=$BENCH_MIN_TIME
    "$b" --benchmark_min_time="${BENCH_MIN_TIME}s" --benchmark_list_tests >/dev/null 2>&1 && min_time=${BENCH_MIN_TIME}s
    echo "--- $name (timeout $t s)"
    timeout "$t" "$b" --benchmark_out="$DATA/$name.json" --benchmark_out_format=json \
      --benchmark_min_time="$min_time" --benchmark_repetitions="$BENCH_REPS" \
      --benchmark_display_aggregates_only=true ${BENCH_FILTER:+--benchmark_filter="$BENCH_FILTER"} 2>&1 |
      grep -v -E '_(mean|stddev|cv) '
    local brc=${PIPESTATUS[0]}
    if [[ $brc != 0 ]]; then
      echo "$name exited with $brc"
      rc=1
    fi
  done
  return "$rc"
}

do_peers() {
  local t=$(($(remaining) - 60))
  ((t < 30)) && t=30
  # shellcheck disable=SC2086
  timeout "$t" python3 "$ROOT/bench/peers/peers.py" "$DATA/peers.json" ${PEERS_ARGS:-}
}

# The example programs at full size, each checking its answer, beside CuPy's / NumPy's versions (bench/peers/
# ports.py; k-means and Monte-Carlo also run on the peers' own inputs, exchanged as .npy, and must agree with them),
# and the seed chain by size (seed_experiment --json, bench/peers/sweep.py). Output: ports-*.txt RESULT lines,
# ports-peers.json, sweep-*.json for the report.
do_examples() {
  local ex=$BUILD/examples rc=0 t
  t=$(($(remaining) - 120))
  ((t < 60)) && t=60
  ( cd "$DATA" && timeout "$t" python3 "$ROOT/bench/peers/ports.py" ports-peers.json --kmeans-dir kmeans-npy \
      --mc-dir mc-npy --numpy-reps 1 ) >"$DATA/ports-peers.log" 2>&1 || { echo "ports.py failed"; tail -5 "$DATA/ports-peers.log"; rc=1; }
  for prog in black_scholes monte_carlo kmeans; do
    timeout 120 "$ex/$prog" >"$DATA/ports-$prog.txt" 2>&1 || { echo "$prog failed"; tail -5 "$DATA/ports-$prog.txt"; rc=1; }
    grep -E '^RESULT' "$DATA/ports-$prog.txt" | sed 's/^/  /'
  done
  if [[ -s "$DATA/kmeans-npy/X.npy" ]]; then
    timeout 120 "$ex/kmeans" --input "$DATA/kmeans-npy/X.npy" --init "$DATA/kmeans-npy/init.npy" \
      --expect "$DATA/kmeans-npy/labels.npy" "$DATA/kmeans-npy/centers.npy" >"$DATA/check-kmeans-vs-numpy.txt" 2>&1 ||
      { echo "kmeans on NumPy's input disagrees"; tail -5 "$DATA/check-kmeans-vs-numpy.txt"; rc=1; }
    tail -2 "$DATA/check-kmeans-vs-numpy.txt" | sed 's/^/  kmeans vs NumPy: /'
  fi
  if [[ -s "$DATA/mc-npy/S.npy" ]]; then
    local expect=$DATA/mc-npy/call_cupy.npy
    [[ -s "$expect" ]] || expect=$DATA/mc-npy/call_numpy.npy
    timeout 120 "$ex/monte_carlo" --input "$DATA/mc-npy/S.npy" "$DATA/mc-npy/X.npy" "$DATA/mc-npy/T.npy" \
      --expect "$expect" >"$DATA/check-mc-vs-peer.txt" 2>&1 ||
      { echo "monte_carlo on the peer's input disagrees"; tail -5 "$DATA/check-mc-vs-peer.txt"; rc=1; }
    tail -2 "$DATA/check-mc-vs-peer.txt" | sed 's/^/  monte_carlo vs peer: /'
  fi
  rm -rf "$DATA/kmeans-npy" "$DATA/mc-npy"
  timeout 180 "$ex/seed_experiment" --json "$DATA/sweep-cuda.json" >"$DATA/ports-seed-cuda.txt" 2>&1 ||
    { echo "seed_experiment failed"; tail -5 "$DATA/ports-seed-cuda.txt"; rc=1; }
  timeout 60 "$ex/matmul" >"$DATA/ports-matmul.txt" 2>&1 || { echo "matmul example failed"; tail -5 "$DATA/ports-matmul.txt"; rc=1; }
  timeout 150 python3 "$ROOT/bench/peers/sweep.py" "$DATA/sweep-peers.json" --numpy-max 1e9 \
    --examples-out "$DATA/seed-peers.json" >"$DATA/sweep-peers.log" 2>&1 || { echo "sweep.py failed"; tail -5 "$DATA/sweep-peers.log"; rc=1; }
  return "$rc"
}

# The host-only backend on this machine's cores against NumPy on the seed's chain at 1e8 f64 (bench_elementwise
# sizes its chain by backend): builds the omp preset's bench_elementwise only. The omp preset needs LAPACKE and
# kissfft; on a GPU machine without them and without apt, unpack their Debian packages (libkissfft-dev,
# liblapacke-dev, liblapacke, liblapack3, libblas3, libgfortran5, libtmglib3) with `dpkg -x` into a folder, then set
# CMAKE_PREFIX_PATH=<folder>/usr and LD_LIBRARY_PATH=<folder>/usr/lib/x86_64-linux-gnu{,/lapack,/blas}.
do_omp() {
  local b=$ROOT/build/omp-gpucheck
  {
    cmake --preset omp -B "$b" -DNDTHRUST_BUILD_TESTS=OFF -DNDTHRUST_BUILD_EXAMPLES=ON &&
      cmake --build "$b" --target bench_elementwise seed_experiment -j "$JOBS"
  } >"$DATA/omp-build.log" 2>&1 || { tail -20 "$DATA/omp-build.log"; return 1; }
  OMP_NUM_THREADS=$JOBS timeout 120 "$b/bench/bench_elementwise" --benchmark_filter='chain' \
    --benchmark_repetitions=3 --benchmark_display_aggregates_only=true \
    --benchmark_out="$DATA/omp-bench_elementwise.json" --benchmark_out_format=json | grep -E 'median' || return 1
  timeout 120 python3 - "$DATA/omp-bench_elementwise.json" "$JOBS" <<'PY' | tee -a "$SUMMARY"
import json, sys, time
import numpy as np
x = np.ones(100_000_000)
ts = []
for _ in range(3):
    t = time.perf_counter(); x *= 5; x *= x; x += x; ts.append(time.perf_counter() - t)
numpy_ms = sorted(ts)[1] * 1e3
runs = {b["run_name"]: b["real_time"] for b in json.load(open(sys.argv[1]))["benchmarks"]
        if b.get("aggregate_name") == "median"}
for name, ms in sorted(runs.items()):
    if "/nd" in name and "/small_" not in name:  # the 1e4 chain is timed in µs and is not the 1e8 chain
        print("  omp (%s threads) %s: %.1f ms, NumPy 1e8 chain %.1f ms: %.1fx NumPy" % (sys.argv[2], name, ms, numpy_ms, numpy_ms / ms))
PY
  # The seed chain by size on the host backend, for the report's size table.
  OMP_NUM_THREADS=$JOBS timeout 150 "$b/examples/seed_experiment" --edge 464 --reps 3 --max 1e9 --json "$DATA/sweep-omp.json" \
    >"$DATA/seed-omp.txt" 2>&1 || { echo "seed_experiment (omp) failed"; tail -5 "$DATA/seed-omp.txt"; return 1; }
}

# Issue 18's shape sweep: bench_sweep (one repetition; its JSON is not a bench_*.json, so the main report leaves
# it out), the same cases in PyTorch / CuPy / NumPy (bench/peers/reduce_sweep.py) and its own report with heat maps.
# Both share what is left of TIME_BUDGET (the binary about 2/3, less 30 s for the report); skipped under 90 s.
do_sweep() {
  local b=$BUILD/bench/bench_sweep rc=0 left t
  [[ -x "$b" ]] || { echo "missing $b"; return 1; }
  left=$(remaining)
  ((left < 90)) && { echo "  sweep: only $left s of the budget left, skipped" | tee -a "$SUMMARY"; return 0; }
  local min_time=${SWEEP_MIN_TIME:-0.05}
  "$b" --benchmark_min_time="${min_time}s" --benchmark_list_tests >/dev/null 2>&1 && min_time=${min_time}s
  t=$(((left - 30) * 2 / 3))
  timeout "$t" "$b" --benchmark_out="$DATA/shape_sweep_nd.json" --benchmark_out_format=json \
    --benchmark_min_time="$min_time" ${SWEEP_FILTER:+--benchmark_filter="$SWEEP_FILTER"} >"$DATA/shape_sweep_nd.log" 2>&1 ||
    { echo "bench_sweep exited with $? (timeout $t s)"; tail -3 "$DATA/shape_sweep_nd.log"; rc=1; }
  t=$(($(remaining) - 30))
  ((t < 30)) && t=30
  timeout "$t" python3 "$ROOT/bench/peers/reduce_sweep.py" "$DATA/shape_sweep_peers.json" --budget $((t - 10)) \
    ${SWEEP_FILTER:+--filter "$SWEEP_FILTER"} >"$DATA/shape_sweep_peers.log" 2>&1 ||
    { echo "reduce_sweep.py failed"; tail -5 "$DATA/shape_sweep_peers.log"; rc=1; }
  if [[ -s "$DATA/shape_sweep_nd.json" ]]; then
    local peers=()
    [[ -s "$DATA/shape_sweep_peers.json" ]] && peers=("$DATA/shape_sweep_peers.json")
    timeout 60 python3 "$ROOT/bench/peers/reduce_sweep.py" --report "$DATA/shape_sweep_nd.json" "${peers[@]}" \
      --out "$OUT/shape_sweep.md" --png "$OUT/shape_sweep.png" 2>&1 | sed 's/^/  /' || rc=1
    tail -1 "$OUT/shape_sweep.md" | sed 's/^/  sweep: /' | tee -a "$SUMMARY"
  fi
  return "$rc"
}

# memcheck_one BINARY TIMEOUT SANITIZER DATADIR: one test binary under memcheck; log and exit status in DATADIR.
memcheck_one() {
  local name
  name=$(basename "$1")
  NDTHRUST_LARGE_TESTS=0 timeout "$2" "$3" --tool memcheck --report-api-errors no --error-exitcode 99 "$1" >"$4/memcheck-$name.log" 2>&1
  echo $? >"$4/memcheck-$name.rc"
}
export -f memcheck_one

do_memcheck() {
  local sanitizer
  sanitizer=$(command -v compute-sanitizer || ls /usr/local/cuda/compute-sanitizer/compute-sanitizer 2>/dev/null)
  if [[ -z "$sanitizer" ]]; then
    echo "compute-sanitizer not found" | tee "$OUT/memcheck.log"
    return 1
  fi
  local t=$(($(remaining) - 25))
  if ((t < 20)); then
    echo "no time left for memcheck" | tee "$OUT/memcheck.log"
    return 1
  fi
  echo "memcheck: each test binary under $sanitizer, timeout $t s"
  local tests
  tests=$(find "$BUILD/tests" -maxdepth 1 -type f -executable -name 'test_*' 2>/dev/null | sort)
  # API errors that tests provoke on purpose (out-of-memory checks) are not memory errors: report access errors only.
  printf '%s\n' $tests | xargs -P "$MEMCHECK_JOBS" -I{} bash -c 'memcheck_one "$@"' _ {} "$t" "$sanitizer" "$DATA"
  local rc=0 errors=0 timeouts=0 f n name brc
  : >"$OUT/memcheck.log"
  for f in $tests; do
    name=$(basename "$f")
    brc=$(cat "$DATA/memcheck-$name.rc" 2>/dev/null)
    n=$(grep -E 'ERROR SUMMARY: [0-9]+' "$DATA/memcheck-$name.log" | tail -1 | sed -E 's/.*ERROR SUMMARY: ([0-9]+).*/\1/')
    {
      echo "=== $name: rc=${brc:-?} errors=${n:-?}"
      grep -E '^=========' "$DATA/memcheck-$name.log" | head -60
      grep -E '^\[  FAILED|^\[  PASSED' "$DATA/memcheck-$name.log" | head -20
    } >>"$OUT/memcheck.log"
    if [[ "${brc:-}" == 124 || "${brc:-}" == 137 ]]; then
      timeouts=$((timeouts + 1))
    elif [[ "${brc:-}" != 0 ]]; then
      rc=1
    fi
    errors=$((errors + ${n:-0}))
  done
  rm -f "$DATA"/memcheck-*.rc
  note "  memcheck: $errors errors in $(echo "$tests" | grep -c .) test binaries, $timeouts timed out$( ((timeouts > 0)) && echo ' (their runs are incomplete)')"
  ((errors > 0)) && rc=1
  return "$rc"
}

do_report() {
  local jsons peers=()
  jsons=$(find "$DATA" -maxdepth 1 -name 'bench_*.json' | sort)
  [[ -s "$DATA/peers.json" ]] && peers=(--peers "$DATA/peers.json")
  if [[ -z "$jsons" ]]; then
    echo "no benchmark results"
    return 1
  fi
  # shellcheck disable=SC2086
  local extra=() f
  for f in "$DATA"/sweep-*.json; do [[ -s "$f" ]] && extra+=(--sweep "$f"); done
  for f in "$DATA"/ports-*.txt; do [[ -s "$f" ]] && extra+=(--ports "$f"); done
  for f in "$DATA"/ports-peers.json "$DATA"/seed-peers.json; do [[ -s "$f" ]] && extra+=(--ports-peers "$f"); done
  python3 "$ROOT/tools/bench_report.py" $jsons "${peers[@]}" "${extra[@]}" --nvidia-smi "$DATA/nvidia-smi.txt" \
    --title "ndthrust GPU check" --out "$OUT/report.md" --summary >"$DATA/bench-lines.txt"
  local rc=$?
  sed 's/^/  /' "$DATA/bench-lines.txt" >>"$SUMMARY"
  rm -f "$DATA/bench-lines.txt"
  return "$rc"
}

step info "" do_info
step build SKIP_BUILD do_build
step tests SKIP_TESTS do_tests
step bench SKIP_BENCH do_bench
step peers SKIP_PEERS do_peers
step examples SKIP_EXAMPLES do_examples
step omp SKIP_OMP do_omp
step memcheck SKIP_MEMCHECK do_memcheck
step sweep SKIP_SWEEP do_sweep
step report SKIP_BENCH do_report

(cd "$OUT" && tar czf data.tar.gz data) || FAILED=1
[[ "${KEEP_DATA_DIR:-0}" == 1 ]] || rm -rf "$DATA"

note "total:     $(elapsed_since "$T_START") s, $([[ $FAILED == 0 ]] && echo 'all steps ok' || echo 'SOME STEPS FAILED')"
echo
echo "===== summary ($OUT/summary.txt)"
cat "$SUMMARY"
exit $FAILED
