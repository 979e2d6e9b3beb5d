#!/usr/bin/env bash
# Compares nsn's decoded bytes with PIL's, image by image, on a flat folder of images (default: the ImageNet
# samples), once with nsn's JPEG decoding and once with -Dnsn.jpeg.libjpeg=false (javax.imageio's ImageIO.read).
# Needs lib/target/nsn.jar and a Python with Pillow (default /usr/bin/python3).
#   bench/compare-decoders.sh [DIR] [PYTHON]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DIR=${1:-data/imagenet100-samples}
PY=${2:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PY" bench/decode_crc.py "$DIR" > "$tmp/pil"
java -cp lib/target/nsn.jar bench/DecodeCrc.java "$DIR" > "$tmp/nsn"
java -Dnsn.jpeg.libjpeg=false -cp lib/target/nsn.jar bench/DecodeCrc.java "$DIR" > "$tmp/imageio"
for which in nsn imageio; do
  same=$(join "$tmp/pil" "$tmp/$which" | awk '$2 == $3' | wc -l)
  echo "$which: $same of $(wc -l < "$tmp/pil") images byte-identical to PIL"
done
