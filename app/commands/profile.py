"""`casebook profile create|list|passwd|recover|delete`, and the passphrase helpers the other
journal commands share. Secrets come from environment variables or a hidden prompt, never
from an argument (arguments show up in process lists and shell history)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

from app.config import Paths
from app.errors import CasebookError, UsageError
from app.models.content import ROLES
from app.services.profiles import PREFS_DAMAGED, ProfileService, Unlocked
from app.services.session import UnlockedSession

PASSPHRASE_ENV = "CASEBOOK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEBOOK_NEW_PASSPHRASE"
RECOVERY_ENV = "CASEBOOK_RECOVERY_CODE"


def can_prompt() -> bool:
    """Is there a terminal to type a hidden passphrase into?"""
    if sys.platform == "win32":
        return sys.stdin.isatty()
    try:
        with open("/dev/tty"):
            return True
    except OSError:
        return sys.stdin.isatty()


def read_secret(env: str, prompt: str, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not can_prompt():
        raise CasebookError(f"Set {env}, or run this in a terminal to type it.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != value:
        raise CasebookError("The two entries did not match. Please try again.")
    if not value:
        raise CasebookError("Nothing was typed. Please try again.")
    return value


def pdf_password(var: str | None) -> str | None:
    """The password held in environment variable `var` (`--password-env VAR`), or None."""
    if not var:
        return None
    value = os.environ.get(var)
    if not value:
        raise CasebookError(f"{var} is not set or is empty. Set it to the PDF's password first.")
    return value


def unlock_by_name(paths: Paths, name: str) -> Unlocked:
    service = ProfileService(paths)
    profile = service.find(name)
    passphrase = read_secret(PASSPHRASE_ENV, f"Passphrase for {profile.name}: ")
    unlocked = service.unlock(profile.id, passphrase)
    if unlocked.prefs_damaged:
        print(f"casebook: {PREFS_DAMAGED}", file=sys.stderr)
    if service.recovery_below_policy(profile.id):
        print(
            f"casebook: the recovery code of '{profile.name}' was made under an older, weaker "
            "setting. `casebook profile new-code` gives a new one under today's.",
            file=sys.stderr,
        )
    return unlocked


def open_session(paths: Paths, name: str) -> UnlockedSession:
    """The profile's unlocked session for one command; use it in a `with` block (it locks)."""
    return UnlockedSession(unlock_by_name(paths, name))


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser("profile", help="create, list and look after profiles")
    sub = group.add_subparsers(dest="profile_command", metavar="ACTION", required=True)

    create = sub.add_parser(
        "create",
        help="make a new profile; prints its recovery code once",
        description=f"Make a profile. The passphrase comes from {PASSPHRASE_ENV} "
        "or a prompt. The recovery code is printed once: keep it safe.",
    )
    create.add_argument("--name", required=True, help="display name, such as your first name")
    create.add_argument("--role", required=True, choices=list(ROLES), help="your role")
    create.add_argument("--setting", default="", help="where you work, e.g. 'Ward 7' (optional)")
    create.add_argument("--json", action="store_true", help="machine-readable output")
    create.set_defaults(func=_create)

    listing = sub.add_parser("list", help="the profiles on this computer")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=_list)

    passwd = sub.add_parser(
        "passwd",
        help="change a profile's passphrase",
        description=f"Current passphrase from {PASSPHRASE_ENV}, new one from "
        f"{NEW_PASSPHRASE_ENV} (or prompts). No entry is re-encrypted.",
    )
    passwd.add_argument("--name", required=True)
    passwd.add_argument(
        "--seen",
        action="store_true",
        help="I think my passphrase was seen: also replace the data key and the recovery code "
        "(every entry is re-sealed; prints the new recovery code)",
    )
    passwd.set_defaults(func=_passwd)

    recover = sub.add_parser(
        "recover",
        help="set a new passphrase with the recovery code",
        description=f"Recovery code from {RECOVERY_ENV}, new passphrase from "
        f"{NEW_PASSPHRASE_ENV} (or prompts). Prints a new recovery code. The data key is "
        "replaced too (every entry re-sealed), so the old passphrase opens nothing.",
    )
    recover.add_argument("--name", required=True)
    recover.add_argument(
        "--keep-key",
        action="store_true",
        help="only re-wrap the key (faster; the old passphrase with an old copy of the "
        "database still opens the journal)",
    )
    recover.set_defaults(func=_recover)

    new_code = sub.add_parser(
        "new-code",
        help="replace the recovery code with a new one (the old one stops working)",
        description=f"Needs the profile's passphrase ({PASSPHRASE_ENV} or a prompt). Prints "
        "the new recovery code once.",
    )
    new_code.add_argument("--name", required=True)
    new_code.set_defaults(func=_new_code)

    delete = sub.add_parser(
        "delete",
        help="erase a profile and its whole journal",
        description=f"Needs the profile's passphrase ({PASSPHRASE_ENV} or a "
        "prompt) and --yes. This cannot be undone.",
    )
    delete.add_argument("--name", required=True)
    delete.add_argument("--yes", action="store_true", help="confirm: erase it for good")
    delete.set_defaults(func=_delete)


def _new_passphrase(service: ProfileService, name: str) -> str:
    value = read_secret(NEW_PASSPHRASE_ENV, "New passphrase: ", confirm=True)
    problem = service.passphrase_problem(value, name)
    if problem:
        raise CasebookError(problem)
    return value


def _print_code(code: str) -> None:
    print(
        "Your recovery code is below. It is shown only this once: write it down or print it, "
        "and keep it away from this computer.",
        file=sys.stderr,
    )
    print(code)


def _create(args: argparse.Namespace, paths: Paths) -> int:
    service = ProfileService(paths)
    passphrase = read_secret(PASSPHRASE_ENV, "Choose a passphrase: ", confirm=True)
    info, code = service.create(args.name, args.role, args.setting, passphrase)
    if args.json:
        print(json.dumps({**info.as_dict(), "recovery_code": code}))
        return 0
    print(f"Profile '{info.name}' is ready.", file=sys.stderr)
    _print_code(code)
    return 0


def _list(args: argparse.Namespace, paths: Paths) -> int:
    profiles = ProfileService(paths).list_profiles()
    if args.json:
        print(json.dumps([p.as_dict() for p in profiles], ensure_ascii=False))
        return 0
    if not profiles:
        print("No profiles yet. Make one with `casebook profile create`.")
    for p in profiles:
        print(f"{p.name}\t{p.role_label}{'  (demo)' if p.demo else ''}")
    return 0


def _progress_line(done: int, total: int) -> None:
    """Re-sealing progress on stderr, on one line when it is a terminal."""
    if sys.stderr.isatty():
        print(f"\rRe-sealing {done} of {total}…", end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)


def _passwd(args: argparse.Namespace, paths: Paths) -> int:
    service = ProfileService(paths)
    unlocked = unlock_by_name(paths, args.name)
    try:
        code = service.change_passphrase(
            unlocked,
            _new_passphrase(service, unlocked.profile.name),
            rotate=args.seen,
            progress=_progress_line,
        )
    finally:
        unlocked.lock()
    print(f"The passphrase of '{unlocked.profile.name}' is changed.", file=sys.stderr)
    if code:
        print(
            "Every entry was re-sealed under a new key: the old passphrase, the old recovery "
            "code and older backups open nothing written from now on.",
            file=sys.stderr,
        )
        _print_code(code)
    return 0


def _recover(args: argparse.Namespace, paths: Paths) -> int:
    service = ProfileService(paths)
    profile = service.find(args.name)
    code = read_secret(RECOVERY_ENV, f"Recovery code for {profile.name}: ")
    new = _new_passphrase(service, profile.name)
    next_code = service.recover(
        profile.id, code, new, rotate=not args.keep_key, progress=_progress_line
    )
    print(
        f"The passphrase of '{profile.name}' is reset. The old recovery code no longer works.",
        file=sys.stderr,
    )
    _print_code(next_code)
    return 0


def _new_code(args: argparse.Namespace, paths: Paths) -> int:
    unlocked = unlock_by_name(paths, args.name)
    try:
        code = ProfileService(paths).renew_recovery_code(unlocked)
    finally:
        unlocked.lock()
    print(
        f"'{unlocked.profile.name}' has a new recovery code; the old one no longer works.",
        file=sys.stderr,
    )
    _print_code(code)
    return 0


def _delete(args: argparse.Namespace, paths: Paths) -> int:
    service = ProfileService(paths)
    profile = service.find(args.name)
    if not args.yes:
        raise UsageError(
            f"This erases '{profile.name}' and its whole journal for good. Add --yes to confirm."
        )
    unlocked = unlock_by_name(paths, profile.id)
    unlocked.lock()
    service.delete(profile.id)
    print(f"Profile '{profile.name}' and its journal are erased.", file=sys.stderr)
    return 0
