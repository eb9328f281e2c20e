"""`casebook backup --profile NAME --out FILE` and `casebook restore FILE [--yes]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands.profile import PASSPHRASE_ENV, read_secret, unlock_by_name
from app.config import Paths
from app.errors import CasebookError
from app.models import crypto
from app.services.backup import BackupService


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="save one profile's journal to one encrypted file",
        description="Write an encrypted backup of a profile. Its passphrase opens the backup on "
        "any computer.",
    )
    backup.add_argument("--profile", required=True, metavar="NAME")
    backup.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    backup.set_defaults(func=_backup)

    restore = subparsers.add_parser(
        "restore",
        help="bring a profile back from its backup file",
        description=f"Restore from a backup file (its passphrase from {PASSPHRASE_ENV} or a "
        "prompt). Newer work on this computer is never overwritten; when the profile is "
        "already here, Casebook says what it would change and asks first.",
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="go ahead without asking")
    restore.add_argument("--json", action="store_true", help="machine-readable summary")
    restore.set_defaults(func=_restore)


def _backup(args: argparse.Namespace, paths: Paths) -> int:
    unlocked = unlock_by_name(paths, args.profile)
    try:
        count = BackupService(paths).write(unlocked, Path(args.out))
    finally:
        unlocked.lock()
    # The result goes to stdout (a script may keep it); only prompts and problems use stderr.
    print(f"Saved {count} entries of '{unlocked.profile.name}' to {args.out}.")
    return 0


def _ask(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def _restore(args: argparse.Namespace, paths: Paths) -> int:
    service = BackupService(paths)
    header, _, _ = service.read_header(Path(args.file))
    passphrase = read_secret(PASSPHRASE_ENV, f"Passphrase of the backup of {header['name']}: ")
    plan = service.plan_restore(Path(args.file), passphrase)
    try:
        if plan.nothing_to_do:
            print(plan.describe())
            return 0
        if plan.needs_confirmation and not args.yes:
            print(plan.describe(), file=sys.stderr)
            if not _ask("Go ahead?"):
                raise CasebookError("Nothing was changed. Run again with --yes to go ahead.")
        service.apply(plan)
    finally:
        crypto.wipe(plan.key)
    if args.json:
        print(json.dumps(plan.summary(), ensure_ascii=False))
    else:
        print(
            f"Restored '{plan.restore_name}': {len(plan.add)} entries added, "
            f"{len(plan.replace)} updated, {len(plan.keep)} kept as they were."
        )
    return 0
