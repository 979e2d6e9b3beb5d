#!/usr/bin/env bash
# Packs what the CUDA check (bench/gpu-check.sh) needs on a GPU machine that has Python + PyTorch but no Java:
# runs/gpu/jre.txz (a jlink'd Java 17 runtime), runs/gpu/lib.txz (nsn-lib.jar and its runtime jars WITHOUT the CPU
# libtorch: DJL loads the machine's CUDA libtorch through PYTORCH_LIBRARY_PATH, the cuda profile's way; the jars are
# re-stored uncompressed so that xz packs them together: 58 MB of jars -> 23 MB, the JRE 75 -> 17 MB, which keeps
# the bundle under the lent machines' 64 MiB working-tree limit) and
# runs/gpu/data/fashion-mnist (the first 20,000 training images and all 10,000 test images, so the bundle stays
# small), and runs/gpu/bench-classes: bench/StepPhases.java and bench/ForwardIssue.java compiled (the JRE has no
# javac). Build the jar first (mvn -B -o -q -pl lib package -DskipTests).
#
#   bench/gpu-bundle.sh [DJL_SOURCE]
#
# With DJL_SOURCE (a DJL source tree at v0.36.0) the bundle also gets runs/gpu/djl: the JNI's C++ sources and its
# generated header, from which bench/build-djl-jni.sh builds a JNI for the GPU machine's own libtorch there (the JRE
# keeps its include/ for jni.h).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/runs/gpu"
rm -rf "$B" && mkdir -p "$B/lib" "$B/data/fashion-mnist"
cd "$ROOT"
mvn -B -o -q -pl lib dependency:build-classpath -Dcuda -Dmdep.includeScope=runtime -Dmdep.outputFile="$B/cp.txt"
restore() { # a jar re-written with its entries stored, not deflated
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && unzip -q "$1" && zip -q -0 -r -X "$2" .)
    rm -rf "$tmp"
}
{ echo lib/target/nsn-lib.jar; tr ':' '\n' < "$B/cp.txt" | grep -v -e junit -e opentest4j -e apiguardian; } |
    while read -r jar; do restore "$(readlink -f "$jar")" "$B/lib/$(basename "$jar")"; done
rm "$B/cp.txt"
javac -proc:none -nowarn -cp "lib/target/nsn.jar" -d "$B/bench-classes" bench/StepPhases.java bench/ForwardIssue.java
tar cJf "$B/lib.txz" -C "$B" lib && rm -rf "$B/lib"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.desktop,java.xml,java.naming,java.sql,jdk.zipfs,jdk.crypto.ec \
    --strip-debug --no-man-pages --output "$B/jre"
tar cJf "$B/jre.txz" -C "$B" jre && rm -rf "$B/jre"
python3 - "$ROOT/data/fashion-mnist" "$B/data/fashion-mnist" <<'PY'
import gzip, shutil, struct, sys
src, dst = sys.argv[1], sys.argv[2]
def head(name, n):  # the first n items of an IDX file, with the count in its header rewritten
    b = gzip.open(f"{src}/{name}").read()
    dims = struct.unpack(">I", b[:4])[0] & 0xFF
    hdr = 4 + 4 * dims
    shape = struct.unpack(">" + "I" * dims, b[4:hdr])
    per = 1
    for d in shape[1:]:
        per *= d
    with gzip.open(f"{dst}/{name}", "wb") as f:
        f.write(b[:4] + struct.pack(">I", n) + b[8:hdr] + b[hdr:hdr + n * per])
head("train-images-idx3-ubyte.gz", 20000)
head("train-labels-idx1-ubyte.gz", 20000)
for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
    shutil.copy(f"{src}/{name}", dst)
PY
if (($#)); then
    DJL=$1 D="$B/djl"
    mkdir -p "$D/engines/pytorch/pytorch-native/src/main" "$D/api/src/main" "$D/include"
    cp -r "$DJL/engines/pytorch/pytorch-native/src/main/native" "$D/engines/pytorch/pytorch-native/src/main/"
    cp -r "$DJL/api/src/main/native" "$D/api/src/main/"
    javac -proc:none -nowarn -cp "$(ls ~/.m2/repository/ai/djl/api/0.36.0/api-0.36.0.jar)" \
        -sourcepath "$DJL/engines/pytorch/pytorch-engine/src/main/java" -h "$D/include" -d "$D/classes" \
        "$DJL/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
    rm -rf "$D/classes"
fi
du -sh "$B"
