"""The packaged app's windowed program (Windows and macOS): opens the app with no console
window, as the `casebook-app` GUI script of the wheel does."""

import sys

from app.main import main

if __name__ == "__main__":
    sys.exit(main())
