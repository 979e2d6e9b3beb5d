#!/usr/bin/env bash
# Lays out Fashion-MNIST's four IDX files (gzip-compressed) and verifies them; see --help.
set -euo pipefail
SCRIPT_NAME=fashion-mnist.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]

Lays out the Fashion-MNIST files train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,
t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in DIR and verifies the SHA-256 of their
uncompressed contents (the official .gz files and Debian's recompressed ones hold the same data).

  --dest DIR    where to lay the files out (default: $REPO_ROOT/data/fashion-mnist)
  --from PATH   a directory holding the four files (.gz or uncompressed), or the Debian package
                dataset-fashion-mnist_*.deb
  -h, --help    this help

Sources, in order: DIR itself when already complete; --from; the official download (GitHub, then
Zalando's S3 mirror); /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist);
'apt-get download dataset-fashion-mnist' (needs no root).
EOF
}

FILES=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
# SHA-256 of the uncompressed IDX files. The official .gz files (MD5 in the Fashion-MNIST README:
# 8d4fb7e6c68d591d4c3dfef9ec88bf0d, 25c81989df183df01b3e8a0aad5dffbe, bef4ecab320f06d8554ea6380940ec79,
# bb300cfdad3c16e7a12a480ee83cd310) decompress to exactly these bytes; Debian's package recompresses them, so
# only the uncompressed data has one checksum whatever the source.
declare -A RAW_SHA256=(
  [train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)
MIRRORS=(
  https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion
  http://fashion-mnist.s3-website.eu-central-1.amazonaws.com
)
SYSTEM_DIR=/usr/share/datasets/fashion-mnist

DEST="$REPO_ROOT/data/fashion-mnist"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# content_sha256 FILE: SHA-256 of the uncompressed data of FILE (.gz or raw); a note when gzip fails.
content_sha256() {
  local file=$1 sum
  if [[ "$file" == *.gz ]]; then
    sum=$(gzip -dc -- "$file" 2>/dev/null | sha256sum) || { echo "none (corrupt or truncated gzip data)"; return; }
  else
    sum=$(sha256sum -- "$file")
  fi
  echo "${sum%% *}"
}

# verify_content FILE: dies naming the file and both checksums unless its uncompressed data is the official one.
verify_content() {
  local file=$1 base expected found
  base=$(basename -- "$file" .gz)
  expected=${RAW_SHA256[$base]}
  found=$(content_sha256 "$file")
  [[ "$found" == "$expected" ]] ||
    die "checksum mismatch for $file: expected sha256 of the uncompressed data $expected, found $found"
}

# is_complete DIR: all four .gz files present with the official contents (quiet).
is_complete() {
  local f
  for f in "${FILES[@]}"; do
    [[ -f "$1/$f" && "$(content_sha256 "$1/$f")" == "${RAW_SHA256[${f%.gz}]}" ]] || return 1
  done
}

# install_from_dir SRC [WHAT]: verifies the four files in SRC (.gz or uncompressed), then lays them out in DEST
# as .gz; WHAT names the source in the log (default: SRC).
install_from_dir() {
  local src=$1 what=${2:-$1} f staged
  for f in "${FILES[@]}"; do
    if [[ -f "$src/$f" ]]; then
      verify_content "$src/$f"
    elif [[ -f "$src/${f%.gz}" ]]; then
      verify_content "$src/${f%.gz}"
    else
      die "$src/$f: missing (expected the four Fashion-MNIST files ${FILES[*]} in $src)"
    fi
  done
  new_temp_dir "$(dirname -- "$DEST")"
  staged=$TEMP_DIR
  for f in "${FILES[@]}"; do
    if [[ -f "$src/$f" ]]; then
      cp -- "$src/$f" "$staged/$f"
    else
      gzip -n -c -- "$src/${f%.gz}" >"$staged/$f"
    fi
  done
  mkdir -p -- "$DEST"
  for f in "${FILES[@]}"; do
    mv -f -- "$staged/$f" "$DEST/$f"
  done
  log "laid out Fashion-MNIST in $DEST (from $what)"
}

# install_from_deb DEB: unpacks the Debian package (no root needed) and installs its files.
install_from_deb() {
  new_temp_dir
  dpkg -x "$1" "$TEMP_DIR/root" || die "$1: cannot unpack (expected the Debian package dataset-fashion-mnist)"
  install_from_dir "$TEMP_DIR/root$SYSTEM_DIR" "$1"
}

# try_download: fetches the four files from the first mirror that serves them all; non-zero when none does.
try_download() {
  local mirror f staged
  for mirror in "${MIRRORS[@]}"; do
    new_temp_dir
    staged=$TEMP_DIR
    for f in "${FILES[@]}"; do
      download "$mirror/$f" "$staged/$f" || continue 2
    done
    install_from_dir "$staged" "$mirror"
    return 0
  done
  return 1
}

# try_apt: fetches and installs the Debian package with apt-get download; non-zero when that fails.
try_apt() {
  command -v apt-get >/dev/null 2>&1 && command -v dpkg >/dev/null 2>&1 || return 1
  new_temp_dir
  log "fetching the Debian package dataset-fashion-mnist with apt-get download"
  (cd "$TEMP_DIR" && apt-get download dataset-fashion-mnist) >&2 || return 1
  install_from_deb "$(ls "$TEMP_DIR"/dataset-fashion-mnist_*.deb)"
}

if is_complete "$DEST"; then
  log "Fashion-MNIST already laid out and verified in $DEST"
  exit 0
fi

if [[ -n "$FROM" ]]; then
  if [[ -d "$FROM" ]]; then
    install_from_dir "$FROM"
  elif [[ -f "$FROM" && "$FROM" == *.deb ]]; then
    install_from_deb "$FROM"
  else
    die "$FROM: expected a directory holding ${FILES[*]} or a dataset-fashion-mnist .deb"
  fi
elif try_download; then
  :
elif [[ -d "$SYSTEM_DIR" ]]; then
  install_from_dir "$SYSTEM_DIR"
elif try_apt; then
  :
else
  die "could not obtain Fashion-MNIST: no download (offline?), no $SYSTEM_DIR, no 'apt-get download'." \
    "Fetch the four files from https://github.com/zalandoresearch/fashion-mnist#get-the-data and rerun with" \
    "--from DIR"
fi
