#!/usr/bin/env bash
# Sets up everything `make run` and `make test` need on a fresh Debian machine with
# Python 3.11: Debian packages Qt needs at run time (when root and missing), a
# virtual environment in .venv and the project with its dev extras. Re-running is
# cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
# the OCR engine of the scan check, its models inside (the same pin: installer/build.py)
RAPIDOCR="rapidocr-onnxruntime==1.4.4"
APT_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0
  fonts-wqy-microhei xvfb poppler-utils
  binutils desktop-file-utils
  gnome-keyring dbus-daemon
  # SANE: python-sane (the `sane` extra) builds against libsane-dev; libsane1 carries
  # the `test` backend the scanner tests use, sane-utils scanimage for IT
  libsane-dev libsane1 libsane-common sane-utils gcc libc6-dev
  # the document camera: Qt Multimedia (PySide6-Addons, which bundles its own FFmpeg
  # libraries) links libpulse, so QtMultimedia fails to import without libpulse0;
  # ffmpeg makes the camera tests' video (tests/qt/test_camera.py)
  libpulse0 ffmpeg
  # printing through a real CUPS with a cups-pdf queue (tests/cups_server.py)
  cups-daemon cups-client cups-filters printer-driver-cups-pdf ghostscript
)

# python3-venv is not part of a minimal Debian
"$PYTHON" -c "import ensurepip, venv" 2>/dev/null || APT_PACKAGES+=(python3-venv)
# python-sane is built from source: the interpreter's headers (a Debian python3 needs
# python3-dev; a pyenv or python.org build ships them)
"$PYTHON" -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" 2>/dev/null || APT_PACKAGES+=(python3-dev)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: these Debian packages are missing (run as root, or install them): ${missing[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.stamp-install
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ tools/setup.sh -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  extras=dev,demo
  # python-sane builds against libsane-dev (above); Linux only
  case "$(uname -s)" in Linux) extras=$extras,sane ;; esac
  .venv/bin/python -m pip install -q -e ".[$extras]"
  # the OCR engine with its models (imaging/ocr.py); its own dependencies are the
  # project's (pyproject.toml says why it is installed without them)
  .venv/bin/python -m pip install -q --no-deps "$RAPIDOCR"
  touch "$stamp"
fi
