import sys

from window_client.cli import main

sys.exit(main())
