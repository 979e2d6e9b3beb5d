#!/usr/bin/env bash
# Installs what nsn needs on a fresh Debian/Ubuntu machine (JDK 17 and Maven when missing), builds the fat jar
# lib/target/nsn.jar, and lays out the default data (Fashion-MNIST; CIFAR-10 when a local copy is found).
# Idempotent: a second run only rebuilds what changed. Used by quickstart.sh and test.sh.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

need_apt=()
command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
if (( ${#need_apt[@]} )); then
  echo "setup: installing ${need_apt[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need_apt[@]}"
fi

if [[ "${NSN_SKIP_BUILD:-}" != 1 ]]; then
  echo "setup: building lib/target/nsn.jar" >&2
  mvn -B -q -DskipTests package
fi

bash data-scripts/fashion-mnist.sh
if [[ -f ../shared/data/cifar10-jpeg.tar.gz || -d data/cifar10 ]]; then
  bash data-scripts/cifar10.sh
fi
