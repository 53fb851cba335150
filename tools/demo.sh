#!/usr/bin/env bash
# tools/demo.sh — installs what is missing, then builds and runs examples/demo.cpp: on the GPU with the `cuda`
# preset when nvidia-smi sees one, otherwise on the host-only `omp` preset.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/setup_deps.sh
ndthrust_setup

preset=omp
args=()
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi >/dev/null 2>&1; then
  preset=cuda
  # Build for the GPU that is here (the preset's default is sm_90).
  cap=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -1 | tr -d ' .')
  [[ $cap =~ ^[0-9]+$ ]] && args+=("-DCMAKE_CUDA_ARCHITECTURES=$cap")
fi
echo "ndthrust demo: preset $preset"
cmake --preset "$preset" "${args[@]}" >/dev/null
cmake --build "build/$preset" --target demo
"build/$preset/examples/demo"
