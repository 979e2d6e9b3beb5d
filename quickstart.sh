#!/usr/bin/env bash
# One command on a fresh machine: set up (JDK, Maven, build, Fashion-MNIST) and run the quickstart experiment
# (MoCo-v2 + patch-based non-semantic negatives, then a linear probe against a random-init baseline).
# Extra arguments go to `nsn quickstart`, e.g. ./quickstart.sh --preset medium (the ~10-minute run of
# docs/RESULTS.md) or ./quickstart.sh --epochs 2 -o runs/try.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$ROOT/bin/setup.sh"
exec "$ROOT/bin/nsn" quickstart --data-dir "$ROOT/data" "$@"
