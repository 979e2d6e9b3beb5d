#!/usr/bin/env bash
# Validates or builds the ImageNet (ILSVRC-2012) ImageFolder layout and ImageNet subsets; see --help.
set -euo pipefail
SCRIPT_NAME=imagenet.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]... [--val-map FILE] [--subset FILE [--subset-dest DIR]]

ImageNet needs registration (https://image-net.org), so nothing is downloaded. This lays out
DIR/{train,val}/<wnid>/*.JPEG, the ImageFolder layout the Java readers use, from local files, and
builds a class subset of it (e.g. ImageNet-100) as a folder of symbolic links.

  --dest DIR         the ImageNet layout (default: $REPO_ROOT/data/imagenet)
  --from PATH        repeatable; one of
                       a directory holding train/<wnid>/ (and val/<wnid>/): validated and linked as DIR;
                       ILSVRC2012_img_train.tar (one tar per wnid inside): extracted to DIR/train;
                       ILSVRC2012_img_val.tar (50,000 flat images): extracted to DIR/val, needs --val-map
  --val-map FILE     the class of each validation image, one per line: '<file> <wnid>', or the
                     Kaggle LOC_val_solution.csv ('<image id>,<wnid> ...'); a header line is skipped
  --subset FILE      wnids, one a line (blank lines and '#' comments ignored), e.g. imagenet100.txt:
                     creates SUBSET_DEST/{train,val}/<wnid> as links into DIR
  --subset-dest DIR  where to build the subset (default: next to DIR, named after FILE without
                     .txt, e.g. $REPO_ROOT/data/imagenet100)
  -h, --help         this help

Without --from, DIR must already hold the layout; it is validated (and the subset built).
EOF
}

# A WordNet id; spelled out because mawk has no {8}.
WNID_PATTERN='^n[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$'

DEST="$REPO_ROOT/data/imagenet"
FROMS=()
VAL_MAP=""
SUBSET=""
SUBSET_DEST=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROMS+=("$2"); shift 2 ;;
    --val-map) require_value "$1" $#; VAL_MAP=$2; shift 2 ;;
    --subset) require_value "$1" $#; SUBSET=$2; shift 2 ;;
    --subset-dest) require_value "$1" $#; SUBSET_DEST=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# check_split DIR: prints the first problem with an ImageFolder split and fails; silent when usable.
check_split() {
  local dir=$1 wnid count=0
  [[ -d "$dir" ]] || { echo "$dir: missing"; return 1; }
  while IFS= read -r wnid; do
    [[ "$wnid" =~ $WNID_PATTERN ]] || { echo "$dir/$wnid: expected only wnid directories (n########)"; return 1; }
    [[ -n "$(find -L "$dir/$wnid" -maxdepth 1 -type f -iname '*.jpeg' -print -quit)" ]] ||
      { echo "$dir/$wnid: expected .JPEG images, found none"; return 1; }
    count=$((count + 1))
  done < <(find -L "$dir" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
  [[ $count -gt 0 ]] || { echo "$dir: expected one directory per wnid, found none"; return 1; }
}

# check_layout DIR: train/ must be usable, val/ too when present.
check_layout() {
  check_split "$1/train" || return 1
  if [[ -e "$1/val" ]]; then
    check_split "$1/val" || return 1
  fi
}

# describe_split DIR: logs the number of classes and images of a split.
describe_split() {
  local classes images
  classes=$(find -L "$1" -mindepth 1 -maxdepth 1 -type d | wc -l)
  images=$(find -L "$1" -mindepth 2 -maxdepth 2 -type f -iname '*.jpeg' | wc -l)
  log "$1: $classes classes, $images images"
  [[ $classes -eq 1000 ]] || log "note: ILSVRC-2012 has 1000 classes"
}

extract_train_tar() {
  [[ ! -e "$DEST/train" ]] || die "$DEST/train exists; move it away to extract $1 again"
  new_temp_dir "$DEST"
  log "extracting $1 (one tar per wnid) into $DEST/train"
  # One pass over the big archive: each inner <wnid>.tar is piped to tar as it is read.
  STAGE=$TEMP_DIR tar -xf "$1" --to-command='d="$STAGE/${TAR_FILENAME%.tar}"; mkdir -p "$d" && tar -x -C "$d"'
  problem=$(check_split "$TEMP_DIR") || die "$1: extracted, but $problem"
  mv -- "$TEMP_DIR" "$DEST/train"
}

extract_val_tar() {
  local flat wnid
  [[ -n "$VAL_MAP" ]] || die "$1: the validation images are flat; pass --val-map FILE to sort them by class"
  [[ -f "$VAL_MAP" ]] || die "$VAL_MAP: missing (expected the --val-map file)"
  [[ ! -e "$DEST/val" ]] || die "$DEST/val exists; move it away to extract $1 again"
  new_temp_dir "$DEST"
  flat=$TEMP_DIR/flat
  mkdir -p "$flat" "$TEMP_DIR/val"
  log "extracting $1 into $DEST/val"
  tar -xf "$1" -C "$flat"
  # '<file> <wnid>' pairs; CSV ids get the .JPEG extension; lines whose second field is no wnid are headers.
  tr ',' ' ' <"$VAL_MAP" |
    awk -v wnid="$WNID_PATTERN" '$2 ~ wnid { f = $1; if (f !~ /\./) f = f ".JPEG"; print f, $2 }' >"$TEMP_DIR/map"
  [[ -s "$TEMP_DIR/map" ]] || die "$VAL_MAP: expected lines '<file> <wnid>', found none"
  while IFS= read -r wnid; do
    mkdir -p "$TEMP_DIR/val/$wnid"
    awk -v w="$wnid" '$2 == w { print $1 }' "$TEMP_DIR/map" | (cd "$flat" && xargs -r mv -t "../val/$wnid") ||
      die "$VAL_MAP: lists images of $wnid that are not in $1"
  done < <(cut -d' ' -f2 "$TEMP_DIR/map" | sort -u)
  [[ -z "$(ls -A "$flat")" ]] || die "$VAL_MAP: expected a class for every image of $1, found none for" \
    "$(ls "$flat" | head -n 3 | tr '\n' ' ')..."
  problem=$(check_split "$TEMP_DIR/val") || die "$1: extracted, but $problem"
  mv -- "$TEMP_DIR/val" "$DEST/val"
}

# make_subset: SUBSET_DEST/{train,val}/<wnid> -> DEST/{train,val}/<wnid> for every wnid in SUBSET.
make_subset() {
  local split wnid wnids=() line source
  [[ -f "$SUBSET" ]] || die "$SUBSET: missing (expected the --subset file, one wnid a line)"
  SUBSET_DEST=${SUBSET_DEST:-$(dirname -- "$DEST")/$(basename -- "$SUBSET" .txt)}
  while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%%#*}
    read -r wnid _ <<<"$line" || true
    [[ -n "${wnid:-}" ]] && wnids+=("$wnid")
  done <"$SUBSET"
  [[ ${#wnids[@]} -gt 0 ]] || die "$SUBSET: expected at least one wnid, found none"
  source=$(cd "$DEST" && pwd)
  for split in train val; do
    [[ -d "$source/$split" ]] || continue
    for wnid in "${wnids[@]}"; do
      [[ -d "$source/$split/$wnid" ]] ||
        die "$source/$split/$wnid: class $wnid listed in subset file $SUBSET is missing"
    done
    if [[ -d "$SUBSET_DEST/$split" ]]; then
      [[ -z "$(find "$SUBSET_DEST/$split" -mindepth 1 -maxdepth 1 ! -type l -print -quit)" ]] ||
        die "$SUBSET_DEST/$split holds more than the links this script makes; move it away and rerun"
      find "$SUBSET_DEST/$split" -mindepth 1 -maxdepth 1 -type l -delete
    fi
    mkdir -p "$SUBSET_DEST/$split"
    for wnid in "${wnids[@]}"; do
      ln -s -- "$source/$split/$wnid" "$SUBSET_DEST/$split/$wnid"
    done
  done
  log "built the ${#wnids[@]}-class subset of $SUBSET in $SUBSET_DEST"
}

dir_from=""
for from in "${FROMS[@]+"${FROMS[@]}"}"; do
  [[ -e "$from" ]] || die "$from: missing (expected a directory or an ILSVRC2012 tarball)"
  if [[ -d "$from" ]]; then
    [[ ${#FROMS[@]} -eq 1 ]] || die "$from: a directory --from cannot be combined with other --from paths"
    dir_from=$from
  fi
done

if [[ -n "$dir_from" ]]; then
  problem=$(check_layout "$dir_from") || die "$problem"
  link_dir "$dir_from" "$DEST"
else
  for from in "${FROMS[@]+"${FROMS[@]}"}"; do
    case "$(basename -- "$from")" in
      *img_train*.tar) extract_train_tar "$from" ;;
      *img_val*.tar) extract_val_tar "$from" ;;
      *) die "$from: expected ILSVRC2012_img_train.tar, ILSVRC2012_img_val.tar or a directory" ;;
    esac
  done
fi

problem=$(check_layout "$DEST") ||
  die "$problem. ImageNet needs registration at https://image-net.org: download ILSVRC2012_img_train.tar" \
    "and ILSVRC2012_img_val.tar and pass them with --from (see --help)"
describe_split "$DEST/train"
[[ ! -d "$DEST/val" ]] || describe_split "$DEST/val"
[[ -z "$SUBSET" ]] || make_subset
