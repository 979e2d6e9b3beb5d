#!/usr/bin/env bash
# Lays out the official STL-10 binary release; see --help.
set -euo pipefail
SCRIPT_NAME=stl10.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]

Lays out the official STL-10 binary release in DIR (train_X.bin, train_y.bin, test_X.bin, test_y.bin,
unlabeled_X.bin, class_names.txt; 2.6 GB) from stl10_binary.tar.gz (md5 $TARBALL_MD5),
downloaded from $URL unless --from names the
tarball or an extracted stl10_binary directory.

  --dest DIR    where to lay the files out (default: $REPO_ROOT/data/stl10_binary)
  --from PATH   stl10_binary.tar.gz or a stl10_binary directory (linked, not copied)
  -h, --help    this help
EOF
}

URL=http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz
TARBALL_MD5=91f7769df0f17e558f3565bffb0c7dfb
IMAGE_BYTES=27648 # 3 x 96 x 96
declare -A SIZES=(
  [train_X.bin]=$((5000 * IMAGE_BYTES)) [train_y.bin]=5000
  [test_X.bin]=$((8000 * IMAGE_BYTES)) [test_y.bin]=8000
  [unlabeled_X.bin]=$((100000 * IMAGE_BYTES))
)

DEST="$REPO_ROOT/data/stl10_binary"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# check_layout DIR: prints the first problem with DIR and fails; silent when complete.
check_layout() {
  local dir=$1 file size
  [[ -f "$dir/class_names.txt" ]] || { echo "$dir/class_names.txt: missing"; return 1; }
  for file in train_X.bin train_y.bin test_X.bin test_y.bin unlabeled_X.bin; do
    [[ -f "$dir/$file" ]] || { echo "$dir/$file: missing"; return 1; }
    size=$(stat -L -c %s -- "$dir/$file")
    [[ "$size" -eq "${SIZES[$file]}" ]] ||
      { echo "$dir/$file: expected ${SIZES[$file]} bytes, found $size"; return 1; }
  done
}

if check_layout "$DEST" >/dev/null; then
  log "STL-10 already laid out in $DEST"
  exit 0
fi
if [[ -z "$FROM" ]]; then
  new_temp_dir
  download "$URL" "$TEMP_DIR/stl10_binary.tar.gz" ||
    die "could not download $URL; fetch it elsewhere and rerun with --from stl10_binary.tar.gz"
  FROM=$TEMP_DIR/stl10_binary.tar.gz
fi
[[ -e "$FROM" ]] || die "$FROM: missing (expected stl10_binary.tar.gz or a stl10_binary directory)"
[[ -d "$FROM" ]] || verify_checksum "$FROM" md5 "$TARBALL_MD5"
lay_out check_layout stl10_binary "$FROM" "$DEST"
log "laid out STL-10 in $DEST"
