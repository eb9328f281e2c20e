"""Builds the packaged app (`make dist`): PyInstaller with casebook.spec, then VLC's plugin
cache and the licence notices. Prints the folder and its size.

    python packaging/build.py [--dist DIR] [--work DIR]
    python packaging/build.py --cache DIR   # reuse the build of the same sources (tests, bench)

The plugin cache (plugins.dat) is written after PyInstaller has copied the plugins: libvlc
checks each cached plugin's size and time against the file, so a cache made before the copy
would be ignored, and without a cache libvlc opens every plugin at each start (slower).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import vlc_bundle  # noqa: E402

NOTICE = """\
Casebook, packaged with its own Python, Qt and VLC.

Casebook is MIT-licensed. This folder also holds, unchanged and as separate
shared libraries, so that you may replace them with your own builds:

- VLC's libvlc, libvlccore and plugins (LGPL 2.1 or later; some plugins GPL 2 or later),
  from VideoLAN, https://www.videolan.org/vlc/ - the source is at
  https://download.videolan.org/pub/videolan/vlc/.
- Qt 6 (LGPL 3) through PySide6 (LGPL 3), from The Qt Company, https://www.qt.io/ -
  source at https://download.qt.io/official_releases/.
- Python (PSF licence), the Python packages listed in python-packages.txt (their licences
  in their own terms), and the DejaVu fonts (app/resources/fonts/LICENSE-DejaVu.txt).

The licence texts found on the build machine are in this folder.
"""


def build(dist: Path, work: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN"]
        + ["--distpath", str(dist), "--workpath", str(work), str(HERE / "casebook.spec")],
        check=True,
        cwd=ROOT,
    )
    folder = dist / "casebook"
    internal = folder / "_internal"
    bundle = internal if internal.is_dir() else folder
    plugin_cache(bundle / "vlc" / "plugins")
    notices(folder)
    return folder


def cache_generator() -> Path | None:
    libvlc, _core, plugins = vlc_bundle.vlc_root()
    for candidate in (
        plugins.parent / "vlc-cache-gen",  # Debian/Ubuntu: /usr/lib/<arch>/vlc/vlc-cache-gen
        libvlc.parent / "vlc-cache-gen.exe",  # Windows: beside vlc.exe
        libvlc.parent.parent / "vlc-cache-gen",  # macOS builds that ship it
    ):
        if candidate.is_file():
            return candidate
    found = shutil.which("vlc-cache-gen")
    return Path(found) if found else None


@contextlib.contextmanager
def system_cache_kept(tool: Path):
    """Leave the installed VLC's own plugin cache exactly as it was.

    vlc-cache-gen also scans the installed VLC's plugins folder and rewrites its plugins.dat
    (seen on Debian when run as root, with the build's umask: a cache only root could read,
    so every other user's libvlc started without it). Put back what was there."""
    cache = tool.parent / "plugins" / "plugins.dat"
    try:
        before = cache.read_bytes()
        kept = cache.stat()
    except OSError:
        before, kept = None, None
    try:
        yield
    finally:
        if before is None:
            if cache.exists():
                cache.unlink()
        elif kept is not None and (
            cache.read_bytes() != before
            or (cache.stat().st_mode, cache.stat().st_mtime_ns) != (kept.st_mode, kept.st_mtime_ns)
        ):
            cache.write_bytes(before)
            os.chmod(cache, kept.st_mode & 0o7777)
            os.utime(cache, ns=(kept.st_atime_ns, kept.st_mtime_ns))


def plugin_cache(plugins: Path) -> None:
    tool = cache_generator()
    if tool is None:
        print("vlc-cache-gen not found: the app works, but libvlc starts slower.", file=sys.stderr)
        return
    with system_cache_kept(tool):
        subprocess.run([str(tool), str(plugins)], check=True, capture_output=True)
    if not (plugins / "plugins.dat").is_file():
        raise SystemExit(f"{tool} wrote no plugins.dat in {plugins}")


def notices(folder: Path) -> None:
    licences = folder / "LICENSES"
    licences.mkdir(exist_ok=True)
    (licences / "NOTICE.txt").write_text(NOTICE, encoding="utf-8")
    for name, source in (
        ("VLC-copyright.txt", Path("/usr/share/doc/libvlc5/copyright")),
        ("LGPL-2.1.txt", Path("/usr/share/common-licenses/LGPL-2.1")),
        ("LGPL-3.txt", Path("/usr/share/common-licenses/LGPL-3")),
        ("GPL-2.txt", Path("/usr/share/common-licenses/GPL-2")),
        ("Python-LICENSE.txt", Path(sys.base_prefix) / "lib" / "python3.11" / "LICENSE.txt"),
    ):
        if source.is_file():
            shutil.copy2(source, licences / name)
    packages = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--format=freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
    ).stdout
    (licences / "python-packages.txt").write_text(packages, encoding="utf-8")


def source_key() -> str:
    """A hash of everything the build reads: the app, the packaging files, the tools' versions
    and the VLC it takes the plugins from."""
    digest = hashlib.sha256()
    files = [ROOT / "pyproject.toml", *sorted((ROOT / "app").rglob("*")), *sorted(HERE.rglob("*"))]
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    libvlc, _core, plugins = vlc_bundle.vlc_root()
    for part in (libvlc, *vlc_bundle.kept_plugins(plugins)):
        stat = part.stat()
        digest.update(f"{part}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    digest.update(f"{sys.version}:{importlib.metadata.version('pyinstaller')}".encode())
    return digest.hexdigest()[:16]


def cached_build(cache: Path) -> Path:
    """The packaged app for the current sources, built into `cache` unless already there.
    Only the newest build is kept (each is a few hundred MB)."""
    key = source_key()
    home = cache / key
    folder = home / "casebook"
    if (home / "complete").is_file() and (folder / "casebook").is_file():
        return folder
    if cache.is_dir():
        for old in cache.iterdir():
            shutil.rmtree(old, ignore_errors=True)
    home.mkdir(parents=True)
    build(home, home / "work")
    shutil.rmtree(home / "work", ignore_errors=True)
    (home / "complete").write_text(key)
    return folder


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--cache", type=Path, help="build into DIR/KEY unless already built")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if args.cache:
        folder = cached_build(args.cache.resolve())
    else:
        folder = build(args.dist.resolve(), args.work.resolve())
    print(f"Built {folder} ({folder_size(folder) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
