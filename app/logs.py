"""Logging to a rotating file in the log folder. Never log journal text or passphrases."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    # Owner-only, whoever creates them first (the app or a command): logs name profiles.
    os.umask(0o077)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "casebook.log"
    with contextlib.suppress(OSError):
        os.chmod(log_dir, 0o700)
        if log_file.exists():
            os.chmod(log_file, 0o600)
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "casebook", False)]:
        root.removeHandler(old)
        old.close()
    handler.casebook = True  # ours: replaced, and closed, when logging is set up again
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
