"""Content packs: the manifest format, and the rules a pack must pass before it is installed.

A pack is one zip file (`NAME.casebook`) holding a content folder's scenarios, captions, prompt
packs and session plans, plus:

    manifest.toml   [content_pack] id, title, version, publisher, min_casebook, created
                    [[file]] path, size, sha256          one per file in the pack
    manifest.sig    optional: [signature] algorithm = "ed25519", key, value

The signature covers the manifest's exact bytes and the manifest covers every file by SHA-256,
so a signed pack cannot be changed anywhere without the change being found. Nothing in a pack is
ever executed: only the data file types below are accepted, and every path must stay inside the
pack's own folder.
"""

from __future__ import annotations

import base64
import hashlib
import re
import stat
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import CasebookError
from app.models import toml_write

PACK_SUFFIX = ".casebook"
MANIFEST_NAME = "manifest.toml"
SIGNATURE_NAME = "manifest.sig"
# The file a content lead keeps in the folder being packed, naming the pack (optional: the
# command line can give the same fields).
SOURCE_NAME = "content-pack.toml"
MANIFEST_TABLE = "content_pack"
FORMAT = 1
KEY_PREFIX = "ed25519:"

# Where content lives in a pack (the same folders as any content root), and the only kinds of
# file a pack may hold: data that Casebook reads or plays, never anything that could run.
CONTENT_FOLDERS = ("videos", "prompts", "sessions", "frameworks")
ALLOWED_SUFFIXES = frozenset(
    {
        ".toml",
        ".srt",
        ".vtt",
        ".ass",
        ".ssa",
        ".mp4",
        ".m4v",
        ".mov",
        ".webm",
        ".mkv",
        ".ogv",
        ".png",
        ".jpg",
        ".jpeg",
        ".md",
        ".txt",
    }
)
# Files a desktop leaves behind in a folder; packing skips them instead of refusing.
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^\d{1,6}(?:\.\d{1,6}){0,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")
# Names Windows reserves: a file called CON or aux.txt cannot be created there.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
MAX_PATH_CHARS = 240
MAX_DEPTH = 4


class PackError(CasebookError):
    """A pack was refused; the message is one line saying why and what to do."""


class DowngradeRefused(PackError):
    """The pack is older than the installed version; installing it needs a yes first."""

    def __init__(self, pack_id: str, installed: str, offered: str) -> None:
        super().__init__(
            f'"{pack_id}" {offered} is older than the installed version {installed}; '
            "install it anyway only if you mean to go back (--allow-downgrade)"
        )
        self.pack_id = pack_id
        self.installed = installed
        self.offered = offered


@dataclass(frozen=True)
class Limits:
    """What a pack may unpack to: against zip bombs and disks filled by mistake."""

    max_total_bytes: int = 8 * 1024**3
    max_files: int = 5000
    # Clips and pictures barely compress; text compresses perhaps 10:1. A member that claims far
    # more is a bomb. Tiny files are exempt: a short TOML file of blanks compresses very well.
    max_ratio: float = 100.0
    ratio_exempt_bytes: int = 1024 * 1024
    max_manifest_bytes: int = 4 * 1024 * 1024


LIMITS = Limits()


# ------------------------------------------------------------------ versions


def parse_version(text: str) -> tuple[int, ...]:
    if not isinstance(text, str) or not _VERSION.match(text):
        raise ValueError(text)
    return tuple(int(part) for part in text.split("."))


def version_key(text: str) -> tuple[int, ...]:
    """Comparable form: "1.2" == "1.2.0" < "1.10"."""
    parts = list(parse_version(text))
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


# ------------------------------------------------------------------ paths


def path_problem(name: str) -> str | None:
    """Why `name` (a path inside a pack, always with forward slashes) may not be unpacked."""
    if not name:
        return "an empty file name"
    if "\\" in name:
        return f'"{name}" uses backslashes; pack paths use forward slashes only'
    if name.startswith("/") or _DRIVE.match(name):
        return f'"{name}" is an absolute path; every file must stay inside the pack'
    if any(ord(c) < 32 or c in '<>:"|?*' for c in name):
        return f'"{name}" has characters a file name cannot hold'
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return f'"{name}" leaves or bends the pack\'s folder (empty, "." or ".." parts)'
    if len(name) > MAX_PATH_CHARS or len(parts) > MAX_DEPTH + 1:
        return f'"{name}" is nested too deep or named too long'
    if any(_RESERVED.match(p) or p.endswith((".", " ")) for p in parts):
        return f'"{name}" is a name Windows cannot store'
    return None


def content_problem(name: str) -> str | None:
    """Why `name` is not content a pack may carry (a safe path is assumed)."""
    parts = name.split("/")
    if len(parts) == 1:
        if name.lower().endswith((".md", ".txt")):
            return None  # a README or licence beside the content
        return f'"{name}" is outside the content folders ({", ".join(CONTENT_FOLDERS)})'
    if parts[0] not in CONTENT_FOLDERS:
        return f'"{name}" is outside the content folders ({", ".join(CONTENT_FOLDERS)})'
    suffix = "." + parts[-1].rsplit(".", 1)[-1].lower() if "." in parts[-1] else ""
    if suffix not in ALLOWED_SUFFIXES:
        return (
            f'"{name}" is not a content file type Casebook reads; a pack holds only clips, '
            "captions, pictures and TOML or text files, never programs"
        )
    return None


def is_symlink_mode(external_attr: int) -> bool:
    """A zip entry made from a symbolic link (its Unix mode sits in the top 16 bits)."""
    return stat.S_ISLNK(external_attr >> 16)


# ------------------------------------------------------------------ the manifest


@dataclass(frozen=True)
class PackFile:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    id: str
    title: str
    version: str
    publisher: str
    min_casebook: str
    created: str
    files: tuple[PackFile, ...]

    def to_bytes(self) -> bytes:
        head = toml_write.table(
            MANIFEST_TABLE,
            {
                "format": FORMAT,
                "id": self.id,
                "title": self.title,
                "version": self.version,
                "publisher": self.publisher,
                "min_casebook": self.min_casebook,
                "created": self.created,
            },
        )
        files = [
            toml_write.table(
                "file", {"path": f.path, "size": f.size, "sha256": f.sha256}, array=True
            )
            for f in self.files
        ]
        return toml_write.document([head, *files]).encode("utf-8")

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def by_path(self) -> dict[str, PackFile]:
        return {f.path: f for f in self.files}


def check_fields(pack_id: object, title: object, version: object, publisher: object) -> None:
    """The naming fields a pack needs, with what to write when one is wrong."""
    if not isinstance(pack_id, str) or not _ID.match(pack_id):
        raise PackError(
            "the pack id should use lowercase letters, digits and hyphens, like "
            f'"northshire-ward-scenarios" (got {pack_id!r})'
        )
    if not isinstance(title, str) or not title.strip():
        raise PackError("the pack needs a title, a few words people will recognise")
    if not isinstance(version, str) or not _VERSION.match(version):
        raise PackError(
            f'the pack version should be numbers and dots, like "1.2" (got {version!r})'
        )
    if not isinstance(publisher, str) or not publisher.strip():
        raise PackError("the pack needs a publisher: the organisation or team that made it")


def new_manifest(
    pack_id: str,
    title: str,
    version: str,
    publisher: str,
    min_casebook: str,
    files: list[PackFile],
) -> Manifest:
    check_fields(pack_id, title, version, publisher)
    try:
        parse_version(min_casebook)
    except ValueError:
        raise PackError(
            f'the minimum Casebook version should look like "0.1.0", not {min_casebook!r}'
        ) from None
    created = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Manifest(
        pack_id, title.strip(), version, publisher.strip(), min_casebook, created, tuple(files)
    )


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest read from a pack, or PackError saying what is wrong with it."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"the pack's manifest is not readable TOML ({exc})") from None
    head = data.get(MANIFEST_TABLE)
    if not isinstance(head, dict):
        raise PackError(f"the pack's manifest has no [{MANIFEST_TABLE}] table")
    if head.get("format") != FORMAT:
        raise PackError(
            f"the pack was made in a format this Casebook does not know "
            f"({head.get('format')!r}); update Casebook"
        )
    check_fields(head.get("id"), head.get("title"), head.get("version"), head.get("publisher"))
    min_casebook = head.get("min_casebook", "0")
    created = head.get("created", "")
    if not isinstance(min_casebook, str) or not _VERSION.match(min_casebook):
        raise PackError(f"the manifest's min_casebook {min_casebook!r} is not a version")
    rows = data.get("file", [])
    if not isinstance(rows, list) or not rows:
        raise PackError("the pack's manifest lists no files")
    files: list[PackFile] = []
    seen: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise PackError(f"file entry {n} of the manifest is not a table")
        path, size, digest = row.get("path"), row.get("size"), row.get("sha256")
        if not isinstance(path, str):
            raise PackError(f"file entry {n} of the manifest has no path")
        reason = path_problem(path) or content_problem(path)
        if reason:
            raise PackError(f"refused: {reason}")
        if path.lower() in seen:
            raise PackError(f'refused: "{path}" is listed twice in the manifest')
        seen.add(path.lower())
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise PackError(f'the manifest gives "{path}" no proper size')
        if not isinstance(digest, str) or not _SHA256.match(digest):
            raise PackError(f'the manifest gives "{path}" no proper SHA-256')
        files.append(PackFile(path, size, digest))
    return Manifest(
        head["id"],
        head["title"],
        head["version"],
        head["publisher"],
        min_casebook,
        created if isinstance(created, str) else "",
        tuple(files),
    )


# ------------------------------------------------------------------ keys and signatures


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return KEY_PREFIX + base64.b64encode(raw).decode("ascii")


def fingerprint(key_text: str) -> str:
    """A short, readable name for a public key (what people compare over the phone)."""
    digest = hashlib.sha256(key_text.strip().encode("ascii")).hexdigest()[:16]
    return ":".join(digest[i : i + 4] for i in range(0, 16, 4))


def load_public_key(text: str) -> Ed25519PublicKey:
    """A key as `casebook content keygen` prints it ("ed25519:BASE64", maybe a name after)."""
    token = text.strip().split()[0] if text.strip() else ""
    if not token.startswith(KEY_PREFIX):
        raise PackError(f'"{text.strip()[:40]}" is not a Casebook publisher key (ed25519:...)')
    try:
        raw = base64.b64decode(token[len(KEY_PREFIX) :], validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise PackError(
            f'"{token[:40]}" is not a whole publisher key; copy the full line'
        ) from None


def normal_key_text(text: str) -> str:
    return public_key_text(load_public_key(text))


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def read_private_key(pem: bytes, passphrase: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise PackError(
            "the signing key could not be opened: wrong passphrase, or not a key file "
            "from `casebook content keygen`"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError("the signing key is not an Ed25519 key from `casebook content keygen`")
    return key


def signature_bytes(manifest_bytes: bytes, key: Ed25519PrivateKey) -> bytes:
    signature = base64.b64encode(key.sign(manifest_bytes)).decode("ascii")
    text = toml_write.table(
        "signature",
        {"algorithm": "ed25519", "key": public_key_text(key.public_key()), "value": signature},
    )
    return text.encode("utf-8")


def verify_signature(manifest_bytes: bytes, signature_file: bytes) -> str:
    """The signer's public key text when `signature_file` signs these exact manifest bytes."""
    try:
        data = tomllib.loads(signature_file.decode("utf-8"))["signature"]
        key_text, value = data["key"], data["value"]
        if data.get("algorithm") != "ed25519":
            raise PackError("the pack is signed with a method this Casebook does not know")
        signature = base64.b64decode(value, validate=True)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError):
        raise PackError("refused: the pack's signature file is damaged") from None
    key = load_public_key(key_text)
    try:
        key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise PackError(
            "refused: the signature does not match the manifest; the pack was changed after "
            "it was signed"
        ) from None
    return public_key_text(key)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
