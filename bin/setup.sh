#!/usr/bin/env bash
# Installs what nsn needs on a fresh Debian/Ubuntu machine (JDK 17 and Maven when missing), builds the fat jar
# lib/target/nsn.jar, and lays out the default data (Fashion-MNIST; CIFAR-10 and the ImageNet sample images when a
# local copy is found), JupyterLab in .venv/ with the nsn kernel spec, and Chromium plus playwright-core for the
# JupyterLab UI test.
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

# Jupyter for notebooks/ and kernel-tests/: JupyterLab 4, nbclient and pytest in .venv/ (kernelspec/requirements.txt),
# and the "Java (nsn)" kernel spec installed into it. NSN_SKIP_JUPYTER=1 skips this. Packages come from this machine's
# local index when it has one (/opt/pypi), else from PyPI; Debian's packages are the fallback when pip cannot.
if [[ "${NSN_SKIP_JUPYTER:-}" != 1 ]]; then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$@"
  }
  PY=${NSN_PYTHON:-python3}
  if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "setup: installing python3-venv" >&2
    apt_install python3 python3-venv python3-pip || true
  fi
  # Charts are drawn headless with the JDK's font rendering, which needs fontconfig and a font.
  if ! command -v fc-list >/dev/null 2>&1 || [[ -z "$(fc-list 2>/dev/null | head -n 1)" ]]; then
    echo "setup: installing fontconfig and fonts-dejavu-core (for charts)" >&2
    apt_install fontconfig fonts-dejavu-core || echo "setup: warning: no fonts; charts may fail" >&2
  fi
  pip_index=()
  if [[ -d /opt/pypi/simple ]]; then
    pip_index=(--index-url file:///opt/pypi/simple)
    [[ -d /opt/pypi-more/simple ]] && pip_index+=(--extra-index-url file:///opt/pypi-more/simple)
    [[ -d /opt/wheels ]] && pip_index+=(--find-links /opt/wheels)
  fi
  req_sum=$(sha256sum kernelspec/requirements.txt | cut -d' ' -f1)
  if [[ ! -x .venv/bin/python || "$(cat .venv/.nsn-requirements 2>/dev/null)" != "$req_sum" ]]; then
    echo "setup: installing Jupyter into .venv (kernelspec/requirements.txt)" >&2
    if [[ -x .venv/bin/python ]] || "$PY" -m venv .venv; then
      if .venv/bin/python -m pip install -q --disable-pip-version-check "${pip_index[@]}" \
          -r kernelspec/requirements.txt; then
        echo "$req_sum" > .venv/.nsn-requirements
      else
        echo "setup: pip could not install kernelspec/requirements.txt; using Debian's Jupyter packages" >&2
        apt_install python3-nbclient python3-jupyter-client python3-nbformat python3-pytest jupyter-notebook \
          && rm -rf .venv && "$PY" -m venv --system-site-packages .venv
      fi
    fi
  fi
  JUPYTER="$ROOT/.venv/bin/python -m jupyter" bash kernelspec/install.sh --prefix "$ROOT/.venv" 2>&1 \
    | grep -v 'WARNING | Installing to' >&2 || true
  [[ -f .venv/share/jupyter/kernels/nsn/kernel.json ]] || { echo "setup: the nsn kernel spec is not installed" >&2; exit 1; }

  # The JupyterLab UI test (kernel-tests/test_jupyterlab_ui.py) drives JupyterLab in Debian's headless Chromium
  # with playwright-core, pinned in kernel-tests/ui/package-lock.json and installed into kernel-tests/ui/node_modules
  # (git-ignored; reinstalled only when the lock file changes). NSN_SKIP_UI=1 skips this.
  if [[ "${NSN_SKIP_UI:-}" != 1 ]]; then
    need_ui=()
    [[ -x /usr/bin/chromium ]] || need_ui+=(chromium)
    { command -v node && command -v npm; } >/dev/null 2>&1 || need_ui+=(nodejs npm)
    if (( ${#need_ui[@]} )); then
      echo "setup: installing ${need_ui[*]} (for the JupyterLab UI test)" >&2
      apt_install "${need_ui[@]}" || echo "setup: warning: could not install ${need_ui[*]}" >&2
    fi
    lock_sum=$(sha256sum kernel-tests/ui/package-lock.json | cut -d' ' -f1)
    if command -v npm >/dev/null 2>&1 \
        && [[ "$(cat kernel-tests/ui/node_modules/.nsn-lock 2>/dev/null)" != "$lock_sum" ]]; then
      echo "setup: installing playwright-core into kernel-tests/ui/node_modules" >&2
      if (cd kernel-tests/ui && npm ci --no-audit --no-fund --loglevel=error >&2); then
        echo "$lock_sum" > kernel-tests/ui/node_modules/.nsn-lock
      else
        echo "setup: warning: npm ci failed in kernel-tests/ui; the JupyterLab UI test will fail in CI" >&2
      fi
    fi
  fi
fi

bash data-scripts/fashion-mnist.sh
if [[ -f ../shared/data/cifar10-jpeg.tar.gz || -d data/cifar10 ]]; then
  bash data-scripts/cifar10.sh
fi
if [[ -d ../shared/data/imagenet100-samples || -e data/imagenet100-samples ]]; then
  bash data-scripts/imagenet-samples.sh
fi
