"""The packaged app's program: the same as the `casebook` command (with no command it opens
the app). PyInstaller freezes this file; the package itself is collected from `app/`."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
