#!/bin/sh
# Regenerates the examples' NumPy golden data with bench/peers/ports.py (NumPy's versions of CuPy's programs):
# Monte-Carlo prices of 8 options by CuPy's xorshift128+ kernel written in NumPy (16 threads x 64 samples each), and
# k-means on 200 points. ctest runs monte_carlo / kmeans with --input … --expect … on them.
set -e
cd "$(dirname "$0")/../../.."
python3 bench/peers/ports.py /dev/null --peers numpy --examples monte_carlo --reps 1 \
  --mc-options 8 --mc-threads 16 --mc-samples 64 --mc-dir examples/support/golden/monte_carlo
python3 bench/peers/ports.py /dev/null --peers numpy --examples kmeans --reps 1 \
  --km-n 200 --kmeans-dir examples/support/golden/kmeans
