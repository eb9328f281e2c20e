"""What the app does with a restore plan it will not apply: forget its key.

A `RestorePlan` (app/services/backup.py) holds the backup's data key so that applying it needs
no second passphrase. The app's restore dialog drops a plan when the file or passphrase changes
or the dialog closes; the key is overwritten then rather than left to the garbage collector.
"""

from __future__ import annotations

from app.models import crypto
from app.services.backup import RestorePlan


def forget_plan(plan: RestorePlan) -> None:
    crypto.wipe(plan.key)
