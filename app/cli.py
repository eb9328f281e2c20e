"""Command line: `casebook` opens the app; subcommands do headless work.

Each command group lives in its own module under `app/commands/` and exposes
`register(subparsers)`; a subcommand sets `func(args, paths) -> int` as its handler.
Exit codes: 0 success, 1 a problem the person can act on (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.config import Paths
from app.errors import CasebookError, UsageError
from app.logs import CLI_LOG, setup_logging

# Order is the order shown in `casebook --help`.
COMMAND_MODULES = (
    "content",
    "prompts",
    "profile",
    "journal",
    "backup",
    "export",
    "cpd",
    "portfolio",
    "evidence",
    "doctor",
    "demo",
    "screenshots",
)

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with one short line (its default is also 2)."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casebook", description="Offline reflective practice. With no command, opens the app."
    )
    parser.add_argument(
        "--home",
        metavar="DIR",
        help="data folder (default: CASEBOOK_HOME or your user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"casebook {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"app.commands.{name}").register(sub)
    return parser


def _gui_home(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, home) when the command line only opens the app (nothing or just --home)."""
    gui = argparse.ArgumentParser(prog="casebook", add_help=False)
    gui.add_argument("--home")
    known, rest = gui.parse_known_args(argv)
    return not rest, known.home


def _log_to_file(paths: Paths) -> None:
    """Commands log to their own file beside the app's, so warnings never mix with their
    output and the app's log can roll over while a command runs (Windows)."""
    try:
        setup_logging(paths.log_dir, file_name=CLI_LOG)
    except OSError:
        # A read-only or full data folder: the command itself will say so in one line.
        logging.getLogger().addHandler(logging.NullHandler())


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    opens_app, home = _gui_home(argv)
    if opens_app:
        # Opening the app skips building every command group's parser: that would import
        # the PDF, database and crypto stacks before the window shows (start-up time).
        from app.main import run_gui

        return run_gui(home=home)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        from app.main import run_gui

        return run_gui(home=args.home)
    if not hasattr(args, "func"):
        parser.parse_args([args.command, "--help"])
        return 2
    paths = Paths.resolve(args.home)
    _log_to_file(paths)
    try:
        if args.command != "doctor":  # doctor reports a broken policy among its findings
            paths.check_policy()
        return int(args.func(args, paths) or 0)
    except UsageError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 2
    except CasebookError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("casebook: stopped.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`casebook prompts show --json | head`): end quietly, as
        # command-line tools do. Later writes at exit go nowhere instead of raising again.
        _quiet_stdout()
        return 0
    except OSError as exc:
        # A full disk, a read-only folder, a missing file: say which, no traceback.
        where = f" ({exc.filename})" if exc.filename else ""
        print(
            f"casebook: could not read or write a file{where}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # no real stdout to redirect (tests capture it): nothing more will be written
