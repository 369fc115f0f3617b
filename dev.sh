#!/usr/bin/env bash
# SealDesk's two commands (see README):
#   bash dev.sh run    set everything up, provision the demo USB key, start the GUI
#   bash dev.sh test   set everything up, run lint, type check, import contracts and all tests
# Both are idempotent: a second run with nothing changed only checks and goes on.
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES=(
  python3-venv softhsm2 opensc pcscd vsmartcard-vpcd vsmartcard-vpicc python3-virtualsmartcard
  swig libpcsclite-dev poppler-utils qpdf libnss3-tools xvfb x11-utils xauth
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-noto-cjk
  libtasn1-doc shared-mime-info  # ship pdfTeX-made PDFs: third-party input for the tests
  faketime  # signs under a clock set back or forward (trust tests)
  postgresql  # the platform server's tests run a real PostgreSQL 15
)
UV_VERSION=0.13.9
VENV=.venv

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    echo "==> creating $VENV"
    python3 -m venv "$VENV"
  fi
  if [ ! -x "$VENV/bin/uv" ] || ! "$VENV/bin/uv" --version | grep -q "$UV_VERSION"; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
  fi
  # the lock holds uv itself, so syncing keeps it. --compile-bytecode: as pip or an installer
  # would leave it (uv writes none by default, and where PYTHONDONTWRITEBYTECODE is set Python
  # never does, so every command would compile its imports again: the window took twice as
  # long to show)
  "$VENV/bin/uv" pip sync -q --compile-bytecode --python "$VENV/bin/python" requirements.lock
  # strict editable: picks up new files only when re-run, which this does every time
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --no-deps \
    -e . --config-settings editable_mode=strict
  # bytecode for our package too (uv compiles site-packages above; the strict editable build
  # lives outside it); fresh files are skipped
  "$VENV/bin/python" -m compileall -q build/__editable__.* >/dev/null
}

run_app() {
  local demo_dir="${SEALDESK_DEMO_DIR:-$HOME/.local/share/sealdesk/demo}"
  "$VENV/bin/sealdesk" demo init --dir "$demo_dir"
  export SOFTHSM2_CONF="$demo_dir/softhsm2.conf"
  SEALDESK_PKCS11_MODULE="$("$VENV/bin/sealdesk" demo init --dir "$demo_dir" --json \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["environment"]["SEALDESK_PKCS11_MODULE"])')"
  export SEALDESK_PKCS11_MODULE
  # the embedded platform server (an SQLite file in the data folder) on 127.0.0.1:8470, the
  # window's default: it trusts the demo key's CA, so 平台 logs in with the demo key. It stops
  # with the window; one already listening there is used instead.
  mkdir -p out
  "$VENV/bin/sealdesk" server run --trust "$demo_dir/pki/root-ca.pem" >out/server.log 2>&1 &
  local server_pid=$!
  trap "kill $server_pid 2>/dev/null || true" EXIT
  echo "==> platform server: http://127.0.0.1:8470 (log: out/server.log)"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    if [ -n "${SEALDESK_STAY:-}" ]; then
      echo "==> no display: the window runs on a virtual screen (Xvfb) nobody can see;"
      echo "    its picture is in out/sealdesk.png. Stop it with Ctrl+C."
      xvfb-run -a -s "-screen 0 1280x800x24" "$VENV/bin/sealdesk" gui \
        --screenshot out/sealdesk.png "$@"
      return
    fi
    echo "==> no display: the window opens on a virtual screen (Xvfb), is saved to"
    echo "    out/sealdesk.png and closes. To keep it running there: SEALDESK_STAY=1 bash dev.sh run"
    xvfb-run -a -s "-screen 0 1280x800x24" "$VENV/bin/sealdesk" gui \
      --screenshot out/sealdesk.png --close-after-screenshot "$@"
    local rc=$?
    [ -f out/sealdesk.png ] && echo "==> saved out/sealdesk.png"
    return $rc
  fi
  "$VENV/bin/sealdesk" gui "$@"
}

run_tests() {
  echo "==> ruff"
  "$VENV/bin/ruff" check .
  "$VENV/bin/ruff" format --check .
  echo "==> mypy (ukey, signing)"
  "$VENV/bin/mypy"
  echo "==> import contracts"
  "$VENV/bin/lint-imports"
  echo "==> pytest"
  # one worker per core (pytest-xdist), a test file's tests on one worker: its fixtures are
  # started once; each worker has its own demo key, PostgreSQL and temporary folders
  QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -m pytest -n "${SEALDESK_TEST_WORKERS:-auto}" \
    --dist loadfile "$@"
}

case "${1:-}" in
  run) shift; setup; run_app "$@" ;;
  test) shift; setup; run_tests "$@" ;;
  setup) setup ;;
  *) echo "usage: bash dev.sh run|test [args]" >&2; exit 2 ;;
esac
