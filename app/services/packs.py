"""Content packs: make one from a content folder, install, list, remove and roll back, and
install new ones from a shared folder at start.

Installed packs live in `<content folder>/packs/<pack id>/`, each a content root of its own
(videos/, prompts/, sessions/) beside its `manifest.toml` and `install.json`; the version it
replaced waits in `packs/.previous/<pack id>/` for a rollback. An install unpacks into a fresh
`.incoming-*` folder beside them, checks everything there, and only then renames it into place,
so a refused or interrupted install leaves the installed content as it was.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import tomllib
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app import __version__
from app.config import Paths, Settings
from app.models import content
from app.models import pack as packfmt
from app.models.pack import (
    LIMITS,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    SOURCE_NAME,
    DowngradeRefused,
    Limits,
    Manifest,
    PackError,
    PackFile,
)
from app.platform.replace import replace_file
from app.services import library
from app.services.clip_check import ClipProbe

log = logging.getLogger(__name__)

INSTALL_RECORD = "install.json"
PREVIOUS = ".previous"
_INCOMING = ".incoming-"
_TRASH = ".trash-"
_CHUNK = 1024 * 1024
# Clips are already compressed: storing them as they are makes packing and installing faster.
_STORED_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".webm", ".mkv", ".ogv", ".png", ".jpg"})
_STALE_INCOMING_SECONDS = 3600
# One install, removal or rollback at a time on a PC (two windows starting together both look
# in the shared folder). A lock older than this was left by a crash or a power cut.
LOCK_NAME = ".install.lock"
LOCK_WAIT_SECONDS = 60.0
LOCK_STALE_SECONDS = 1800.0


@dataclass(frozen=True)
class InstalledPack:
    manifest: Manifest
    folder: Path
    installed_at: str
    source: str
    signer: str | None  # the publisher key that signed it, when signed
    previous_version: str | None

    def as_json(self) -> dict:
        m = self.manifest
        return {
            "id": m.id,
            "title": m.title,
            "version": m.version,
            "publisher": m.publisher,
            "files": len(m.files),
            "bytes": m.total_bytes,
            "installed_at": self.installed_at,
            "source": self.source,
            "signed_by": packfmt.fingerprint(self.signer) if self.signer else None,
            "previous_version": self.previous_version,
            "folder": str(self.folder),
        }


@dataclass
class InstallResult:
    manifest: Manifest
    status: str  # "installed", "updated", "downgraded", "unchanged"
    previous_version: str | None = None
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    signer: str | None = None

    def summary(self) -> str:
        m = self.manifest
        name = f'"{m.title}" ({m.id}) {m.version} from {m.publisher}'
        if self.status == "unchanged":
            return f"{name} is already installed; nothing changed."
        verb = {
            "installed": "Installed",
            "updated": f"Updated from {self.previous_version}:",
            "downgraded": f"Went back from {self.previous_version} to",
        }[self.status]
        return f"{verb} {name}."

    def as_json(self) -> dict:
        return {
            "id": self.manifest.id,
            "version": self.manifest.version,
            "status": self.status,
            "previous_version": self.previous_version,
            "new": self.new,
            "changed": self.changed,
            "removed": self.removed,
            "signed_by": packfmt.fingerprint(self.signer) if self.signer else None,
        }


# ------------------------------------------------------------------ keys


def generate_keys(out: Path, passphrase: str, publisher: str = "") -> tuple[Path, str]:
    """Write a passphrase-protected private key to `out` and its public key to `out.pub`.

    Returns the public key file and the key's text (the line trusted PCs list in their settings).
    """
    if len(passphrase) < 8:
        raise PackError("use a passphrase of at least 8 characters for the signing key")
    public_file = out.with_name(out.name + ".pub")
    for target in (out, public_file):
        if target.exists():
            raise PackError(
                f"{target} already exists; choose another name (keys are never replaced)"
            )
    key = packfmt.new_private_key()
    text = packfmt.public_key_text(key.public_key())
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(packfmt.private_key_pem(key, passphrase))
    line = f"{text} {publisher.strip()}".strip() + "\n"
    public_file.write_text(line, encoding="utf-8")
    return public_file, text


def read_signing_key(key_file: Path, passphrase: str) -> Ed25519PrivateKey:
    try:
        pem = key_file.read_bytes()
    except FileNotFoundError:
        raise PackError(f"the signing key {key_file} was not found") from None
    return packfmt.read_private_key(pem, passphrase)


# ------------------------------------------------------------------ making a pack


def _source_info(folder: Path) -> dict:
    source = folder / SOURCE_NAME
    if not source.is_file():
        return {}
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{source}: not readable TOML ({exc})") from None
    table = data.get(packfmt.MANIFEST_TABLE, {})
    if not isinstance(table, dict):
        raise PackError(f"{source}: start the file with [{packfmt.MANIFEST_TABLE}]")
    return table


def pack_files(folder: Path) -> list[tuple[str, Path]]:
    """(path in the pack, file) for everything a pack made from `folder` holds."""
    found: list[tuple[str, Path]] = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        parts = rel.split("/")
        if any(p.startswith(".") for p in parts) or parts[-1].lower() in packfmt.IGNORED_NAMES:
            continue
        if len(parts) == 1 and (rel == SOURCE_NAME or rel.endswith(packfmt.PACK_SUFFIX)):
            continue
        if len(parts) > 1 and parts[0] not in packfmt.CONTENT_FOLDERS:
            continue  # other folders are the lead's own working files
        if path.is_symlink():
            raise PackError(f'"{rel}" is a link; copy the real file into the folder instead')
        if path.is_dir():
            continue
        reason = packfmt.path_problem(rel) or packfmt.content_problem(rel)
        if reason:
            raise PackError(f"{reason}; remove or rename it, then pack again")
        found.append((rel, path))
    return found


def _hash_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def make_pack(
    folder: Path,
    out: Path,
    *,
    pack_id: str | None = None,
    title: str | None = None,
    version: str | None = None,
    publisher: str | None = None,
    min_casebook: str | None = None,
    signing_key: Ed25519PrivateKey | None = None,
    probe: ClipProbe | None = None,
) -> Manifest:
    """Pack the content of `folder` into `out` (written whole, then renamed into place).

    With `probe`, every clip is opened as `content check` does, before anything is packed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(f"{folder} is not a folder; give the content folder to pack")
    info = _source_info(folder)
    files = pack_files(folder)
    if not any(rel.endswith(".toml") for rel, _ in files):
        raise PackError(
            f"{folder} has no scenarios, prompt packs or session plans "
            "(videos/, prompts/ or sessions/ with .toml files)"
        )
    problems = content.errors(library.check([folder], probe=probe))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PackError(
            f"the content does not pass `casebook content check`: {problems[0]}{more}; "
            "fix it, then pack again"
        )
    entries = [PackFile(rel, *_hash_file(path)) for rel, path in files]
    manifest = packfmt.new_manifest(
        pack_id or info.get("id", ""),
        title or info.get("title", ""),
        version or str(info.get("version", "")),
        publisher or info.get("publisher", ""),
        min_casebook or str(info.get("min_casebook", __version__)),
        entries,
    )
    manifest_bytes = manifest.to_bytes()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".pack-", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            zf.writestr(MANIFEST_NAME, manifest_bytes, zipfile.ZIP_DEFLATED)
            if signing_key is not None:
                signature = packfmt.signature_bytes(manifest_bytes, signing_key)
                zf.writestr(SIGNATURE_NAME, signature, zipfile.ZIP_DEFLATED)
            for rel, path in files:
                stored = path.suffix.lower() in _STORED_SUFFIXES
                zf.write(path, rel, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
        replace_file(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


# ------------------------------------------------------------------ reading a pack


def _open_zip(pack_file: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(pack_file)
    except FileNotFoundError:
        raise PackError(f"{pack_file} was not found") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError):
        raise PackError(f"{pack_file.name} is damaged or not a Casebook content pack") from None


def _read_small(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise PackError(f"refused: the pack's {name} is far too large")
    with zf.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PackError(f"refused: the pack's {name} is far too large")
    return data


def read_manifest(zf: zipfile.ZipFile, limits: Limits = LIMITS) -> tuple[bytes, Manifest]:
    names = zf.namelist()
    if MANIFEST_NAME not in names:
        raise PackError("refused: this is not a Casebook content pack (it has no manifest.toml)")
    raw = _read_small(zf, MANIFEST_NAME, limits.max_manifest_bytes)
    return raw, packfmt.parse_manifest(raw)


def peek(pack_file: Path) -> Manifest:
    """The manifest of a pack file, without checking or unpacking anything else."""
    with _open_zip(Path(pack_file)) as zf:
        try:
            return read_manifest(zf)[1]
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise PackError(f"{Path(pack_file).name} is damaged") from None


def _check_members(zf: zipfile.ZipFile, manifest: Manifest, limits: Limits) -> None:
    """Every entry in the zip: a safe path, listed in the manifest, no bomb, nothing missing."""
    listed = manifest.by_path()
    if len(listed) > limits.max_files:
        raise PackError(f"refused: the pack holds more than {limits.max_files} files")
    if manifest.total_bytes > limits.max_total_bytes:
        raise PackError(
            f"refused: the pack would unpack to {manifest.total_bytes / 1024**3:.1f} GB, over "
            f"the limit of {limits.max_total_bytes / 1024**3:.1f} GB"
        )
    seen: set[str] = set()
    total = 0
    for info in zf.infolist():
        name = info.filename
        reason = packfmt.path_problem(name.rstrip("/") if info.is_dir() else name)
        if reason:
            raise PackError(f"refused: {reason}")
        if packfmt.is_symlink_mode(info.external_attr):
            raise PackError(f'refused: "{name}" is a symbolic link; a pack holds only real files')
        if info.flag_bits & 0x1:
            raise PackError(f'refused: "{name}" is encrypted inside the zip')
        if name.lower() in seen:
            raise PackError(f'refused: "{name}" appears twice in the pack')
        seen.add(name.lower())
        if info.is_dir() or name in (MANIFEST_NAME, SIGNATURE_NAME):
            continue
        entry = listed.get(name)
        if entry is None:
            raise PackError(f'refused: "{name}" is in the pack but not in its manifest')
        total += info.file_size
        if total > limits.max_total_bytes:
            raise PackError("refused: the pack unpacks to more than its size limit (a zip bomb?)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_exempt_bytes and ratio > limits.max_ratio:
            raise PackError(
                f'refused: "{name}" would grow {ratio:.0f} times when unpacked (a zip bomb?)'
            )
        if info.file_size != entry.size:
            raise PackError(
                f'refused: "{name}" was changed after the pack was made (its size does not '
                "match the manifest)"
            )
    for path in listed:
        if path.lower() not in seen:
            raise PackError(
                f'refused: "{path}" is listed in the manifest but missing from the pack'
            )


def _check_signature(zf: zipfile.ZipFile, manifest_bytes: bytes, trusted: list[str]) -> str | None:
    """The signer's key (verified), or None for an unsigned pack on a PC that allows them."""
    signer = None
    if SIGNATURE_NAME in zf.namelist():
        signer = packfmt.verify_signature(
            manifest_bytes, _read_small(zf, SIGNATURE_NAME, 64 * 1024)
        )
    if not trusted:
        return signer
    if signer is None:
        raise PackError(
            "refused: the pack is not signed, and this PC accepts only packs signed by a "
            "trusted publisher"
        )
    if signer not in trusted:
        raise PackError(
            f"refused: the pack is signed by an unknown key ({packfmt.fingerprint(signer)}); "
            "ask IT to add the publisher's key to the trusted keys if it is theirs"
        )
    return signer


def trusted_keys(paths: Paths) -> list[str]:
    out = []
    for n, text in enumerate(Settings.load(paths).trusted_publisher_keys, start=1):
        try:
            out.append(packfmt.normal_key_text(text))
        except PackError as exc:
            raise PackError(f"{paths.settings_file}: trusted key {n}: {exc}") from None
    return out


def _unpack(zf: zipfile.ZipFile, manifest: Manifest, staging: Path) -> None:
    """Write each file under `staging`, hashing as it goes; stops at the first difference."""
    root = staging.resolve()
    for entry in manifest.files:
        dest = (root / entry.path).resolve()
        if not dest.is_relative_to(root):
            raise PackError(f'refused: "{entry.path}" would be written outside the pack folder')
        dest.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        written = 0
        with zf.open(entry.path) as src, dest.open("xb") as out:
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > entry.size:  # the zip's own sizes lied: stop at once
                    raise PackError(
                        f'refused: "{entry.path}" unpacks to more than the manifest says '
                        "(a zip bomb, or a changed file)"
                    )
                digest.update(chunk)
                out.write(chunk)
        if written != entry.size or digest.hexdigest() != entry.sha256:
            raise PackError(
                f'refused: "{entry.path}" was changed after the pack was made (its SHA-256 '
                "does not match the manifest)"
            )


# ------------------------------------------------------------------ checks on unpacked content


def _scenario_tables(staging: Path) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted(staging.joinpath("videos").rglob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # content check reports it
        table = data.get("scenario")
        if isinstance(table, dict):
            out.append((path, table))
    return out


def _check_content(
    paths: Paths, manifest: Manifest, staging: Path, probe: ClipProbe | None
) -> None:
    root = staging.resolve()
    # A manifest may name its clip by a relative path: it must not reach out of the pack.
    for path, table in _scenario_tables(staging):
        for key in ("video", "captions"):
            value = table.get(key)
            if isinstance(value, str) and value:
                target = (path.parent / value).resolve()
                if not target.is_relative_to(root):
                    rel = path.relative_to(staging).as_posix()
                    raise PackError(
                        f'refused: {rel} names a {key} file outside the pack ("{value}")'
                    )
    # The checks of `content check`; with `probe`, every clip is opened with libvlc as well.
    problems = content.errors(library.check([staging], probe=probe))  # warnings: not refused
    if problems:
        first = str(problems[0]).replace(str(staging), manifest.id)
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise PackError(f"refused: the pack's content does not pass content check: {first}{more}")
    ours = {t.get("id"): p for p, t in _scenario_tables(staging) if isinstance(t.get("id"), str)}
    if ours:
        current = (paths.installed_packs_dir / manifest.id).resolve()
        others = [
            r
            for r in paths.content_roots()
            if r.resolve() != current and not r.resolve().is_relative_to(root)
        ]
        for scenario in library.load_library(others).scenarios:
            if scenario.id in ours:
                raise PackError(
                    f'refused: the scenario id "{scenario.id}" is already used by '
                    f"{scenario.manifest}; give the pack's scenario its own id"
                )


# ------------------------------------------------------------------ installed packs


def _read_installed(folder: Path, previous: Path | None = None) -> InstalledPack | None:
    try:
        manifest = packfmt.parse_manifest((folder / MANIFEST_NAME).read_bytes())
        record = json.loads((folder / INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError, PackError) as exc:
        log.warning("installed pack %s is unreadable: %s", folder.name, exc)
        return None
    previous_version = None
    if previous is not None and (previous / MANIFEST_NAME).is_file():
        try:
            previous_version = packfmt.parse_manifest(
                (previous / MANIFEST_NAME).read_bytes()
            ).version
        except (OSError, PackError):
            previous_version = None
    return InstalledPack(
        manifest=manifest,
        folder=folder,
        installed_at=str(record.get("installed_at", "")),
        source=str(record.get("source", "")),
        signer=record.get("signer"),
        previous_version=previous_version,
    )


def _tidy(packs_root: Path) -> None:
    """Clear what an interrupted install or removal left behind (never installed content)."""
    if not packs_root.is_dir():
        return
    now = time.time()
    for path in packs_root.iterdir():
        stale = path.name.startswith(_TRASH) or (
            path.name.startswith(_INCOMING) and now - path.stat().st_mtime > _STALE_INCOMING_SECONDS
        )
        if stale:
            shutil.rmtree(path, ignore_errors=True)


def installed(paths: Paths) -> list[InstalledPack]:
    """The installed packs, by id."""
    root = paths.installed_packs_dir
    if not root.is_dir():
        return []
    _tidy(root)
    out = []
    for folder in sorted(root.iterdir()):
        if folder.is_dir() and not folder.name.startswith("."):
            pack = _read_installed(folder, root / PREVIOUS / folder.name)
            if pack is not None:
                out.append(pack)
    return out


def get_installed(paths: Paths, pack_id: str) -> InstalledPack | None:
    root = paths.installed_packs_dir
    folder = root / pack_id
    if not packfmt.path_problem(pack_id) and folder.is_dir():
        return _read_installed(folder, root / PREVIOUS / pack_id)
    return None


def _diff(old: Manifest | None, new: Manifest) -> tuple[list[str], list[str], list[str]]:
    before = old.by_path() if old else {}
    after = new.by_path()
    added = [p for p in after if p not in before]
    changed = [p for p in after if p in before and before[p].sha256 != after[p].sha256]
    removed = [p for p in before if p not in after]
    return added, changed, removed


def _check_publisher(current: InstalledPack | None, manifest: Manifest, signer: str | None) -> None:
    if current is None:
        return
    if current.manifest.publisher != manifest.publisher:
        raise PackError(
            f'refused: the pack id "{manifest.id}" is already used by '
            f"{current.manifest.publisher}'s pack; this one is from {manifest.publisher}"
        )
    if current.signer and signer != current.signer:
        known = packfmt.fingerprint(current.signer)
        raise PackError(
            f'refused: "{manifest.id}" was installed signed by {known}, and this pack is not '
            "signed by the same key"
        )


@contextmanager
def _one_at_a_time(paths: Paths) -> Iterator[None]:
    root = paths.installed_packs_dir
    root.mkdir(parents=True, exist_ok=True)
    lock = root / LOCK_NAME
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            break
        except FileExistsError:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                continue  # released just now
            if age > LOCK_STALE_SECONDS:
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() > deadline:
                raise PackError(
                    "another content pack is being installed on this PC; try again in a moment"
                ) from None
            time.sleep(0.2)
    try:
        os.write(fd, str(os.getpid()).encode("ascii"))
        os.close(fd)
        yield
    finally:
        lock.unlink(missing_ok=True)


def _discard(path: Path, packs_root: Path) -> None:
    """Remove a folder by first renaming it aside, so a crash never leaves half of it in use."""
    if not path.exists():
        return
    trash = packs_root / f"{_TRASH}{path.name}-{os.urandom(4).hex()}"
    os.replace(path, trash)
    shutil.rmtree(trash, ignore_errors=True)


def _swap_in(packs_root: Path, staging: Path, pack_id: str) -> None:
    current = packs_root / pack_id
    keep = packs_root / PREVIOUS / pack_id
    if current.exists():
        keep.parent.mkdir(exist_ok=True)
        _discard(keep, packs_root)
        os.replace(current, keep)
    try:
        os.replace(staging, current)
    except OSError:
        if keep.exists() and not current.exists():
            os.replace(keep, current)  # put the installed version back as it was
        raise


def install(
    paths: Paths,
    pack_file: Path,
    *,
    allow_downgrade: bool = False,
    limits: Limits = LIMITS,
    probe: ClipProbe | None = None,
) -> InstallResult:
    """Verify `pack_file` and install it; PackError (one line) when it is refused.

    With `probe`, a clip that libvlc cannot play refuses the pack, as `content check` would."""
    pack_file = Path(pack_file)
    trusted = trusted_keys(paths)
    with _open_zip(pack_file) as zf, _one_at_a_time(paths):
        try:
            return _install_from(paths, zf, pack_file, trusted, allow_downgrade, limits, probe)
        except (zipfile.BadZipFile, zlib.error, EOFError):
            raise PackError(
                f"refused: {pack_file.name} is damaged (a file in it is corrupt)"
            ) from None


def _install_from(
    paths: Paths,
    zf: zipfile.ZipFile,
    pack_file: Path,
    trusted: list[str],
    allow_downgrade: bool,
    limits: Limits,
    probe: ClipProbe | None,
) -> InstallResult:
    manifest_bytes, manifest = read_manifest(zf, limits)
    signer = _check_signature(zf, manifest_bytes, trusted)
    if packfmt.version_key(manifest.min_casebook) > packfmt.version_key(__version__):
        raise PackError(
            f'"{manifest.id}" needs Casebook {manifest.min_casebook} or newer; this is '
            f"{__version__}. Update Casebook first"
        )
    _check_members(zf, manifest, limits)
    current = get_installed(paths, manifest.id)
    _check_publisher(current, manifest, signer)
    status = "installed"
    if current is not None:
        old, new = (packfmt.version_key(v) for v in (current.manifest.version, manifest.version))
        if new < old and not allow_downgrade:
            raise DowngradeRefused(manifest.id, current.manifest.version, manifest.version)
        if new == old:
            if current.manifest.files != manifest.files:
                raise PackError(reissued(manifest))
            return InstallResult(manifest, "unchanged", current.manifest.version, signer=signer)
        status = "downgraded" if new < old else "updated"
    packs_root = paths.installed_packs_dir
    packs_root.mkdir(parents=True, exist_ok=True)
    _tidy(packs_root)
    free = shutil.disk_usage(packs_root).free
    if manifest.total_bytes > free:
        raise PackError(
            f"not enough disk space: the pack needs {manifest.total_bytes / 1024**2:.0f} MB "
            f"and {free / 1024**2:.0f} MB is free"
        )
    staging = Path(tempfile.mkdtemp(prefix=_INCOMING, dir=packs_root))
    try:
        try:
            _unpack(zf, manifest, staging)
        except OSError as exc:  # a file and a folder of one name, a full disk
            raise PackError(
                f"refused: the pack could not be unpacked ({exc.strerror or exc}); "
                "nothing was installed"
            ) from None
        _check_content(paths, manifest, staging, probe)
        (staging / MANIFEST_NAME).write_bytes(manifest_bytes)
        record = {
            "installed_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "source": pack_file.name,
            "signer": signer,
        }
        (staging / INSTALL_RECORD).write_text(json.dumps(record, indent=2), encoding="utf-8")
        _swap_in(packs_root, staging, manifest.id)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    added, changed, removed = _diff(current.manifest if current else None, manifest)
    log.info("installed content pack %s %s (%s)", manifest.id, manifest.version, status)
    return InstallResult(
        manifest,
        status,
        current.manifest.version if current else None,
        added,
        changed,
        removed,
        signer,
    )


def reissued(manifest: Manifest) -> str:
    """Why a pack with the installed version number but other content is refused.

    One version number must mean one set of files on every PC: otherwise two PCs both showing
    version 1.0 could hold different scenarios, and no one could tell which a learner saw."""
    return (
        f'refused: "{manifest.id}" version {manifest.version} is already installed, with '
        "different content; the publisher must give a changed pack a higher version number "
        f"(such as {_next_version(manifest.version)}) and issue it again"
    )


def _next_version(version: str) -> str:
    head, dot, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}{dot}{int(last) + 1}"
    return f"{version}.1"


def remove(paths: Paths, pack_id: str) -> InstalledPack:
    """Remove an installed pack and the version kept for rollback."""
    with _one_at_a_time(paths):
        return _remove(paths, pack_id)


def _remove(paths: Paths, pack_id: str) -> InstalledPack:
    pack = get_installed(paths, pack_id)
    if pack is None:
        raise PackError(f'no pack "{pack_id}" is installed; `casebook content packs` lists them')
    root = paths.installed_packs_dir
    _discard(pack.folder, root)
    _discard(root / PREVIOUS / pack_id, root)
    return pack


def rollback(paths: Paths, pack_id: str) -> InstalledPack:
    """Go back to the version the last install replaced (the newer one is kept in its place)."""
    with _one_at_a_time(paths):
        return _rollback(paths, pack_id)


def _rollback(paths: Paths, pack_id: str) -> InstalledPack:
    pack = get_installed(paths, pack_id)
    root = paths.installed_packs_dir
    previous = root / PREVIOUS / pack_id
    if pack is None or not (previous / MANIFEST_NAME).is_file():
        raise PackError(f'"{pack_id}" has no earlier version kept to go back to')
    aside = root / f"{_INCOMING}{pack_id}-{os.urandom(4).hex()}"
    os.replace(pack.folder, aside)
    os.replace(previous, pack.folder)
    os.replace(aside, previous)
    restored = get_installed(paths, pack_id)
    assert restored is not None
    return restored


# ------------------------------------------------------------------ the shared folder


@dataclass
class SyncReport:
    folder: Path | None
    reachable: bool = True
    installed: list[InstallResult] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # file name, reason

    def summary(self) -> str:
        """One line for the status bar; empty when there is nothing to say."""
        if self.folder is None:
            return ""
        if not self.reachable:
            return (
                "The shared content pack folder could not be reached; "
                "using the content already on this PC."
            )
        parts = []
        if self.installed:
            names = ", ".join(f"{r.manifest.title} {r.manifest.version}" for r in self.installed)
            n = len(self.installed)
            parts.append(f"Installed {n} content pack{'s' if n != 1 else ''}: {names}.")
        if self.refused:
            n = len(self.refused)
            parts.append(
                f"{n} pack{'s' if n != 1 else ''} in the shared folder refused "
                f"({self.refused[0][0]}: {self.refused[0][1]})"
            )
        return " ".join(parts)


def sync_shared(
    paths: Paths,
    folder: Path | None = None,
    *,
    stop: Callable[[], bool] = lambda: False,
    probe: ClipProbe | None = None,
    repeat: bool = False,
) -> SyncReport:
    """Install the new or newer packs of the shared folder; never a downgrade, never fatal.

    A re-issued pack (the installed version number, other content) is refused, and reported
    once; with `repeat` (the command line, for IT) it is reported every time."""
    folder = folder or paths.shared_packs_folder()
    report = SyncReport(folder)
    if folder is None:
        return report
    try:
        offered = sorted(p for p in folder.iterdir() if p.suffix == packfmt.PACK_SUFFIX)
    except OSError as exc:
        log.info("shared pack folder %s unreachable: %s", folder, exc)
        report.reachable = False
        return report
    for pack_file in offered:
        if stop():
            break
        try:
            manifest = peek(pack_file)
            current = get_installed(paths, manifest.id)
            if current is not None:
                theirs, ours = (
                    packfmt.version_key(v) for v in (manifest.version, current.manifest.version)
                )
                if theirs < ours or (theirs == ours and manifest.files == current.manifest.files):
                    continue  # never a downgrade; the same pack again: nothing to do
                if theirs == ours:
                    _refuse_reissue(paths, pack_file, manifest, report, repeat)
                    continue
            result = install(paths, pack_file, probe=probe)
        except PackError as exc:
            report.refused.append((pack_file.name, str(exc)))
            log.warning("shared pack %s refused: %s", pack_file.name, exc)
            continue
        except OSError as exc:
            report.refused.append((pack_file.name, f"could not be read ({exc.strerror or exc})"))
            continue
        if result.status != "unchanged":
            report.installed.append(result)
    return report


# A re-issued pack (same version, other content) is refused at each start, but said only once:
# the learners at that PC cannot fix it, and a line at every start would teach them to ignore
# the status bar. The log has it once too; the publisher fixes it by raising the version.
REISSUES_SAID = ".reissued-said.json"


def _reissue_key(pack_file: Path, manifest: Manifest) -> str:
    digest = hashlib.sha256(manifest.to_bytes()).hexdigest()[:16]
    return f"{pack_file.name} {manifest.id} {manifest.version} {digest}"


def _refuse_reissue(
    paths: Paths, pack_file: Path, manifest: Manifest, report: SyncReport, repeat: bool
) -> None:
    record = paths.installed_packs_dir / REISSUES_SAID
    try:
        said = set(json.loads(record.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        said = set()
    key = _reissue_key(pack_file, manifest)
    if key in said and not repeat:
        log.debug("shared pack %s: re-issued version refused again (said before)", pack_file.name)
        return
    reason = reissued(manifest)
    report.refused.append((pack_file.name, reason))
    log.warning("shared pack %s refused: %s", pack_file.name, reason)
    try:
        record.write_text(json.dumps(sorted(said | {key}), indent=1), encoding="utf-8")
    except OSError as exc:  # said again next start: better than never
        log.info("could not note that %s was reported: %s", pack_file.name, exc)
