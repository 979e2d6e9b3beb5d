#!/usr/bin/env bash
# Packs what the CUDA check (bench/gpu-check.sh) needs on a GPU machine that has Python + PyTorch but no Java:
# runs/gpu/jre.tgz (a jlink'd Java 17 runtime), runs/gpu/lib/ (nsn-lib.jar and its runtime jars WITHOUT the CPU
# libtorch: DJL loads the machine's CUDA libtorch through PYTORCH_LIBRARY_PATH, the cuda profile's way) and
# runs/gpu/data/fashion-mnist (the first 20,000 training images and all 10,000 test images, so the bundle stays
# small). Build the jar first (mvn -B -o -q -pl lib package -DskipTests).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
B="$ROOT/runs/gpu"
rm -rf "$B" && mkdir -p "$B/lib" "$B/data/fashion-mnist"
cd "$ROOT"
mvn -B -o -q -pl lib dependency:build-classpath -Dcuda -Dmdep.includeScope=runtime -Dmdep.outputFile="$B/cp.txt"
cp lib/target/nsn-lib.jar "$B/lib/"
tr ':' '\n' < "$B/cp.txt" | grep -v -e junit -e opentest4j -e apiguardian | xargs -I{} cp {} "$B/lib/"
rm "$B/cp.txt"
jlink --add-modules java.base,java.logging,java.management,jdk.unsupported,java.desktop,java.xml,java.naming,java.sql,jdk.zipfs,jdk.crypto.ec \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$B/jre"
tar czf "$B/jre.tgz" -C "$B" jre && rm -rf "$B/jre"
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
du -sh "$B"
