"""PyInstaller runtime hook: programs Casebook starts get the computer's own library path.

On Linux the bootloader puts the packaged folder first in LD_LIBRARY_PATH (keeping the old
value in LD_LIBRARY_PATH_ORIG) so that the libraries inside are found. The dynamic linker
reads that once, at start, so this process keeps finding them after the variable is put
back; but a program started from here (the file manager that shows an exported PDF)
would otherwise load our copies of its libraries instead of its own.
"""

import os

_original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
if _original is not None:
    os.environ["LD_LIBRARY_PATH"] = _original
else:
    os.environ.pop("LD_LIBRARY_PATH", None)
