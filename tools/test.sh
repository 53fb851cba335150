#!/usr/bin/env bash
# tools/test.sh — installs what is missing, then configures, builds and runs the tests on the host-only (OMP)
# backend: `cmake --workflow --preset omp`. Needs no GPU. Extra arguments go to the workflow (e.g. --fresh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source tools/setup_deps.sh
ndthrust_setup
cmake --workflow --preset omp "$@"
