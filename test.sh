#!/usr/bin/env bash
# One command on a fresh machine: set up (JDK, Maven, data) and run every test. .ci/run calls exactly this.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
NSN_SKIP_BUILD=1 bash bin/setup.sh
export NSN_DATA_DIR="$ROOT/data" NSN_PROGRESS=off
mvn -B verify "$@"
# The Jupyter kernel over the real protocol (30 starts, execution, display, errors, interrupt, %jars) and every
# notebook in notebooks/ executed headless at the small preset (NSN_NOTEBOOK_PRESET=smoke for a quick pass);
# see kernel-tests/.
.venv/bin/python -m pytest -q kernel-tests
