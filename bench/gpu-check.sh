#!/usr/bin/env bash
# The CUDA check of nsn on a GPU machine with Python + PyTorch and no Java (run from the repository root with the
# bundle of `bench/gpu-bundle.sh DJL_SOURCE` in runs/gpu): the machine and its torch; DJL's JNI built for that
# torch's libtorch (bench/build-djl-jni.sh: DJL 0.36 ships one for libtorch 2.7.1 only, which fails on any other);
# nsn's MoCo-v2 step on the GPU against the same step in PyTorch (bench/step_reference.py) for ResNet-18 at 32 px
# and ResNet-50 at 224 px, in float32 and in bfloat16 mixed precision; the quickstart's pretraining + linear probe on the GPU, then the same command with --resume,
# which must find the finished run (checkpoints written from GPU memory) instead of training again.
# Everything is logged to $OUT/gpu-check.log (OUT defaults to /tmp/gpu-check).
#   NSN_CHECK_DEVICE=cpu PY=.venv-bench/bin/python bench/gpu-check.sh   rehearses the same steps on a CPU machine.
set -u
B=runs/gpu
OUT=${OUT:-/tmp/gpu-check}
DEV=${NSN_CHECK_DEVICE:-gpu}
PY=${PY:-$(command -v python3 || command -v python)}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
step() { echo; echo "=== $(date -u +%H:%M:%S) $*"; }
step machine
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
nproc
"$PY" -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version())"
TL=$("$PY" -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
TV=$("$PY" -c "import torch; print(torch.__version__.split('+')[0])")
step unpack
rm -rf /tmp/nsn-jre /tmp/nsn-lib && mkdir -p /tmp/nsn-jre /tmp/nsn-lib
tar xJf "$B/jre.txz" -C /tmp/nsn-jre --strip-components=1 && tar xJf "$B/lib.txz" -C /tmp/nsn-lib --strip-components=1 ||
    exit 1
step "DJL JNI for libtorch $TV"
timeout 240 bash bench/build-djl-jni.sh --djl "$B/djl" --torch-lib "$TL" --header-dir "$B/djl/include" \
    --java-home /tmp/nsn-jre || { echo "JNI build failed"; exit 1; }
export PYTORCH_LIBRARY_PATH="$TL" PYTORCH_VERSION="$TV" PYTORCH_FLAVOR=$([[ $DEV == cpu ]] && echo cpu || echo cu)
export DJL_CACHE_DIR=/tmp/nsn-djl
J=(/tmp/nsn-jre/bin/java -Xmx24g -Dai.djl.offline=true -Dnsn.home="$PWD" -cp "/tmp/nsn-lib/*" nsn.cli.Main)
R18=(--depth 18 --width 64 --stem small --size 32 --batch 256 --queue 4096)
R50=(--depth 50 --width 64 --stem imagenet --size 224 --batch 64 --queue 16384)
if [[ $DEV == cpu ]]; then # the rehearsal: the smallest step that exercises the same path
    R18=(--depth 18 --width 16 --stem small --size 32 --batch 32 --queue 256)
    R50=(--depth 10 --width 16 --stem imagenet --size 64 --batch 8 --queue 256)
fi
step "nsn vs pytorch, ResNet-18 32 px"
timeout 120 "${J[@]}" bench step --device "$DEV" "${R18[@]}" --warmup 5 --steps 20 --rounds 2 --python "$PY"
step "nsn vs pytorch, ResNet-50 224 px"
timeout 120 "${J[@]}" bench step --device "$DEV" "${R50[@]}" --warmup 3 --steps 10 --rounds 2 --python "$PY"
step "bf16 mixed precision: nsn vs pytorch's bfloat16 autocast, ResNet-18 32 px and ResNet-50 224 px"
timeout 120 "${J[@]}" bench step --device "$DEV" "${R18[@]}" --warmup 5 --steps 20 --rounds 2 --precision bf16 \
    --python "$PY"
timeout 120 "${J[@]}" bench step --device "$DEV" "${R50[@]}" --warmup 3 --steps 10 --rounds 2 --precision bf16 \
    --python "$PY"
step "quickstart small preset on the $DEV (20,000 Fashion-MNIST training images)"
QS=("${J[@]}" quickstart --device "$DEV" --data-dir "$B/data" --pretrain-images 0 --workers 8 -q -o "$OUT/quickstart")
[[ $DEV == cpu ]] && QS+=(--preset smoke)
timeout 150 "${QS[@]}"
step "the same quickstart again: reads the finished run back"
timeout 60 "${QS[@]}" --resume
step done
