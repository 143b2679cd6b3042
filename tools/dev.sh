#!/usr/bin/env bash
# The README's two commands:
#   bash tools/dev.sh run    set up what is missing, then start the app
#   bash tools/dev.sh test   set up what is missing, check the code (ruff, mypy) and the
#                            catalog (catalog lint: an error fails the run, warnings are
#                            shown), then run the whole test suite (pytest's exit code is
#                            the result)
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
case "${1:-}" in
  run)
    shift
    app=(.venv/bin/python main.py "$@")
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
      # no desktop session, so no Secret Service: the data key and the platform login
      # need one (never a file). This demo run starts gnome-keyring on its own D-Bus
      # session with a fixed demo password; a hall PC unlocks its keyring at the
      # desktop login instead (README: "For hall IT").
      echo "dev: no D-Bus session; starting gnome-keyring for this run (demo keyring)" >&2
      app=(dbus-run-session -- sh -c 'printf %s "window-client-demo" |
        gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null
        exec "$@"' sh "${app[@]}")
    fi
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      echo "dev: no display here; starting the app on a virtual X display (xvfb-run)" >&2
      exec xvfb-run -a -s "-screen 0 1440x900x24" "${app[@]}"
    fi
    exec "${app[@]}"
    ;;
  test)
    shift
    export QT_QPA_PLATFORM=offscreen
    # checked code first (config in pyproject.toml): a finding fails the run
    .venv/bin/ruff check .
    .venv/bin/mypy
    # the catalog's configuration (items/, onethings/): an error fails the run
    .venv/bin/python -m window_client catalog lint
    # on every core (pytest-xdist; PYTEST_WORKERS=0 runs in this one process)
    exec .venv/bin/python -m pytest -q -n "${PYTEST_WORKERS:-auto}" "$@"
    ;;
  *)
    echo "usage: bash tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
