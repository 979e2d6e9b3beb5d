#!/usr/bin/env bash
# Creates .venv-bench with the CPU build of torch from the machine's pip index: the PyTorch side of
# `nsn bench step --python .venv-bench/bin/python` (bench/step_reference.py needs torch only, no torchvision).
# Not part of CI; benchmarks are run by hand (docs/BENCHMARKS.md).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv-bench"
[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
index=()
if [[ -d /opt/pypi/simple ]]; then
    index=(--index-url file:///opt/pypi/simple)
    [[ -d /opt/pypi-more/simple ]] && index+=(--extra-index-url file:///opt/pypi-more/simple)
    [[ -d /opt/wheels ]] && index+=(--find-links /opt/wheels)
fi
"$VENV/bin/pip" install -q "${index[@]}" torch numpy
"$VENV/bin/python" -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())'
