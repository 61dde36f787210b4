#!/usr/bin/env bash
# Kantor quick start: `bash tools/quickstart.sh demo` opens the app on a demo
# branch database; `bash tools/quickstart.sh test` runs the whole test suite
# and prints the line coverage of kantor_app (add --no-cov to skip measuring).
# Installs what is missing first: uv (Python packages) and, on Debian/Ubuntu,
# the system libraries Qt needs.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_DEBS=(libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3
         libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0)

install_system_libs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "${QT_DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "Memasang pustaka sistem untuk Qt: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_uv() {
  command -v uv >/dev/null 2>&1 && return 0
  echo "Memasang uv (pengelola paket Python)…"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
}

install_system_libs
install_uv

# Byte-compiled once, Python starts in a third of the time: it matters for the
# window and for the tests' many child processes, and where PYTHONDONTWRITEBYTECODE
# is set nothing would ever be compiled otherwise.
prepare() {
  uv sync --frozen --compile-bytecode --quiet
  uv run --frozen python -m compileall -q kantor_app tests >/dev/null
}

case "${1:-demo}" in
  demo) prepare; exec uv run --frozen kantor-app --demo ;;
  test)
    shift || true
    prepare
    # Python 3.12+ can measure through sys.monitoring, at a fraction of the cost.
    if uv run python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
      export COVERAGE_CORE="${COVERAGE_CORE:-sysmon}"
    fi
    # The data file goes to a folder git already ignores.
    mkdir -p .pytest_cache
    export COVERAGE_FILE="${COVERAGE_FILE:-.pytest_cache/coverage}"
    # One worker per core (pytest-xdist); "-n 0" runs in this process.
    exec uv run --frozen pytest -n auto --cov=kantor_app --cov-report=term:skip-covered "$@" ;;
  *) echo "pakai: bash tools/quickstart.sh demo|test" >&2; exit 2 ;;
esac
