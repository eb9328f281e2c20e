"""Content folders to pack, packs made from them, and packs tampered with on purpose."""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.config import Paths
from app.models import pack as packfmt
from app.services import packs
from tests.clips import write_scenario

# A real clip (the bundled demo's), so the content check that installs run sees a playable file.
CLIP = Paths.resolve("/nonexistent").resources / "videos" / "low-mood-inpatient.mp4"


def content_folder(root: Path, sid: str = "pk-ward", title: str = "Ward handover") -> Path:
    write_scenario(
        root,
        sid,
        CLIP,
        title=title,
        roles=["ward-nurse"],
        topics=["handover"],
        setting="inpatient ward",
        pauses=[(1.0, "What would you say next?")],
    )
    return root


def make(
    tmp: Path,
    *,
    version: str = "1.0",
    publisher: str = "Northshire NHS Trust",
    pack_id: str = "northshire-ward",
    sid: str = "pk-ward",
    title: str = "Ward handover",
    key=None,
    name: str | None = None,
) -> Path:
    src = content_folder(tmp / f"src-{pack_id}-{version}-{sid}", sid, title)
    out = tmp / (name or f"{pack_id}-{version}.casebook")
    packs.make_pack(
        src,
        out,
        pack_id=pack_id,
        title="Ward scenarios",
        version=version,
        publisher=publisher,
        signing_key=key,
    )
    return out


def rewrite(
    pack_file: Path,
    out: Path,
    *,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
    manifest: packfmt.Manifest | None = None,
    symlinks: dict[str, str] | None = None,
) -> Path:
    """A copy of `pack_file` with members replaced, dropped or added (the manifest as given)."""
    with zipfile.ZipFile(pack_file) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = src.read(info)
            if info.filename == packfmt.MANIFEST_NAME and manifest is not None:
                data = manifest.to_bytes()
            data = (replace or {}).get(info.filename, data)
            dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
        for name, data in (add or {}).items():
            dst.writestr(name, data, zipfile.ZIP_DEFLATED)
        for name, target in (symlinks or {}).items():
            link = zipfile.ZipInfo(name)
            link.external_attr = (0o120777 << 16) | 0x20
            dst.writestr(link, target)
    return out


def manifest_of(pack_file: Path) -> packfmt.Manifest:
    return packs.peek(pack_file)


def with_file(manifest: packfmt.Manifest, path: str, data: bytes) -> packfmt.Manifest:
    """The manifest with one more file listed (its true size and hash)."""
    entry = packfmt.PackFile(path, len(data), packfmt.sha256_hex(data))
    return packfmt.Manifest(
        manifest.id,
        manifest.title,
        manifest.version,
        manifest.publisher,
        manifest.min_casebook,
        manifest.created,
        (*manifest.files, entry),
    )
