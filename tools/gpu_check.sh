#!/usr/bin/env bash
# tools/gpu_check.sh OUTDIR — the whole GPU check in one command of at most ten minutes: build the `cuda` preset,
# run the tests, the benchmarks and the peers (CuPy / PyTorch / NumPy), the tests again under compute-sanitizer
# memcheck, and write a report. No step stops the others: each step's status goes to OUTDIR/summary.txt and the
# script exits non-zero at the end if any step failed.
#
# OUTDIR holds at most seven files, flat, so a device run can bring them all back:
#   summary.txt   step statuses, elapsed seconds, test counts, memcheck errors, one line per benchmark
#   report.md     tables per benchmark family with peers and nvidia-smi (tools/bench_report.py); report.png if plotted
#   build.log  ctest.log  memcheck.log
#   data.tar.gz   data/: bench_<name>.json, peers.json, ctest-junit.xml, nvidia-smi.txt, memcheck-<test>.log
#
# Environment (all optional):
#   SKIP_BUILD=1 SKIP_TESTS=1 SKIP_BENCH=1 SKIP_PEERS=1 SKIP_OMP=1 SKIP_MEMCHECK=1   leave a step out
#   BENCH="bench_core bench_reduce"   bench binaries to run (default: every bench_* built)
#   BENCH_FILTER=regex                --benchmark_filter for every binary
#   BENCH_MIN_TIME=0.1 BENCH_REPS=3   per-case minimum time (s) and repetitions (the report takes the median)
#   PEERS_ARGS="--peers cupy,torch"   extra arguments of bench/peers/peers.py
#   CTEST_JOBS=8 MEMCHECK_JOBS=8      parallel test processes
#   TIME_BUDGET=570                   seconds for everything; late steps shrink or are skipped to stay inside it
#   KEEP_DATA_DIR=1                   keep OUTDIR/data/ unpacked as well (more files)
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
    cmake --preset "$PRESET" -B "$BUILD" -DNDTHRUST_CHECK_ALL_HEADERS_NVCC=ON && cmake --build "$BUILD" -j "$JOBS" -- -k 0
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
    find "$BUILD/bench" -maxdepth 1 -type f -executable -name 'bench_*' 2>/dev/null | sort
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

# The host-only backend on this machine's cores against NumPy on the seed's chain at 1e8 f64 (bench_elementwise
# sizes its chain by backend): builds the omp preset's bench_elementwise only. The omp preset needs LAPACKE and
# kissfft; on a GPU machine without them and without apt, unpack their Debian packages (libkissfft-dev,
# liblapacke-dev, liblapacke, liblapack3, libblas3, libgfortran5, libtmglib3) with `dpkg -x` into a folder, then set
# CMAKE_PREFIX_PATH=<folder>/usr and LD_LIBRARY_PATH=<folder>/usr/lib/x86_64-linux-gnu{,/lapack,/blas}.
do_omp() {
  local b=$ROOT/build/omp-gpucheck
  {
    cmake --preset omp -B "$b" -DNDTHRUST_BUILD_TESTS=OFF -DNDTHRUST_BUILD_EXAMPLES=OFF &&
      cmake --build "$b" --target bench_elementwise -j "$JOBS"
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
    if "/nd" in name:
        print("  omp (%s threads) %s: %.1f ms, NumPy 1e8 chain %.1f ms: %.1fx NumPy" % (sys.argv[2], name, ms, numpy_ms, numpy_ms / ms))
PY
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
  note "  memcheck: $errors errors in $(echo "$tests" | grep -c .) test binaries, $timeouts timed out (incomplete)"
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
  python3 "$ROOT/tools/bench_report.py" $jsons "${peers[@]}" --nvidia-smi "$DATA/nvidia-smi.txt" \
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
step omp SKIP_OMP do_omp
step memcheck SKIP_MEMCHECK do_memcheck
step report SKIP_BENCH do_report

(cd "$OUT" && tar czf data.tar.gz data) || FAILED=1
[[ "${KEEP_DATA_DIR:-0}" == 1 ]] || rm -rf "$DATA"

note "total:     $(elapsed_since "$T_START") s, $([[ $FAILED == 0 ]] && echo 'all steps ok' || echo 'SOME STEPS FAILED')"
echo
echo "===== summary ($OUT/summary.txt)"
cat "$SUMMARY"
exit $FAILED
