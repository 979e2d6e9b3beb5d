#!/usr/bin/env bash
# The CUDA check of nsn on a GPU machine with Python + PyTorch and no Java (run from the repository root with the
# bundle of `bench/gpu-bundle.sh DJL_SOURCE` in runs/gpu): the machine and its torch; DJL's JNI built for that
# torch's libtorch (bench/build-djl-jni.sh: DJL 0.36 ships one for libtorch 2.7.1 only, which fails on any other);
# nsn's MoCo-v2 step on the GPU against the same step in PyTorch (bench/step_reference.py) for ResNet-18 at 32 px
# and ResNet-50 at 224 px, in float32 and in bfloat16 and float16 mixed precision; the same steps' phases
# (bench/StepPhases.java beside bench/step_phases.py) and the host time to issue one forward (bench/ForwardIssue.java
# beside bench/forward_issue.py), which say where a gap is; the quickstart's pretraining + linear probe on the GPU,
# then the same command with --resume, which must find the finished run (checkpoints written from GPU memory) instead
# of training again; the same two in bf16 (and in fp16 with the part quickstart-fp16, not run by default).
# Everything is logged to $OUT/gpu-check.log (OUT defaults to /tmp/gpu-check).
#   NSN_CHECK_DEVICE=cpu PY=.venv-bench/bin/python bench/gpu-check.sh   rehearses the same steps on a CPU machine.
#   NSN_CHECK_PARTS="step quickstart" bench/gpu-check.sh   runs only those parts (of: step bf16 fp16 phases issue
#   quickstart quickstart-fp16 methods; all but the last two by default) after the JNI build, for another look within
#   the lent device time. Part methods runs the quickstart with BYOL + LARS in fp16 (and its resume) and SimCLR + LARS
#   in bf16.
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
step "0-d CPU operands of nsn.model.Scalars on the $DEV"
"$PY" bench/host_scalars.py "$([[ $DEV == cpu ]] && echo cpu || echo cuda)"
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
# untimed steps first: a cold JVM issues ops several times slower until the JIT has compiled the host code, which
# matters where a step takes milliseconds (ResNet-18 on a GPU is host-bound) and lasts a few seconds of a real run
W18=300 W50=60
if [[ $DEV == cpu ]]; then # the rehearsal: the smallest step that exercises the same path
    R18=(--depth 18 --width 16 --stem small --size 32 --batch 32 --queue 256)
    R50=(--depth 10 --width 16 --stem imagenet --size 64 --batch 8 --queue 256)
    W18=20 W50=5
fi
PARTS=" ${NSN_CHECK_PARTS:-step bf16 fp16 phases issue quickstart} "
part() { [[ $PARTS == *" $1 "* ]]; }
benches() { # benches PRECISION: nsn's step against PyTorch's for ResNet-18 and ResNet-50
    step "nsn vs pytorch, $1, ResNet-18 32 px"
    timeout 150 "${J[@]}" bench step --device "$DEV" "${R18[@]}" --warmup "$W18" --steps 20 --rounds 2 --precision "$1" \
        --python "$PY"
    step "nsn vs pytorch, $1, ResNet-50 224 px"
    timeout 150 "${J[@]}" bench step --device "$DEV" "${R50[@]}" --warmup "$W50" --steps 10 --rounds 2 --precision "$1" \
        --python "$PY"
}
part step && benches fp32
part bf16 && benches bf16 # against pytorch's bfloat16 autocast
part fp16 && benches fp16 # with loss scaling, against pytorch's float16 autocast + GradScaler
P=(/tmp/nsn-jre/bin/java -Xmx24g -Dai.djl.offline=true -cp "/tmp/nsn-lib/*:$B/bench-classes")
TD=$([[ $DEV == cpu ]] && echo cpu || echo cuda)
PH18=(18 256 32 4096 gpu 200) PH50=(50 64 224 16384 gpu 60) FI18=(18 256 32 gpu 64 300) FI50=(50 64 224 gpu 64 100)
[[ $DEV == cpu ]] && PH18=(18 16 32 256 cpu 20) PH50=(10 8 64 256 cpu 10) FI18=(18 16 32 cpu 64 20) FI50=(10 8 64 cpu 64 10)
part phases && for a in "${PH18[*]}" "${PH50[*]}"; do
    step "phases $a"
    timeout 90 "${P[@]}" StepPhases $a | grep -v "whole step"
    timeout 90 "$PY" bench/step_phases.py ${a/ $DEV / $TD }
done
part issue && for a in "${FI18[*]}" "${FI50[*]}"; do
    step "forward issue vs finish $a"
    timeout 60 "${P[@]}" ForwardIssue $a
    timeout 60 "$PY" bench/forward_issue.py ${a/ $DEV / $TD }
done
qs() { # qs SECONDS OUTDIR [ARGS...]: the quickstart under a time limit
    local t=$1 o=$2
    shift 2
    if [[ $DEV == cpu ]]; then set -- --preset smoke "$@"; fi
    timeout "$t" "${J[@]}" quickstart --device "$DEV" --data-dir "$B/data" --pretrain-images 0 --workers 8 -q -o "$o" "$@"
}
if part quickstart; then
    step "quickstart small preset on the $DEV (20,000 Fashion-MNIST training images)"
    qs 150 "$OUT/quickstart"
    step "the same quickstart again: reads the finished run back"
    qs 60 "$OUT/quickstart" --resume
    step "quickstart in bf16 mixed precision, then its resume"
    qs 150 "$OUT/quickstart-bf16" --precision bf16
    qs 60 "$OUT/quickstart-bf16" --precision bf16 --resume
fi
if part quickstart-fp16; then
    step "quickstart in fp16 mixed precision (loss scaling), then its resume"
    qs 150 "$OUT/quickstart-fp16" --precision fp16
    qs 60 "$OUT/quickstart-fp16" --precision fp16 --resume
fi
if part methods; then # LARS's on-device trust ratios, NT-Xent's device-made index, BYOL's loss scaling on the device
    step "quickstart BYOL + LARS in fp16, then its resume"
    qs 150 "$OUT/quickstart-byol" --method byol --optimizer lars --precision fp16
    qs 60 "$OUT/quickstart-byol" --method byol --optimizer lars --precision fp16 --resume
    step "quickstart SimCLR + LARS in bf16"
    qs 150 "$OUT/quickstart-simclr" --method simclr --optimizer lars --precision bf16
fi
step done
