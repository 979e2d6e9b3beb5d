# Shared helpers for the data-scripts; sourced, not run. Expects SCRIPT_NAME to be set by the caller.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TMP_DIRS=()
trap 'for d in "${TMP_DIRS[@]+"${TMP_DIRS[@]}"}"; do rm -rf -- "$d"; done' EXIT

log() { printf '%s: %s\n' "$SCRIPT_NAME" "$*" >&2; }

die() {
  printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2
  exit 1
}

# new_temp_dir [PARENT]: sets TEMP_DIR to a fresh directory removed on exit, inside PARENT when given (so a final
# `mv` stays on one file system). Not for use in $(...): the clean-up list lives in this shell.
new_temp_dir() {
  if [[ $# -gt 0 ]]; then
    mkdir -p -- "$1"
    TEMP_DIR=$(mktemp -d "$1/.staging.XXXXXX")
  else
    TEMP_DIR=$(mktemp -d)
  fi
  TMP_DIRS+=("$TEMP_DIR")
}

sha256_of() { sha256sum -- "$1" | cut -d' ' -f1; }
md5_of() { md5sum -- "$1" | cut -d' ' -f1; }

# verify_checksum FILE ALGO EXPECTED: dies naming the file and both checksums on mismatch.
verify_checksum() {
  local file=$1 algo=$2 expected=$3 found
  case "$algo" in
    sha256) found=$(sha256_of "$file") ;;
    md5) found=$(md5_of "$file") ;;
    *) die "unknown checksum algorithm $algo" ;;
  esac
  [[ "$found" == "$expected" ]] ||
    die "checksum mismatch for $file: expected $algo $expected, found $found"
  log "verified $algo of $file"
}

# download URL OUT: quietly fails (non-zero) when offline or the server refuses; never hangs on a dead network.
download() {
  local url=$1 out=$2
  command -v curl >/dev/null 2>&1 || { log "curl not installed; cannot fetch $url"; return 1; }
  log "downloading $url"
  if curl --fail --location --silent --show-error --connect-timeout 10 --max-time "${DOWNLOAD_MAX_TIME:-1800}" \
      -o "$out" "$url"; then
    return 0
  fi
  rm -f -- "$out"
  log "could not download $url"
  return 1
}

# tar_top_dir ARCHIVE EXPECTED: dies unless every entry of the archive lies under EXPECTED/.
tar_top_dir() {
  local archive=$1 expected=$2 stray
  stray=$(tar -tf "$archive" | grep -v -m1 -e "^$expected/" -e "^$expected\$" -e "^\./$expected/" || true)
  [[ -z "$stray" ]] || die "$archive: expected every entry under $expected/, found $stray"
}

# install_dir STAGED DEST: moves the staged directory into place; refuses to overwrite a non-empty DEST.
install_dir() {
  local staged=$1 dest=$2
  if [[ -e "$dest" || -L "$dest" ]]; then
    if [[ -d "$dest" && ! -L "$dest" && -z "$(ls -A -- "$dest")" ]]; then
      rmdir -- "$dest"
    else
      die "$dest exists but is not a complete layout; move it away and rerun"
    fi
  fi
  mkdir -p -- "$(dirname -- "$dest")"
  mv -- "$staged" "$dest"
}

# link_dir SOURCE DEST: makes DEST a symbolic link to the (already validated) SOURCE directory.
link_dir() {
  local source dest=$2
  source=$(cd "$1" && pwd)
  if [[ "$(cd "$dest" 2>/dev/null && pwd -P)" == "$(cd "$source" && pwd -P)" ]]; then
    return 0
  fi
  if [[ -L "$dest" ]]; then
    rm -- "$dest"
  fi
  [[ ! -e "$dest" ]] || die "$dest exists and is not a link to $source; move it away and rerun"
  mkdir -p -- "$(dirname -- "$dest")"
  ln -s -- "$source" "$dest"
  log "linked $dest -> $source"
}

# lay_out CHECK TOP SOURCE DEST: lays out SOURCE in DEST. A directory SOURCE is checked with CHECK (a function that
# prints the first problem with a directory and fails) and linked; a tarball SOURCE, whose entries must all lie
# under TOP/, is extracted next to DEST, its TOP directory checked with CHECK and moved to DEST.
lay_out() {
  local check=$1 top=$2 source=$3 dest=$4 problem
  if [[ -d "$source" ]]; then
    problem=$("$check" "$source") || die "$problem"
    link_dir "$source" "$dest"
  else
    tar_top_dir "$source" "$top"
    new_temp_dir "$(dirname -- "$dest")"
    log "extracting $source"
    tar -xzf "$source" -C "$TEMP_DIR"
    problem=$("$check" "$TEMP_DIR/$top") || die "$source: extracted, but $problem"
    install_dir "$TEMP_DIR/$top" "$dest"
  fi
}

# require_value OPTION ARGC: dies unless an option that takes a value has one.
require_value() { [[ $2 -ge 2 ]] || die "$1 needs a value (see --help)"; }

# A WordNet id (ImageNet class folder name); spelled out because mawk has no {8}.
WNID_RE='^n[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$'

# check_wnid_classes DIR: prints the first problem with a folder of wnid class folders holding images (.jpg, .jpeg,
# .png, any case) and fails; silent when usable. Two listings, however many classes (fast on 1000 classes).
check_wnid_classes() {
  local dir=$1 classes bad with_images empty
  [[ -d "$dir" ]] || { echo "$dir: missing"; return 1; }
  classes=$(find -L "$dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' | sort)
  [[ -n "$classes" ]] || { echo "$dir: expected one folder per wnid, found none"; return 1; }
  bad=$(grep -v -m1 -e "$WNID_RE" <<<"$classes" || true)
  [[ -z "$bad" ]] || { echo "$dir/$bad: expected only wnid folders (n########)"; return 1; }
  with_images=$(find -L "$dir" -mindepth 2 -maxdepth 2 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o \
    -iname '*.png' \) -printf '%h\n' | sed 's|.*/||' | sort -u)
  empty=$(comm -23 <(printf '%s\n' "$classes") <(printf '%s\n' "$with_images") | head -n 1)
  [[ -z "$empty" ]] || { echo "$dir/$empty: expected images (.jpg, .jpeg, .png), found none"; return 1; }
}

# describe_classes DIR: logs the number of class folders and images of DIR.
describe_classes() {
  local classes images
  classes=$(find -L "$1" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)
  images=$(find -L "$1" -mindepth 2 -maxdepth 2 -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' \) |
    wc -l)
  log "$1: $classes classes, $images images"
}
