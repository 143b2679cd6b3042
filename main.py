"""Starts the window client from a checkout (``python main.py``, ``make run``); also
the script installer/window_client.spec freezes. The composition root is
window_client/app_main.py (the installed ``window-client`` runs the same ``main``)."""

import sys

from window_client.app_main import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
