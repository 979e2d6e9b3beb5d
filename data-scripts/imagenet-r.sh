#!/usr/bin/env bash
# Fetches and lays out ImageNet-R (Hendrycks et al., ICCV 2021); see --help.
set -euo pipefail
SCRIPT_NAME=imagenet-r.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

URL=https://people.eecs.berkeley.edu/~hendrycks/imagenet-r.tar

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]

Lays out ImageNet-R(endition) (https://github.com/hendrycks/imagenet-r: 30,000 renditions of 200 ImageNet
classes) as DIR/<wnid>/*.jpg, the layout imagenet-r.tar extracts to (top folder imagenet-r/) and
nsn.ood.OodBenchmark reads. Downloaded from $URL unless --from names the
archive or a directory.

The official source publishes no checksum, so none is verified: the layout is checked (wnid folders holding
images), and the archive's MD5 (third-party loaders record a61312130a589d0ca1a8fca1f2bd3337) and the
numbers of classes and images are logged (expect 200 and 30,000).

  --dest DIR    where to lay it out (default: $REPO_ROOT/data/imagenet-r)
  --from PATH   imagenet-r.tar (extracted), or a directory holding <wnid>/ folders (linked)
  -h, --help    this help
EOF
}

DEST="$REPO_ROOT/data/imagenet-r"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

laid_out() { check_wnid_classes "$DEST" >/dev/null 2>&1; }

extract_tar() {
  local tarball=$1
  tar_top_dir "$tarball" imagenet-r
  # No official checksum; third-party loaders (e.g. torch-uncertainty's ImageNetR) record this MD5.
  log "md5 of $tarball: $(md5_of "$tarball") (no official checksum is published; third-party loaders record" \
    "a61312130a589d0ca1a8fca1f2bd3337)"
  new_temp_dir "$(dirname -- "$DEST")"
  log "extracting $tarball"
  tar -xf "$tarball" -C "$TEMP_DIR"
  problem=$(check_wnid_classes "$TEMP_DIR/imagenet-r") || die "$tarball: extracted, but $problem"
  install_dir "$TEMP_DIR/imagenet-r" "$DEST"
}

if [[ -n "$FROM" ]]; then
  [[ -e "$FROM" ]] || die "$FROM: missing (expected imagenet-r.tar or a directory)"
  if [[ -d "$FROM" ]]; then
    problem=$(check_wnid_classes "$FROM") || die "$problem"
    link_dir "$FROM" "$DEST"
  elif laid_out; then
    log "$DEST is already laid out; skipping $FROM"
  else
    extract_tar "$FROM"
  fi
elif ! laid_out; then
  new_temp_dir "$(dirname -- "$DEST")"
  download "$URL" "$TEMP_DIR/imagenet-r.tar" ||
    die "could not download $URL; fetch it elsewhere and pass it with --from"
  extract_tar "$TEMP_DIR/imagenet-r.tar"
fi

problem=$(check_wnid_classes "$DEST") || die "$problem"
describe_classes "$DEST"
