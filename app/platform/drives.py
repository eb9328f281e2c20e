"""Is a folder on a network drive? SQLite's WAL needs memory shared between every process
using the file, which a network file system cannot give: an H: drive opened from two PCs
risks a corrupt journal. The store asks here and chooses its journal mode from the answer.

Each system is asked in its own way, through one small function per system that tests
replace: Linux reads the mount table, macOS calls statfs(2), Windows looks for a UNC path and
asks GetDriveTypeW.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

# File-system types that live on another machine (Linux names, then macOS names).
NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "gpfs",
        "ncpfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
        "afpfs",
        "webdav",
    }
)
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


@dataclass(frozen=True)
class Location:
    """Where a folder lives: on a network drive or not, and how that was seen."""

    network: bool
    how: str  # "file system cifs", "UNC path", "Windows drive type 4"...


def _unescape_mount_path(field: str) -> str:
    # The kernel writes spaces, tabs, newlines and backslashes as octal escapes (\040...).
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1 : i + 4].isdigit():
            out.append(chr(int(field[i + 1 : i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def fstype_from_mountinfo(path: Path, mountinfo: str) -> str | None:
    """The file-system type of the mount holding `path` (the longest mount point above it)."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        mount_point = _unescape_mount_path(fields[4])
        after = line.split(" - ", 1)[1].split()
        if not after:
            continue
        inside = (
            target == mount_point
            or mount_point == "/"
            or target.startswith(mount_point.rstrip("/") + "/")
        )
        if inside and (best is None or len(mount_point) >= best[0]):
            best = (len(mount_point), after[0])
    return best[1] if best else None


def read_mountinfo() -> str:
    """Linux's table of this process's mounts (the seam tests replace)."""
    try:
        return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


class _MacStatfs(ctypes.Structure):
    # struct statfs of macOS with 64-bit inodes (the only layout since 10.6 on arm64/x86_64).
    _fields_ = [
        ("f_bsize", ctypes.c_uint32),
        ("f_iosize", ctypes.c_int32),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_fsid", ctypes.c_int32 * 2),
        ("f_owner", ctypes.c_uint32),
        ("f_type", ctypes.c_uint32),
        ("f_flags", ctypes.c_uint32),
        ("f_fssubtype", ctypes.c_uint32),
        ("f_fstypename", ctypes.c_char * 16),
        ("f_mntonname", ctypes.c_char * 1024),
        ("f_mntfromname", ctypes.c_char * 1024),
        ("f_flags_ext", ctypes.c_uint32),
        ("f_reserved", ctypes.c_uint32 * 7),
    ]


def macos_fstype(path: Path) -> str | None:
    """statfs(2)'s f_fstypename on macOS (os.statvfs does not give the type; the seam tests
    replace)."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    try:
        statfs = libc["statfs$INODE64"]  # x86_64 names the 64-bit-inode call so
    except AttributeError:
        statfs = libc.statfs
    result = _MacStatfs()
    if statfs(os.fsencode(path), ctypes.byref(result)) != 0:
        return None
    return result.f_fstypename.decode("ascii", "replace") or None


def windows_drive_type(root: str) -> int:
    """GetDriveTypeW for a drive root such as "H:\\" (the seam tests replace)."""
    windll = ctypes.windll  # type: ignore[attr-defined]  # exists on Windows only
    return int(windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))


def _existing(path: Path) -> Path:
    # The database may not exist yet: ask about the nearest folder that does.
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


def locate(path: Path | str, platform: str | None = None) -> Location:
    """Whether `path` is on a network drive, asking the system in its own way."""
    platform = platform or sys.platform
    if platform == "win32":
        win = PureWindowsPath(str(path))
        if win.drive.startswith(("\\\\", "//")):
            return Location(True, "UNC path")
        if win.drive:
            try:
                kind = windows_drive_type(win.drive + "\\")
            except (OSError, AttributeError, ValueError):
                return Location(False, "drive type unknown")
            return Location(kind == DRIVE_REMOTE, f"Windows drive type {kind}")
        return Location(False, "no drive letter")
    folder = _existing(Path(path).absolute())
    with_links = os.path.realpath(folder)
    try:
        if platform == "darwin":
            fstype = macos_fstype(Path(with_links))
        else:
            fstype = fstype_from_mountinfo(Path(with_links), read_mountinfo())
    except (OSError, AttributeError, ValueError):
        # Asking failed (an unusual libc): treat as local, as before this check existed.
        fstype = None
    if fstype is None:
        return Location(False, "file system unknown")
    return Location(fstype.lower() in NETWORK_FILE_SYSTEMS, f"file system {fstype}")
