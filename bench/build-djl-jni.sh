#!/usr/bin/env bash
# Builds DJL 0.36's PyTorch JNI (libdjl_torch.so) against another libtorch than the 2.7.1 it ships for, so that nsn
# can run on a libtorch it has no Maven artifact for: pip's torch 2.13 (CPU) here, or a GPU machine's CUDA torch
# (2.11+cu130 on the lent H100s, docs/BENCHMARKS.md "GPU"). The JNI is written next to libtorch.so as
# 0.36.0-libdjl_torch.so, the first place DJL looks once PYTORCH_LIBRARY_PATH points at that folder.
#
#   bench/build-djl-jni.sh --djl DIR --torch-lib DIR [--header-dir DIR] [--java-home DIR] [--jobs N]
#
#   --djl        a DJL source tree at tag v0.36.0 (engines/pytorch/pytorch-native and api/src/main/native are read;
#                nothing of it is copied into nsn)
#   --torch-lib  the folder holding libtorch.so, e.g. $(python3 -c 'import torch,os;print(os.path.dirname(
#                torch.__file__))')/lib; its headers are read from ../include
#   --header-dir a folder with ai_djl_pytorch_jni_PyTorchLibrary.h already generated (machines with a JRE but no
#                javac); without it the header is generated with javac -h from the DJL tree and DJL's api jar
#   --java-home  where include/jni.h is (default: the java on PATH)
#
# The CUDA-only parts of the JNI (a separate inference stream, emptyCache) are left out (no USE_CUDA): nsn trains
# through the dispatcher, which reaches the CUDA kernels of libtorch_cuda.so that DJL loads from the same folder.
# Not part of CI: a benchmark tool (docs/BENCHMARKS.md).
set -euo pipefail
DJL="" TORCH_LIB="" HEADERS="" JAVA_HOME_DIR="" JOBS=$(nproc)
while (($#)); do
    case "$1" in
        --djl) DJL=$2; shift 2 ;;
        --torch-lib) TORCH_LIB=$2; shift 2 ;;
        --header-dir) HEADERS=$2; shift 2 ;;
        --java-home) JAVA_HOME_DIR=$2; shift 2 ;;
        --jobs) JOBS=$2; shift 2 ;;
        *) echo "build-djl-jni.sh: unknown argument '$1' (see the comment at the top of $0)" >&2; exit 2 ;;
    esac
done
NATIVE="$DJL/engines/pytorch/pytorch-native/src/main/native"
[[ -d "$NATIVE" ]] || { echo "build-djl-jni.sh: --djl '$DJL' has no $NATIVE (need DJL's source at v0.36.0)" >&2; exit 2; }
[[ -f "$TORCH_LIB/libtorch.so" ]] || { echo "build-djl-jni.sh: --torch-lib '$TORCH_LIB' has no libtorch.so" >&2; exit 2; }
TORCH_INC=$(cd "$TORCH_LIB/../include" && pwd)
if [[ -z "$JAVA_HOME_DIR" ]]; then
    JAVA_HOME_DIR=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
[[ -f "$JAVA_HOME_DIR/include/jni.h" ]] || { echo "build-djl-jni.sh: no include/jni.h under '$JAVA_HOME_DIR'" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
if [[ -z "$HEADERS" ]]; then
    API_JAR=$(ls ~/.m2/repository/ai/djl/api/0.36.0/api-0.36.0.jar)
    HEADERS="$WORK/include"
    javac -proc:none -nowarn -cp "$API_JAR" -sourcepath "$DJL/engines/pytorch/pytorch-engine/src/main/java" \
        -h "$HEADERS" -d "$WORK/classes" \
        "$DJL/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
fi
# the C++ ABI libtorch was built with shows in its mangled names
ABI=0
if grep -q -a '__cxx11' "$TORCH_LIB/libc10.so"; then ABI=1; fi
FLAGS=(-O2 -fPIC -std=c++17 -w "-D_GLIBCXX_USE_CXX11_ABI=$ABI" -I"$TORCH_INC" -I"$TORCH_INC/torch/csrc/api/include"
    -I"$JAVA_HOME_DIR/include" -I"$JAVA_HOME_DIR/include/linux" -I"$HEADERS" -I"$DJL/api/src/main/native")
# DJL 0.36's JNI knows no bfloat16: its dtype tables stop at complex64, and a bfloat16 tensor aborts the JVM
# ('terminate called without an active exception'). A copy of the sources gets the missing rows (DJL's DataType
# ordinal 11 <-> torch::kBFloat16), and a features file beside the JNI tells nsn that --precision bf16 is safe.
cp -r "$NATIVE" "$WORK/native"
UTILS="$WORK/native/djl_pytorch_utils.h"
grep -q 'torch::kComplexFloat == type' "$UTILS" && grep -q 'return torch::kComplexFloat;' "$UTILS" \
    || { echo "build-djl-jni.sh: $UTILS is not DJL 0.36.0's (no dtype tables to extend)" >&2; exit 2; }
sed -i -e 's/  } else if (torch::kComplexFloat == type) {/  } else if (torch::kBFloat16 == type) {\n    return 11;\n  } else if (torch::kComplexFloat == type) {/' \
    -e 's/      return torch::kComplexFloat;/      return torch::kComplexFloat;\n    case 11:\n      return torch::kBFloat16;/' "$UTILS"
NATIVE="$WORK/native"
echo "building libdjl_torch.so against $TORCH_LIB (cxx11 ABI $ABI, $JOBS jobs)"
export WORK
printf '%s\n' "$NATIVE"/*.cc | xargs -P "$JOBS" -I{} sh -c 'g++ "$@" -c "{}" -o "$WORK/$(basename "{}" .cc).o"' _ "${FLAGS[@]}"
g++ -shared -o "$WORK/libdjl_torch.so" "$WORK"/*.o -L"$TORCH_LIB" -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 \
    -Wl,-rpath,'$ORIGIN'
cp "$WORK/libdjl_torch.so" "$TORCH_LIB/0.36.0-libdjl_torch.so"
echo "bfloat16" > "$TORCH_LIB/0.36.0-libdjl_torch.features"
echo "wrote $TORCH_LIB/0.36.0-libdjl_torch.so (and .features: bfloat16)"
