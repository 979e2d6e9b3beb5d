#!/usr/bin/env bash
# Fetches, verifies and lays out ImageNet-C (Hendrycks and Dietterich, ICLR 2019); see --help.
set -euo pipefail
SCRIPT_NAME=imagenet-c.sh
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

URL_BASE=https://zenodo.org/record/2235448/files
CHECKSUMS="$REPO_ROOT/data-scripts/checksums/imagenet-c.md5"

usage() {
  cat <<EOF
Usage: $SCRIPT_NAME [--dest DIR] [--from PATH]... [--no-extra] [--checksums FILE]

Lays out ImageNet-C (https://github.com/hendrycks/robustness, released on https://zenodo.org/record/2235448)
as DIR/<corruption>/<severity>/<wnid>/*.JPEG, the layout nsn.ood.ImageNetC reads: the 50,000 ImageNet
validation images under 15 corruptions x 5 severities, plus 4 extra corruptions. The release is five
archives, each holding corruption folders at its top:

  noise.tar    gaussian_noise shot_noise impulse_noise                       (about 21 GB)
  blur.tar     defocus_blur glass_blur motion_blur zoom_blur                 (about 7 GB)
  weather.tar  snow frost fog brightness                                     (about 12 GB)
  digital.tar  contrast elastic_transform pixelate jpeg_compression          (about 7 GB)
  extra.tar    speckle_noise gaussian_blur spatter saturate (not in mCE)     (about 15 GB)

Without --from, each archive whose corruptions are not yet in DIR is downloaded from $URL_BASE/<name>,
its MD5 verified against the checksum list, extracted into DIR and deleted.

  --dest DIR        where to lay it out (default: $REPO_ROOT/data/imagenet-c)
  --from PATH       repeatable; one of the five archives (verified, then extracted into DIR), or a
                    directory already holding <corruption>/<severity>/<wnid>/ (checked, then linked as DIR;
                    alone)
  --no-extra        do not download extra.tar (the metrics use the 15 standard corruptions only)
  --checksums FILE  MD5 list of the archives, md5sum format (default: $CHECKSUMS,
                    the MD5s Zenodo lists for the record's files)
  -h, --help        this help
EOF
}

declare -A ARCHIVE_OF=(
  [gaussian_noise]=noise [shot_noise]=noise [impulse_noise]=noise
  [defocus_blur]=blur [glass_blur]=blur [motion_blur]=blur [zoom_blur]=blur
  [snow]=weather [frost]=weather [fog]=weather [brightness]=weather
  [contrast]=digital [elastic_transform]=digital [pixelate]=digital [jpeg_compression]=digital
  [speckle_noise]=extra [gaussian_blur]=extra [spatter]=extra [saturate]=extra
)
ARCHIVES=(noise blur weather digital extra)
STANDARD=(gaussian_noise shot_noise impulse_noise defocus_blur glass_blur motion_blur zoom_blur snow frost fog
  brightness contrast elastic_transform pixelate jpeg_compression)

DEST="$REPO_ROOT/data/imagenet-c"
FROMS=()
NO_EXTRA=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dest) require_value "$1" $#; DEST=$2; shift 2 ;;
    --from) require_value "$1" $#; FROMS+=("$2"); shift 2 ;;
    --no-extra) NO_EXTRA=1; shift ;;
    --checksums) require_value "$1" $#; CHECKSUMS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

# corruptions_of ARCHIVE: the corruption folders an archive holds.
corruptions_of() {
  local c
  for c in "${!ARCHIVE_OF[@]}"; do
    [[ "${ARCHIVE_OF[$c]}" == "$1" ]] && echo "$c"
  done | sort
}

# check_layout DIR [CORRUPTION...]: prints the first problem with DIR/<corruption>/<severity>/<wnid>/<image> and fails:
# only known corruption folders, each with severities 1-5, each with wnid folders, each holding images (.jpg,
# .jpeg, .png); the CORRUPTIONS named must be present, and at least one. Two listings and one awk, however large.
check_layout() {
  local dir=$1
  shift
  [[ -d "$dir" ]] || { echo "$dir: missing"; return 1; }
  {
    find -L "$dir" -mindepth 1 -maxdepth 3 -name '.*' -prune -o -type d -printf 'd %P\n'
    find -L "$dir" -mindepth 4 -maxdepth 4 -name '.*' -prune -o -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o \
      -iname '*.png' \) -printf 'f %P\n'
  } | awk -v root="$dir" -v known="${!ARCHIVE_OF[*]}" -v required="$*" -v wnid="$WNID_RE" '
    BEGIN { n = split(known, k, " "); for (i = 1; i <= n; i++) ok[k[i]] = 1 }
    $1 == "d" {
      path = substr($0, 3)
      depth = split(path, p, "/")
      if (depth == 1) {
        if (!(p[1] in ok)) { print root "/" path ": expected only corruption folders"; bad = 1; exit 1 }
        corruption[p[1]] = 1
      } else if (depth == 2) {
        if (p[2] !~ /^[1-5]$/) { print root "/" path ": expected only severity folders 1-5"; bad = 1; exit 1 }
        severity[path] = 1
      } else {
        if (p[3] !~ wnid) { print root "/" path ": expected only wnid folders (n########)"; bad = 1; exit 1 }
        classes[p[1] "/" p[2]]++
        class[path] = 1
      }
    }
    $1 == "f" { path = substr($0, 3); sub("/[^/]*$", "", path); images[path] = 1 }
    END {
      if (bad) exit 1
      m = split(required, r, " ")
      for (i = 1; i <= m; i++) if (!(r[i] in corruption)) { print root "/" r[i] ": missing"; exit 1 }
      found = 0
      for (c in corruption) {
        found++
        for (s = 1; s <= 5; s++) {
          if (!((c "/" s) in severity)) { print root "/" c "/" s ": missing"; exit 1 }
          if (!((c "/" s) in classes)) { print root "/" c "/" s ": expected one folder per wnid, found none"; exit 1 }
        }
      }
      for (d in class) if (!(d in images)) { print root "/" d ": expected images (.jpg, .jpeg, .png), found none"; exit 1 }
      if (found == 0) { print root ": expected <corruption>/<severity>/<wnid>/ folders, found none"; exit 1 }
    }'
}

# has_archive ARCHIVE: whether every corruption of the archive is already in DEST.
has_archive() {
  local c
  for c in $(corruptions_of "$1"); do
    [[ -d "$DEST/$c" ]] || return 1
  done
}

expected_md5() {
  [[ -f "$CHECKSUMS" ]] || die "$CHECKSUMS: missing (expected the MD5 list of the archives)"
  awk -v f="$1" '$2 == f || $2 == "*" f { print $1 }' "$CHECKSUMS" | head -n 1
}

# extract ARCHIVE_FILE: verifies the archive and moves its corruption folders into DEST.
extract() {
  local file=$1 name md5 stray c
  name=$(basename -- "$file" .tar)
  [[ " ${ARCHIVES[*]} " == *" $name "* ]] ||
    die "$file: expected one of ${ARCHIVES[*]/%/.tar} (the names of the release's archives)"
  if has_archive "$name"; then
    log "$DEST already holds the corruptions of $name.tar; skipping $file"
    return 0
  fi
  md5=$(expected_md5 "$name.tar")
  [[ -n "$md5" ]] || die "$CHECKSUMS: no MD5 for $name.tar"
  verify_checksum "$file" md5 "$md5"
  stray=$(tar -tf "$file" | sed 's|^\./||' | cut -d/ -f1 | grep -v '^$' | sort -u |
    grep -v -x -F "$(corruptions_of "$name")" |
    head -n 1 || true)
  [[ -z "$stray" ]] || die "$file: expected only the folders $(corruptions_of "$name" | tr '\n' ' ')at its top," \
    "found $stray"
  mkdir -p -- "$DEST"
  new_temp_dir "$DEST"
  log "extracting $file"
  tar -xf "$file" -C "$TEMP_DIR"
  # shellcheck disable=SC2046
  problem=$(check_layout "$TEMP_DIR" $(corruptions_of "$name")) || die "$file: extracted, but $problem"
  for c in $(corruptions_of "$name"); do
    install_dir "$TEMP_DIR/$c" "$DEST/$c"
  done
}

dir_from=""
for from in "${FROMS[@]+"${FROMS[@]}"}"; do
  [[ -e "$from" ]] || die "$from: missing (expected an ImageNet-C archive or directory)"
  if [[ -d "$from" ]]; then
    [[ ${#FROMS[@]} -eq 1 ]] || die "$from: a directory --from cannot be combined with other --from paths"
    dir_from=$from
  fi
done

if [[ -n "$dir_from" ]]; then
  problem=$(check_layout "$dir_from") || die "$problem"
  link_dir "$dir_from" "$DEST"
elif [[ ${#FROMS[@]} -gt 0 ]]; then
  for from in "${FROMS[@]}"; do
    extract "$from"
  done
else
  for name in "${ARCHIVES[@]}"; do
    [[ $NO_EXTRA -eq 0 || "$name" != extra ]] || continue
    if has_archive "$name"; then
      continue
    fi
    mkdir -p -- "$DEST"
    new_temp_dir "$DEST"
    download "$URL_BASE/$name.tar" "$TEMP_DIR/$name.tar" ||
      die "could not download $name.tar; fetch $URL_BASE/$name.tar elsewhere and pass it with --from"
    extract "$TEMP_DIR/$name.tar"
    rm -f -- "$TEMP_DIR/$name.tar"
  done
fi

problem=$(check_layout "$DEST") || die "$problem"
missing=()
for c in "${STANDARD[@]}"; do
  [[ -d "$DEST/$c" ]] || missing+=("$c")
done
present=$(find -L "$DEST" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)
log "$DEST: $present corruptions x 5 severities; $(find -L "$DEST/$(ls "$DEST" | head -n 1)/1" -mindepth 1 \
  -maxdepth 1 -type d | wc -l) classes in the first set"
[[ ${#missing[@]} -eq 0 ]] ||
  log "note: ${#missing[@]} of the 15 standard corruptions are absent (${missing[*]}); mCE needs all 15"
