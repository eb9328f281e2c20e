"""`casebook screenshots --out DIR [--only NAME]`: each main screen, with demo data, to PNG."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from app.config import Paths


def register(subparsers: argparse._SubParsersAction) -> None:
    shots = subparsers.add_parser(
        "screenshots",
        help="render each main screen with demo data to PNG files",
        description="Render each main screen with demo data, offscreen, to PNG files (this is how "
        "docs/screenshots is made). Your own data is never used: a fresh demo folder is.",
    )
    shots.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    shots.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="only screens whose module name contains NAME (repeatable)",
    )
    shots.set_defaults(func=_screenshots)


def _screenshots(args: argparse.Namespace, paths: Paths) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from app.screenshots.studio import take_all
    from app.ui.shared.theme import ensure_application

    ensure_application()
    out = Path(args.out).expanduser()
    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        demo = Paths(
            data_dir=Path(tmp),
            log_dir=Path(tmp) / "logs",
            cache_dir=Path(tmp) / "cache",
            resources=paths.resources,
        ).ensure()
        saved = take_all(demo, out, only=args.only)
    for path in saved:
        print(path)
    return 0
