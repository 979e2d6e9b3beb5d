#!/usr/bin/env bash
# Installs the "Java (nsn)" kernel spec for Jupyter: kernelspec/nsn/kernel.json with the absolute paths of java, the
# nsn jar (lib/target/nsn.jar) and this checkout filled in, via `jupyter kernelspec install`.
#
#   kernelspec/install.sh                 # for this user (the default; same as --user)
#   kernelspec/install.sh --sys-prefix    # into the Python environment of `jupyter` (a venv, conda env)
#   kernelspec/install.sh --prefix .venv  # into PREFIX/share/jupyter/kernels (bin/setup.sh does this)
#
# Options: --name NAME (kernel name, default nsn), --heap SIZE (JVM -Xmx, default 8g), --jar PATH (another nsn.jar).
# Environment: JUPYTER (the jupyter command, default `jupyter`; e.g. ".venv/bin/python -m jupyter"), JAVA (the java
# to run the kernel with, default `java` on PATH). The jar need not be built yet; the kernel starts once it is.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

where=(--user)
name=nsn
heap=8g
jar="$ROOT/lib/target/nsn.jar"
while (( $# )); do
  case "$1" in
    --user) where=(--user); shift ;;
    --sys-prefix) where=(--sys-prefix); shift ;;
    --prefix) [[ $# -ge 2 ]] || { echo "install.sh: --prefix needs a path" >&2; exit 2; }
              where=(--prefix "$(mkdir -p "$2" && cd "$2" && pwd)"); shift 2 ;;
    --name) name=${2:?--name needs a value}; shift 2 ;;
    --heap) heap=${2:?--heap needs a size such as 8g}; shift 2 ;;
    --jar) jar=$(cd "$(dirname "${2:?--jar needs a path}")" && pwd)/$(basename "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "install.sh: bad kernel name '$name'" >&2; exit 2; }
[[ "$heap" =~ ^[0-9]+[kKmMgG]?$ ]] || { echo "install.sh: bad heap size '$heap'" >&2; exit 2; }

java_cmd=${JAVA:-$(command -v java || true)}
[[ -n "$java_cmd" ]] || { echo "install.sh: no java on PATH (install JDK 17, or set JAVA=/path/to/java)" >&2; exit 1; }
read -r -a jupyter <<< "${JUPYTER:-jupyter}"
command -v "${jupyter[0]}" >/dev/null 2>&1 || {
  echo "install.sh: '${jupyter[0]}' not found; run bin/setup.sh (installs Jupyter into .venv) or set JUPYTER" >&2
  exit 1
}
[[ -f "$jar" ]] || echo "install.sh: note: $jar is not built yet (mvn -DskipTests package builds it)" >&2

# JSON-escape a value and make it safe as a sed replacement.
escape() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/[&|]/\\&/g'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/$name"
cp "$ROOT/kernelspec/nsn/"* "$tmp/$name/"
sed -e "s|@JAVA@|$(escape "$java_cmd")|" \
    -e "s|@NSN_JAR@|$(escape "$jar")|" \
    -e "s|@NSN_HOME@|$(escape "$ROOT")|" \
    -e "s|\"-Xmx[0-9]*[kKmMgG]\\{0,1\\}\"|\"-Xmx$heap\"|" \
    "$ROOT/kernelspec/nsn/kernel.json" > "$tmp/$name/kernel.json"
"${jupyter[@]}" kernelspec install --replace --name "$name" "${where[@]}" "$tmp/$name" >&2
echo "install.sh: kernel '$name' (Java (nsn)) runs $jar" >&2
