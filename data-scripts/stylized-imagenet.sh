#!/usr/bin/env bash
# Lays out a Stylized-ImageNet created with rgeirhos/Stylized-ImageNet; see --help.
set -euo pipefail
SCRIPT_NAME=stylized-imagenet.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] --from PATH

Stylized-ImageNet (Geirhos et al., ICLR 2019) is not distributed: it is created from ImageNet and the
paintings of Kaggle's painter-by-numbers with the code of https://github.com/rgeirhos/Stylized-ImageNet
(code/create_stylized_imagenet.sh, a GPU and 134 GB), which writes STYLIZED_IMAGENET_PATH/{train,val}/<wnid>/.
So nothing is downloaded and, the images depending on the random choice of paintings, no checksum exists:
this checks the layout of such a folder and lays it out as DIR/val/<wnid>/ (and DIR/train/ when present);
nsn.ood.OodBenchmark reads the val split.

  --dest DIR    where to lay it out (default: $REPO_ROOT/data/stylized-imagenet)
  --from PATH   the created folder (holding val/<wnid>/; linked), or a .tar / .tar.gz of it whose entries
                all lie under one top folder holding val/ (extracted)
  -h, --help    this help

Without --from, DIR must already hold the layout; it is checked.
EOF
}

DEST="$REPO_ROOT/data/stylized-imagenet"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# check_layout DIR: val/ must be usable, train/ too when present.
check_layout() {
  check_wnid_classes "$1/val" || return 1
  if [[ -e "$1/train" ]]; then
    check_wnid_classes "$1/train" || return 1
  fi
}

if [[ -n "$FROM" ]]; then
  [[ -e "$FROM" ]] || die "$FROM: missing (expected the created folder or an archive of it)"
  if [[ -d "$FROM" ]]; then
    problem=$(check_layout "$FROM") || die "$problem"
    link_dir "$FROM" "$DEST"
  elif check_layout "$DEST" >/dev/null 2>&1; then
    log "$DEST is already laid out; skipping $FROM"
  else
    top=$(tar -tf "$FROM" | sed 's|^\./||' | cut -d/ -f1 | grep -v '^$' | sort -u || true)
    [[ -n "$top" && $(wc -l <<<"$top") -eq 1 ]] ||
      die "$FROM: expected every entry under one top folder, found $(head -n 3 <<<"$top" | tr '\n' ' ')"
    new_temp_dir "$(dirname -- "$DEST")"
    log "extracting $FROM"
    tar -xf "$FROM" -C "$TEMP_DIR"
    problem=$(check_layout "$TEMP_DIR/$top") || die "$FROM: extracted, but $problem"
    install_dir "$TEMP_DIR/$top" "$DEST"
  fi
fi

problem=$(check_layout "$DEST") ||
  die "$problem. Create Stylized-ImageNet with https://github.com/rgeirhos/Stylized-ImageNet and pass the" \
    "folder with --from (see --help)"
describe_classes "$DEST/val"
