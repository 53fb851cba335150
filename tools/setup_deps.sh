# tools/setup_deps.sh — sourced by tools/demo.sh and tools/test.sh: puts the CUDA toolkit on PATH and installs the
# Debian packages a build needs, only those missing, quietly. Safe to source any number of times.

# The toolkit ships CCCL (Thrust) for both backends, so nvcc's directory must be on PATH even for the OMP build.
ndthrust_cuda_path() {
  if ! command -v nvcc >/dev/null 2>&1; then
    local d
    for d in /usr/local/cuda/bin /usr/local/cuda-*/bin; do
      if [[ -x $d/nvcc ]]; then
        export PATH="$d:$PATH"
        break
      fi
    done
  fi
  if ! command -v nvcc >/dev/null 2>&1; then
    echo "ndthrust: the CUDA toolkit (nvcc, CCCL) was not found; install it under /usr/local/cuda" >&2
    return 1
  fi
}

# ndthrust_apt_install pkg...: installs the packages dpkg does not report as installed.
ndthrust_apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 || { echo "ndthrust: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
    sudo=(sudo)
  fi
  echo "ndthrust: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A slow or failing mirror must not stop us: the package lists already present may do.
  timeout 300 "${sudo[@]}" apt-get update -qq </dev/null >/dev/null 2>&1 || echo "ndthrust: apt-get update failed or timed out; trying the cached lists" >&2
  # On failure (no network), go on: the configure step says precisely what is still missing.
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null ||
    echo "ndthrust: could not install ${missing[*]}; trying without" >&2
}

# What configuring a preset needs: compilers, CMake >= 3.25, Ninja, GoogleTest, Google Benchmark, and the host math
# libraries of linalg and fft (OpenBLAS with CBLAS, LAPACKE, and the header-only C++ kissfft, BSD-3-Clause).
ndthrust_setup() {
  ndthrust_cuda_path || return 1
  # Tools may come from elsewhere (pip, a venv): only their absence from PATH asks for the Debian package.
  local pkgs=(libgtest-dev libbenchmark-dev libopenblas-dev liblapacke-dev libkissfft-dev)
  command -v cmake >/dev/null 2>&1 || pkgs+=(cmake)
  command -v ninja >/dev/null 2>&1 || pkgs+=(ninja-build)
  command -v g++ >/dev/null 2>&1 || pkgs+=(g++)
  ndthrust_apt_install "${pkgs[@]}" || return 1
  local v
  v=$(cmake --version | sed -n 's/^cmake version \([0-9]*\.[0-9]*\).*/\1/p')
  if [[ $(printf '%s\n' 3.25 "$v" | sort -V | head -1) != 3.25 ]]; then
    echo "ndthrust: CMake $v is too old; presets with workflows need 3.25 or newer" >&2
    return 1
  fi
  # Two cores by default; both knobs are read by `cmake --build` and ctest (also inside workflow presets).
  export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
  export CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-$(nproc)}
}
