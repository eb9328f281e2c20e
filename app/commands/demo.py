"""`casebook demo [--remove] [--json]`: add (or remove) the demo profile and its sample journal."""

from __future__ import annotations

import argparse
import json

from app.config import Paths
from app.services.demo import DEMO_PASSPHRASE, DemoService


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = subparsers.add_parser(
        "demo",
        help="add a demo profile with sample reflections (or remove it)",
        description="Add a clearly marked demo profile, a ward nurse called Sam, with a handful "
        "of invented reflections from the last few months, so you can see a lived-in journal. "
        "Its passphrase is printed: it is not private. Remove it again with --remove.",
    )
    demo.add_argument("--remove", action="store_true", help="delete the demo profile")
    demo.add_argument("--json", action="store_true", help="machine-readable output")
    demo.set_defaults(func=_demo)


def _demo(args: argparse.Namespace, paths: Paths) -> int:
    service = DemoService(paths.ensure())
    if args.remove:
        info = service.remove()
        if args.json:
            print(json.dumps({"removed": info.as_dict()}))
        else:
            print(f"Removed the demo profile '{info.name}' and its journal.")
        return 0
    info, count = service.create()
    if args.json:
        print(
            json.dumps({"profile": info.as_dict(), "passphrase": DEMO_PASSPHRASE, "entries": count})
        )
    else:
        print(f"Added the demo profile '{info.name}' with {count} sample reflections.")
        print(f"Its passphrase is: {DEMO_PASSPHRASE}")
        print("This profile is for trying Casebook out. Remove it with: casebook demo --remove")
    return 0
