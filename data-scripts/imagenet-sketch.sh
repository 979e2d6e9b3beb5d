#!/usr/bin/env bash
# Fetches and lays out ImageNet-Sketch (Wang et al., NeurIPS 2019); see --help.
set -euo pipefail
SCRIPT_NAME=imagenet-sketch.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# The official link of https://github.com/HaohanWang/ImageNet-Sketch (a Google Drive file id), then the copy on
# Hugging Face under the dataset's co-author Songwei Ge.
URLS=(
  "https://drive.usercontent.google.com/download?id=1Mj0i5HBthqH1p_yeXzsg22gZduvgoNeA&export=download&confirm=t"
  "https://huggingface.co/datasets/songweig/imagenet_sketch/resolve/main/data/ImageNet-Sketch.zip"
)

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]

Lays out ImageNet-Sketch (https://github.com/HaohanWang/ImageNet-Sketch: 50,889 sketches, about 50 for each
of the 1000 ImageNet classes; ImageNet-Sketch.zip, 7.8 GB) as DIR/sketch/<wnid>/*.JPEG, the layout the zip
extracts to and nsn.ood.OodBenchmark reads. Downloaded from the official Google Drive link, else from the
Hugging Face copy (songweig/imagenet_sketch), unless --from names the zip or a directory.

No checksum is published for ImageNet-Sketch.zip, so none is verified: the zip is tested (unzip -t), the
layout checked (wnid folders holding images) and the numbers of classes and images logged (expect 1000 and
50,889).

  --dest DIR    where to lay it out (default: $REPO_ROOT/data/imagenet-sketch)
  --from PATH   ImageNet-Sketch.zip (extracted), or a directory holding sketch/<wnid>/ or <wnid>/ (linked)
  -h, --help    this help
EOF
}

DEST="$REPO_ROOT/data/imagenet-sketch"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# classes_of DIR: DIR/sketch when it exists, else DIR.
classes_of() { if [[ -d "$1/sketch" ]]; then echo "$1/sketch"; else echo "$1"; fi; }

laid_out() { [[ -d "$DEST" ]] && check_wnid_classes "$(classes_of "$DEST")" >/dev/null 2>&1; }

extract_zip() {
  local zip=$1 stray
  command -v unzip >/dev/null 2>&1 || die "unzip is not installed; extract $zip by hand and pass the folder"
  unzip -tq "$zip" >/dev/null || die "$zip: not a readable zip archive (unzip -t failed)"
  stray=$(unzip -Z1 "$zip" | grep -v -m1 -e '^sketch/' -e '^sketch$' || true)
  [[ -z "$stray" ]] || die "$zip: expected every entry under sketch/, found $stray"
  new_temp_dir "$(dirname -- "$DEST")"
  log "extracting $zip"
  unzip -q "$zip" -d "$TEMP_DIR/out"
  problem=$(check_wnid_classes "$TEMP_DIR/out/sketch") || die "$zip: extracted, but $problem"
  install_dir "$TEMP_DIR/out" "$DEST"
}

if [[ -n "$FROM" ]]; then
  [[ -e "$FROM" ]] || die "$FROM: missing (expected ImageNet-Sketch.zip or a directory)"
  if [[ -d "$FROM" ]]; then
    problem=$(check_wnid_classes "$(classes_of "$FROM")") || die "$problem"
    link_dir "$FROM" "$DEST"
  elif laid_out; then
    log "$DEST is already laid out; skipping $FROM"
  else
    extract_zip "$FROM"
  fi
elif ! laid_out; then
  new_temp_dir "$(dirname -- "$DEST")"
  zip=$TEMP_DIR/ImageNet-Sketch.zip
  fetched=0
  for url in "${URLS[@]}"; do
    if download "$url" "$zip" && unzip -tq "$zip" >/dev/null 2>&1; then
      fetched=1
      break
    fi
    rm -f -- "$zip"
  done
  [[ $fetched -eq 1 ]] || die "could not download ImageNet-Sketch.zip; fetch it from" \
    "https://github.com/HaohanWang/ImageNet-Sketch and pass it with --from"
  extract_zip "$zip"
fi

problem=$(check_wnid_classes "$(classes_of "$DEST")") || die "$problem"
describe_classes "$(classes_of "$DEST")"
