"""Logging to a rotating file in the log folder. Never log journal text or passphrases.

One file per kind of process: the app writes casebook.log, commands write casebook-cli.log.
On Windows a log file cannot be renamed while another process has it open, so a shared file
could never roll over while the app and a command both ran. Should a rollover still fail (two
commands at once, antivirus reading the file), logging carries on in the same file and tries
again a minute later, instead of printing a "Logging error" on the console.
"""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
import time
from pathlib import Path

APP_LOG = "casebook.log"
CLI_LOG = "casebook-cli.log"
ROLLOVER_RETRY_SECONDS = 60.0


class _PatientRotatingHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose failed rollover is put off, not reported on every record."""

    casebook = True  # ours: replaced, and closed, when logging is set up again
    _retry_after = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if time.monotonic() < self._retry_after:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            # The file is held open elsewhere: keep appending to it and try later.
            self._retry_after = time.monotonic() + ROLLOVER_RETRY_SECONDS
            if self.stream is None:
                self.stream = self._open()


def setup_logging(log_dir: Path, level: int = logging.INFO, file_name: str = APP_LOG) -> Path:
    # Owner-only, whoever creates them first (the app or a command): logs name profiles.
    os.umask(0o077)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / file_name
    with contextlib.suppress(OSError):
        os.chmod(log_dir, 0o700)
        if log_file.exists():
            os.chmod(log_file, 0o600)
    handler = _PatientRotatingHandler(log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "casebook", False)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
