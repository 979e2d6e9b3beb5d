#!/usr/bin/env bash
# Lays out the ImageNet sample images (one ILSVRC-2012 image per ImageNet-100 class) and verifies them; see --help.
set -euo pipefail
SCRIPT_NAME=imagenet-samples.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

MANIFEST=$REPO_ROOT/data-scripts/checksums/imagenet100-samples.sha256
DEFAULT_FROM=$(cd "$REPO_ROOT/.." && pwd)/shared/data/imagenet100-samples

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]

Lays out the ImageNet sample images, one real ILSVRC-2012 image for each of the 100 ImageNet-100
classes, named <wnid>_<class>.JPEG, in DIR (a flat folder), and verifies the SHA-256 of every file
against the committed manifest data-scripts/checksums/imagenet100-samples.sha256. They are what
Figure 1 (negative-samples) is drawn from. ImageNet needs registration (https://image-net.org), so
nothing is downloaded: pass a local copy.

  --dest DIR    where to lay the images out (default: $REPO_ROOT/data/imagenet100-samples)
  --from PATH   a directory holding exactly the 100 files of the manifest (linked, not copied), or a
                .tar.gz of them whose top directory is imagenet100-samples/ (extracted into DIR).
                Default: $DEFAULT_FROM, when it exists
  -h, --help    this help
EOF
}

DEST="$REPO_ROOT/data/imagenet100-samples"
FROM=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROM=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

[[ -f "$MANIFEST" ]] || die "$MANIFEST: missing (the committed list of the sample images and their SHA-256)"
COUNT=$(wc -l <"$MANIFEST")

# check_samples DIR: prints the first problem with DIR and fails; silent when DIR holds exactly the files of the
# manifest, each with its checksum.
check_samples() {
  local dir=$1 expected name found extra
  [[ -d "$dir" ]] || { echo "$dir: missing"; return 1; }
  while read -r expected name; do
    [[ -f "$dir/$name" ]] || { echo "$dir/$name: missing (expected the $COUNT files listed in $MANIFEST)"; return 1; }
    found=$(sha256_of "$dir/$name")
    [[ "$found" == "$expected" ]] ||
      { echo "checksum mismatch for $dir/$name: expected sha256 $expected, found $found"; return 1; }
  done <"$MANIFEST"
  extra=$(find -L "$dir" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort |
    comm -23 - <(awk '{ print $2 }' "$MANIFEST" | sort) | head -n 1)
  [[ -z "$extra" ]] || { echo "$dir/$extra: not one of the $COUNT files listed in $MANIFEST"; return 1; }
}

if problem=$(check_samples "$DEST"); then
  log "the $COUNT ImageNet sample images are already laid out and verified in $DEST"
  exit 0
fi
[[ ! -e "$DEST" ]] || log "not complete: $problem"
if [[ -z "$FROM" && -d "$DEFAULT_FROM" ]]; then
  FROM=$DEFAULT_FROM
fi
[[ -n "$FROM" ]] || die "ImageNet images are not downloadable without registration: pass --from DIR, a folder" \
  "holding the $COUNT images listed in $MANIFEST (no default: $DEFAULT_FROM does not exist)"
[[ -e "$FROM" ]] || die "$FROM: missing (expected a folder holding the $COUNT images listed in $MANIFEST)"
[[ -d "$FROM" || "$FROM" == *.tar.gz ]] ||
  die "$FROM: expected a folder holding the $COUNT images listed in $MANIFEST, or a .tar.gz of that folder"
lay_out check_samples imagenet100-samples "$FROM" "$DEST"
log "laid out and verified the $COUNT ImageNet sample images in $DEST"
