#!/usr/bin/env bash
# Lays out CIFAR-10 as JPEG image folders or as the official binary batches; see --help.
set -euo pipefail
SCRIPT_NAME=cifar10.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--format jpeg|binary] [--dest DIR] [--from PATH]

jpeg (default): lays out DIR/{train,test}/<class>/*.jpg (50,000 + 10,000 images, the ImageFolder
  layout) from cifar10-jpeg.tar.gz (sha256 $JPEG_SHA256), whose top
  directory is cifar10/. There is no official JPEG release: pass the tarball or a directory holding
  train/ and test/ with --from. Default --from: $DEFAULT_JPEG_FROM, when it exists.
  Default DIR: $REPO_ROOT/data/cifar10
binary: lays out the official binary release in DIR (data_batch_1.bin .. data_batch_5.bin,
  test_batch.bin, batches.meta.txt) from cifar-10-binary.tar.gz (md5 $BINARY_MD5), downloaded
  from $BINARY_URL unless --from names the tarball or an extracted
  cifar-10-batches-bin directory. Default DIR: $REPO_ROOT/data/cifar-10-batches-bin

  --format F    jpeg or binary (default: jpeg)
  --dest DIR    where to lay the dataset out
  --from PATH   a local tarball or directory (see above); directories are linked, not copied
  -h, --help    this help
EOF
}

CLASSES=(airplane automobile bird cat deer dog frog horse ship truck)
JPEG_SHA256=d175fc167b175a42e060bf346e298bccfbfc54be7bebb9686bd463d2f838c72b
DEFAULT_JPEG_FROM=$(cd "$REPO_ROOT/.." && pwd)/shared/data/cifar10-jpeg.tar.gz
BINARY_URL=https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz
BINARY_MD5=c32a1d4ab5d03f1284b67883e8d87530
BATCH_BYTES=30730000 # 10,000 records of 1 label byte + 3,072 pixel bytes
BATCHES=(data_batch_1.bin data_batch_2.bin data_batch_3.bin data_batch_4.bin data_batch_5.bin test_batch.bin)

FORMAT=jpeg
DEST=""
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --format) require_value "$1" $#; FORMAT=$2; shift 2 ;;
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# check_jpeg DIR: prints the first problem with the JPEG layout in DIR and fails; silent when complete.
check_jpeg() {
  local dir=$1 split expected class found
  for split in train test; do
    [[ "$split" == train ]] && expected=50000 || expected=10000
    [[ -d "$dir/$split" ]] || { echo "$dir/$split: missing"; return 1; }
    found=$(find "$dir/$split" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | tr '\n' ' ')
    [[ "$found" == "${CLASSES[*]} " ]] ||
      { echo "$dir/$split: expected the class directories ${CLASSES[*]}, found ${found:-none}"; return 1; }
    for class in "${CLASSES[@]}"; do
      [[ -n "$(find "$dir/$split/$class" -mindepth 1 -maxdepth 1 -name '*.jpg' -print -quit)" ]] ||
        { echo "$dir/$split/$class: expected .jpg images, found none"; return 1; }
    done
    found=$(find "$dir/$split" -mindepth 2 -maxdepth 2 -name '*.jpg' | wc -l)
    [[ "$found" -eq "$expected" ]] ||
      { echo "$dir/$split: expected $expected .jpg images, found $found"; return 1; }
  done
}

# check_binary DIR: prints the first problem with the binary layout in DIR and fails; silent when complete.
check_binary() {
  local dir=$1 batch size
  [[ -f "$dir/batches.meta.txt" ]] || { echo "$dir/batches.meta.txt: missing"; return 1; }
  for batch in "${BATCHES[@]}"; do
    [[ -f "$dir/$batch" ]] || { echo "$dir/$batch: missing"; return 1; }
    size=$(stat -L -c %s -- "$dir/$batch")
    [[ "$size" -eq "$BATCH_BYTES" ]] ||
      { echo "$dir/$batch: expected $BATCH_BYTES bytes (10000 records of 3073), found $size"; return 1; }
  done
}

case "$FORMAT" in
  jpeg)
    DEST=${DEST:-$REPO_ROOT/data/cifar10}
    if check_jpeg "$DEST" >/dev/null; then
      log "CIFAR-10 (jpeg) already laid out in $DEST"
      exit 0
    fi
    if [[ -z "$FROM" && -f "$DEFAULT_JPEG_FROM" ]]; then
      FROM=$DEFAULT_JPEG_FROM
    fi
    [[ -n "$FROM" ]] || die "no official JPEG release of CIFAR-10 exists: pass --from cifar10-jpeg.tar.gz" \
      "(sha256 $JPEG_SHA256) or a directory with train/ and test/, or use --format binary"
    [[ -e "$FROM" ]] || die "$FROM: missing (expected cifar10-jpeg.tar.gz or a directory)"
    [[ -d "$FROM" ]] || verify_checksum "$FROM" sha256 "$JPEG_SHA256"
    lay_out check_jpeg cifar10 "$FROM" "$DEST"
    log "laid out CIFAR-10 (jpeg) in $DEST"
    ;;
  binary)
    DEST=${DEST:-$REPO_ROOT/data/cifar-10-batches-bin}
    if check_binary "$DEST" >/dev/null; then
      log "CIFAR-10 (binary) already laid out in $DEST"
      exit 0
    fi
    if [[ -z "$FROM" ]]; then
      new_temp_dir
      download "$BINARY_URL" "$TEMP_DIR/cifar-10-binary.tar.gz" ||
        die "could not download $BINARY_URL; fetch it elsewhere and rerun with --from cifar-10-binary.tar.gz"
      FROM=$TEMP_DIR/cifar-10-binary.tar.gz
    fi
    [[ -e "$FROM" ]] || die "$FROM: missing (expected cifar-10-binary.tar.gz or cifar-10-batches-bin/)"
    [[ -d "$FROM" ]] || verify_checksum "$FROM" md5 "$BINARY_MD5"
    lay_out check_binary cifar-10-batches-bin "$FROM" "$DEST"
    log "laid out CIFAR-10 (binary) in $DEST"
    ;;
  *) die "unknown --format '$FORMAT' (expected jpeg or binary)" ;;
esac
