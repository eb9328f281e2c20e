"""Logging to a rotating file in the log folder. Never log journal text or passphrases."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "casebook.log"
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
