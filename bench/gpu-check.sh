#!/usr/bin/env bash
# The CUDA check of nsn on a GPU machine with Python + PyTorch and no Java (run from the repository root with the
# bundle of bench/gpu-bundle.sh in runs/gpu): the machine and its torch; nsn's MoCo-v2 step on the GPU against
# the same step in PyTorch (bench/step_reference.py) for ResNet-18 at 32 px and ResNet-50 at 224 px; PyTorch's
# step with autocast + channels-last, which nsn does not have; and the quickstart's pretraining + linear probe on
# the GPU. DJL's JNI is built for libtorch 2.7.1 (pytorch-jni 2.7.1-0.36.0, flavour cu128) and loads the
# machine's libtorch from PYTORCH_LIBRARY_PATH; another libtorch version is tried anyway and reported.
# Everything is logged to $OUT/gpu-check.log (OUT defaults to /tmp/gpu-check).
set -u
B=runs/gpu
OUT=${OUT:-/tmp/gpu-check}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
step() { echo; echo "=== $(date -u +%H:%M:%S) $*"; }
step machine
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || true
nproc
PY=$(command -v python3 || command -v python)
$PY -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.version.cuda, 'cudnn', torch.backends.cudnn.version(), torch.cuda.get_device_name(0))"
TL=$($PY -c "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))")
ls "$TL"
mkdir -p /tmp/nsn-jre && tar xzf "$B/jre.tgz" -C /tmp/nsn-jre --strip-components=1
export PYTORCH_LIBRARY_PATH="$TL" PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 DJL_CACHE_DIR=/tmp/nsn-djl
J=(/tmp/nsn-jre/bin/java -Xmx24g -Dai.djl.offline=true -Dnsn.home="$PWD" -cp "$B/lib/*" nsn.cli.Main)
R18=(--depth 18 --width 64 --stem small --size 32 --batch 256 --queue 4096)
R50=(--depth 50 --width 64 --stem imagenet --size 224 --batch 64 --queue 16384)
step "nsn vs pytorch, ResNet-18 32 px"
timeout 130 "${J[@]}" bench step --device gpu "${R18[@]}" --warmup 5 --steps 20 --rounds 2 --python "$PY"
step "nsn vs pytorch, ResNet-50 224 px"
timeout 110 "${J[@]}" bench step --device gpu "${R50[@]}" --warmup 3 --steps 10 --rounds 2 --python "$PY"
step "pytorch autocast + channels-last"
timeout 45 $PY bench/step_reference.py "${R18[@]}" --device cuda --warmup 5 --steps 20 --amp --channels-last
timeout 45 $PY bench/step_reference.py "${R50[@]}" --device cuda --warmup 3 --steps 10 --amp --channels-last
step "quickstart small preset on the GPU (20,000 Fashion-MNIST training images)"
timeout 150 "${J[@]}" quickstart --device gpu --data-dir "$B/data" --pretrain-images 0 --workers 8 -q \
    -o "$OUT/quickstart-gpu"
step done
