"""`casebook content pack|keygen|install|packs|remove|rollback|sync`: content packs from the shell.

These are actions of the `content` group; app/commands/content.py calls `add_actions` with its
subparsers. Every action calls app/services/packs.py, the same code the app runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.commands.profile import read_secret
from app.config import PACKS_ENV, Paths
from app.models import pack as packfmt
from app.services import packs

KEY_PASSPHRASE_ENV = "CASEBOOK_KEY_PASSPHRASE"


def add_actions(sub: argparse._SubParsersAction) -> None:
    make = sub.add_parser(
        "pack",
        help="make a content pack from a folder",
        description="Pack the scenarios, captions, prompt packs and session plans of DIR (its "
        "videos/, prompts/ and sessions/ folders) into one file, with a manifest giving the "
        "SHA-256 of every file. Id, title, version and publisher come from "
        f"DIR/{packfmt.SOURCE_NAME} or the options below. The content must pass "
        "`casebook content check` first.",
    )
    make.add_argument("folder", metavar="DIR", type=Path, help="the content folder to pack")
    make.add_argument("--out", required=True, type=Path, metavar="NAME.casebook")
    make.add_argument("--id", dest="pack_id", help='pack id, like "northshire-ward"')
    make.add_argument("--title")
    make.add_argument("--version", dest="pack_version", help='like "1.2"')
    make.add_argument("--publisher", help="the organisation or team publishing it")
    make.add_argument("--min-casebook", metavar="VERSION", help="oldest Casebook it works with")
    make.add_argument(
        "--sign",
        type=Path,
        metavar="KEYFILE",
        help=f"sign with this private key (its passphrase from {KEY_PASSPHRASE_ENV} or a prompt)",
    )
    make.set_defaults(func=_pack)

    keygen = sub.add_parser(
        "keygen",
        help="make a key pair for signing packs",
        description="Make an Ed25519 key pair: KEYFILE holds the private key, protected by a "
        f"passphrase (from {KEY_PASSPHRASE_ENV} or a prompt); KEYFILE.pub holds the public key, "
        "the line each PC lists under trusted_publisher_keys in its settings.",
    )
    keygen.add_argument("--out", required=True, type=Path, metavar="KEYFILE")
    keygen.add_argument("--publisher", default="", help="a name written beside the public key")
    keygen.set_defaults(func=_keygen)

    inst = sub.add_parser(
        "install",
        help="install a content pack",
        description="Verify a content pack (every file's SHA-256; the signature when this PC "
        "lists trusted publisher keys) and install it into the content folder. A refused pack "
        "changes nothing.",
    )
    inst.add_argument("file", type=Path, metavar="FILE")
    inst.add_argument(
        "--allow-downgrade", action="store_true", help="install even when older than installed"
    )
    inst.add_argument("--json", action="store_true", help="machine-readable output")
    inst.set_defaults(func=_install)

    listing = sub.add_parser("packs", help="list installed content packs")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=_list)

    rm = sub.add_parser("remove", help="remove an installed content pack")
    rm.add_argument("pack_id", metavar="PACK_ID")
    rm.set_defaults(func=_remove)

    back = sub.add_parser(
        "rollback", help="go back to the version of a pack that the last install replaced"
    )
    back.add_argument("pack_id", metavar="PACK_ID")
    back.set_defaults(func=_rollback)

    sync = sub.add_parser(
        "sync",
        help="install new packs from the shared folder",
        description=f"Install the new or newer packs of the shared folder ({PACKS_ENV} or the "
        "packs_folder setting, or DIR), as the app does at start.",
    )
    sync.add_argument("folder", nargs="?", type=Path, metavar="DIR")
    sync.set_defaults(func=_sync)


def _clip_probe():
    """libvlc's clip probe, as `content check` uses; None (and a note) when VLC is missing."""
    from app.media import probe as clip_probe  # loads libvlc: only for these commands
    from app.media.vlc_loader import VlcMissing

    try:
        clip_probe.load_vlc()
    except VlcMissing as exc:
        print(f"casebook: clips were not opened. {exc}", file=sys.stderr)
        return None
    return clip_probe.probe


def _pack(args: argparse.Namespace, paths: Paths) -> int:
    key = None
    if args.sign:
        passphrase = read_secret(KEY_PASSPHRASE_ENV, f"Passphrase of {args.sign.name}: ")
        key = packs.read_signing_key(args.sign, passphrase)
    manifest = packs.make_pack(
        args.folder,
        args.out,
        pack_id=args.pack_id,
        title=args.title,
        version=args.pack_version,
        publisher=args.publisher,
        min_casebook=args.min_casebook,
        signing_key=key,
        probe=_clip_probe(),
    )
    signed = " signed" if key else ""
    print(
        f"Made{signed} pack {args.out}: {manifest.id} {manifest.version}, "
        f"{len(manifest.files)} files, {manifest.total_bytes / 1024**2:.1f} MB."
    )
    return 0


def _keygen(args: argparse.Namespace, paths: Paths) -> int:
    passphrase = read_secret(
        KEY_PASSPHRASE_ENV, "Passphrase for the new signing key: ", confirm=True
    )
    public_file, text = packs.generate_keys(args.out, passphrase, args.publisher)
    print(f"Private key: {args.out} (keep it safe; it needs its passphrase)")
    print(f"Public key:  {public_file}")
    print(f"Fingerprint: {packfmt.fingerprint(text)}")
    print(f"Add this line to trusted_publisher_keys on each PC:\n{text}")
    return 0


def _install(args: argparse.Namespace, paths: Paths) -> int:
    result = packs.install(
        paths, args.file, allow_downgrade=args.allow_downgrade, probe=_clip_probe()
    )
    if args.json:
        print(json.dumps(result.as_json(), indent=2))
        return 0
    print(result.summary())
    for label, items in (
        ("new", result.new),
        ("changed", result.changed),
        ("removed", result.removed),
    ):
        for item in items:
            print(f"  {label}: {item}")
    if result.signer:
        print(f"  signed by {packfmt.fingerprint(result.signer)}")
    return 0


def _list(args: argparse.Namespace, paths: Paths) -> int:
    found = packs.installed(paths)
    if args.json:
        print(json.dumps([p.as_json() for p in found], indent=2, ensure_ascii=False))
        return 0
    if not found:
        print("No content packs are installed.")
        return 0
    for p in found:
        m = p.manifest
        signed = f", signed by {packfmt.fingerprint(p.signer)}" if p.signer else ", unsigned"
        back = f"; can go back to {p.previous_version}" if p.previous_version else ""
        print(f"{m.id}  {m.version}  {m.title}  ({m.publisher}{signed}){back}")
    return 0


def _remove(args: argparse.Namespace, paths: Paths) -> int:
    pack = packs.remove(paths, args.pack_id)
    print(f"Removed {pack.manifest.id} {pack.manifest.version}.")
    return 0


def _rollback(args: argparse.Namespace, paths: Paths) -> int:
    pack = packs.rollback(paths, args.pack_id)
    print(f"{pack.manifest.id} is back at version {pack.manifest.version}.")
    return 0


def _sync(args: argparse.Namespace, paths: Paths) -> int:
    # Unlike the app at start, say every refusal each time: IT runs this to see them.
    report = packs.sync_shared(paths, args.folder, probe=_clip_probe(), repeat=True)
    if report.folder is None:
        print(
            f"casebook: no shared pack folder is set ({PACKS_ENV} or the setting)", file=sys.stderr
        )
        return 1
    if not report.reachable:
        print(f"casebook: {report.summary()}", file=sys.stderr)
        return 1
    print(report.summary() or "Nothing new in the shared folder.")
    return 1 if report.refused else 0
