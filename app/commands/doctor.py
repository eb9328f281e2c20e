"""`casebook doctor`: checks the policy, permissions, the database, the journals it can open,
content and libvlc."""

from __future__ import annotations

import argparse
import json
import os

from app.commands.profile import PASSPHRASE_ENV
from app.config import Paths
from app.services import doctor


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the policy, permissions, database, content and video playback",
        description="Check the machine policy, that the data and log folders are private, "
        "the database (integrity, schema version, journal mode: WAL on a local disk, a "
        f"rollback journal on a network drive), every entry of the profiles {PASSPHRASE_ENV} "
        "opens, the content folders and libvlc. Exits 1 when anything needs attention, with "
        "one line per finding.",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable findings")
    parser.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace, paths: Paths) -> int:
    findings = doctor.run(paths, os.environ.get(PASSPHRASE_ENV) or None)
    if args.json:
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False))
    else:
        for f in findings:
            print(f"{'ok' if f.ok else 'PROBLEM'}  {f.area}: {f.message}")
    return 0 if all(f.ok for f in findings) else 1
