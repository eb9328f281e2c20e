"""Finds libvlc before python-vlc is imported, and says what was found and what is missing.

python-vlc looks for libvlc itself at import time, and when PYTHON_VLC_LIB_PATH or
PYTHON_VLC_MODULE_PATH names something wrong it calls sys.exit(1): the app would quit. So
Casebook looks first, in this order: the packaged app's own copy, those two settings, then
where VLC 3 installs on each system (Windows: the registry, Program Files, a portable VLC
folder, the Microsoft Store copy; macOS: VLC.app in /Applications or ~/Applications; Linux:
the system's library folders). It reads each library's header to check it suits this
Python (a 32-bit VLC cannot load into 64-bit Casebook), and looks for the plugins folder,
without which libvlc loads but plays nothing.

Everything that asks the computer comes in through `System`, so the Windows and macOS rules
are tested on any machine with fake folders and a fake registry.
"""

from __future__ import annotations

import os
import platform
import struct
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

LIB_ENV = "PYTHON_VLC_LIB_PATH"
PLUGINS_ENV = "PYTHON_VLC_MODULE_PATH"
NOT_FOUND = "No VLC 3 install is in the places it installs to."
BUNDLE_FOLDER = "vlc"  # inside a packaged app: libvlc, libvlccore and plugins/ (packaging/)

# Where the VideoLAN installer records its folder (64-bit VLC, then 32-bit VLC on 64-bit Windows).
REGISTRY_KEYS = ("SOFTWARE\\VideoLAN\\VLC", "SOFTWARE\\WOW6432Node\\VideoLAN\\VLC")
LINUX_LIB_FOLDERS = (
    "usr/lib/x86_64-linux-gnu",
    "usr/lib/aarch64-linux-gnu",
    "usr/lib64",
    "usr/lib",
    "usr/local/lib",
)


@dataclass(frozen=True)
class System:
    """What the search asks the computer: the OS seams, replaceable in tests."""

    platform: str  # sys.platform: "win32", "darwin", "linux"
    env: Mapping[str, str]
    root: Path  # the file system root ("/"; a Windows drive's folders come from env)
    home: Path
    machine: str  # this Python's architecture, normalised: "x86_64", "x86", "arm64"...
    bundle: Path | None  # the packaged app's own folder (PyInstaller's _MEIPASS), if frozen
    app_folder: Path  # the folder of the program started (a portable VLC may sit beside it)
    registry: Callable[[str], str | None] = field(default=lambda key: None)  # InstallDir

    @classmethod
    def current(cls) -> System:
        meipass = getattr(sys, "_MEIPASS", None)
        return cls(
            platform=sys.platform,
            env=os.environ,
            root=Path(os.path.abspath(os.sep)),
            home=Path.home(),
            machine=python_architecture(),
            bundle=Path(meipass) if meipass else None,
            app_folder=Path(sys.executable).resolve().parent,
            registry=_windows_registry,
        )


@dataclass(frozen=True)
class Candidate:
    where: str  # said to people: "the VLC recorded in the registry", "PYTHON_VLC_LIB_PATH"...
    library: Path
    plugins: Path | None  # None: not found, libvlc may know its own
    from_setting: bool = False  # named by PYTHON_VLC_LIB_PATH


@dataclass(frozen=True)
class Finding:
    """The libvlc to use (or none), and every problem met on the way, in plain sentences."""

    library: Path | None = None
    plugins: Path | None = None
    where: str = ""
    architecture: str = ""
    problems: tuple[str, ...] = ()  # candidates passed over, and why
    wrong_settings: tuple[str, ...] = ()  # PYTHON_VLC_* settings that name nothing usable
    plugins_are_its_own: bool = False  # libvlc finds `plugins` without being told

    @property
    def plugins_to_tell(self) -> Path | None:
        """The plugins folder to give libvlc (None when it finds its own)."""
        return None if self.plugins_are_its_own else self.plugins

    @property
    def found(self) -> bool:
        return self.library is not None

    def describe(self) -> str:
        told = " ".join((*self.wrong_settings, *self.problems))
        if self.library is None:
            return f"No usable libvlc was found. {told or NOT_FOUND}"
        plugins = f", plugins in {self.plugins}" if self.plugins else ""
        text = f"libvlc from {self.where}: {self.library} ({self.architecture}{plugins})."
        return f"{text} Passed over: {told}" if told else text


def locate(system: System) -> Finding:
    """The first candidate that suits this Python, with why each earlier one did not."""
    problems: list[str] = []
    wrong: list[str] = []
    for candidate in candidates(system, wrong):
        problem, architecture = check(candidate, system.machine)
        if problem:
            (wrong if candidate.from_setting else problems).append(problem)
            continue
        return Finding(
            library=candidate.library,
            plugins=candidate.plugins,
            where=candidate.where,
            architecture=architecture,
            problems=tuple(problems),
            wrong_settings=tuple(wrong),
            plugins_are_its_own=plugins_are_its_own(candidate, system.platform),
        )
    return Finding(problems=tuple(problems), wrong_settings=tuple(wrong))


def candidates(system: System, wrong_settings: list[str]) -> Iterator[Candidate]:
    """Where libvlc may be, best first. Wrong settings are told in `wrong_settings`, not raised."""
    names = library_names(system.platform)
    if system.bundle is not None:
        folder = system.bundle / BUNDLE_FOLDER
        yield from _in_folder("this app's own copy of VLC", folder, names, folder / "plugins")
    yield from _from_settings(system, names, wrong_settings)
    if system.platform.startswith("win"):
        yield from _windows(system, names)
    elif system.platform == "darwin":
        yield from _macos(system, names)
    else:
        yield from _linux(system, names)


def library_names(platform_name: str) -> tuple[str, str]:
    """(libvlc, libvlccore) file names on this system."""
    if platform_name.startswith("win"):
        return "libvlc.dll", "libvlccore.dll"
    if platform_name == "darwin":
        return "libvlc.dylib", "libvlccore.dylib"
    return "libvlc.so.5", "libvlccore.so.9"


def plugins_are_its_own(candidate: Candidate, platform_name: str) -> bool:
    """Whether libvlc finds these plugins by itself. On Linux libvlc looks in `vlc/plugins`
    beside libvlccore; told that folder again (VLC_PLUGIN_PATH) it loads every plugin twice."""
    if platform_name.startswith("win") or platform_name == "darwin":
        return False
    return candidate.plugins == candidate.library.parent / "vlc" / "plugins"


def _in_folder(
    where: str, folder: Path, names: tuple[str, str], plugins: Path | None
) -> Iterator[Candidate]:
    library = folder / names[0]
    if library.is_file():
        yield Candidate(where, library, plugins)


def _from_settings(
    system: System, names: tuple[str, str], problems: list[str]
) -> Iterator[Candidate]:
    lib = system.env.get(LIB_ENV, "").strip()
    plugins_setting = system.env.get(PLUGINS_ENV, "").strip()
    plugins = Path(plugins_setting) if plugins_setting else None
    if plugins is not None and not plugins.is_dir():
        problems.append(f"{PLUGINS_ENV} names {plugins}, which is not a folder; it is ignored.")
        plugins = None
    if not lib:
        return
    library = Path(lib)
    if not library.is_file():
        problems.append(f"{LIB_ENV} names {library}, which does not exist; it is ignored.")
        return
    yield Candidate(
        f"the {LIB_ENV} setting", library, plugins or _plugins_beside(library), from_setting=True
    )


def _plugins_beside(library: Path) -> Path | None:
    """The plugins folder VLC keeps beside (Windows, macOS) or below (Linux) its library."""
    for folder in (
        library.parent / "plugins",
        library.parent / "vlc" / "plugins",
        library.parent.parent / "plugins",
    ):
        if folder.is_dir():
            return folder
    return None


def _windows(system: System, names: tuple[str, str]) -> Iterator[Candidate]:
    folders: list[tuple[str, Path]] = []
    for key in REGISTRY_KEYS:
        installed = system.registry(key)
        if installed:
            folders.append(("the VLC recorded in the registry", Path(installed)))
    for var in ("ProgramFiles", "ProgramW6432", "ProgramFiles(x86)"):
        base = system.env.get(var)
        if base:
            folders.append((f"%{var}%\\VideoLAN\\VLC", Path(base) / "VideoLAN" / "VLC"))
    # A portable VLC (the zip from videolan.org, or PortableApps) beside Casebook.
    for sub in ("VLC", "vlc", "VLCPortable/App/vlc"):
        folders.append(("a portable VLC beside Casebook", system.app_folder / sub))
    local = system.env.get("LOCALAPPDATA")
    if local:
        folders.append(("VLC in your user programs", Path(local) / "Programs" / "VideoLAN" / "VLC"))
    base = system.env.get("ProgramFiles")
    if base:
        # The Microsoft Store copy: a versioned package folder with VLC inside.
        store = Path(base) / "WindowsApps"
        try:
            packages = sorted(store.glob("VideoLAN.VLC_*"), reverse=True)
        except OSError:  # the folder is usually not listable for ordinary users
            packages = []
        folders.extend(("the Microsoft Store VLC", p / "VLC") for p in packages)
    seen: set[Path] = set()
    for where, folder in folders:
        if folder in seen:
            continue
        seen.add(folder)
        yield from _in_folder(where, folder, names, folder / "plugins")


def _macos(system: System, names: tuple[str, str]) -> Iterator[Candidate]:
    for where, apps in (
        ("/Applications", system.root / "Applications"),
        ("~/Applications", system.home / "Applications"),
    ):
        macos = apps / "VLC.app" / "Contents" / "MacOS"
        plugins = macos / "plugins"
        yield from _in_folder(f"VLC.app in {where}", macos / "lib", names, plugins)


def _linux(system: System, names: tuple[str, str]) -> Iterator[Candidate]:
    for sub in LINUX_LIB_FOLDERS:
        folder = system.root / sub
        plugins = folder / "vlc" / "plugins"
        yield from _in_folder(
            "the system's VLC", folder, names, plugins if plugins.is_dir() else None
        )


def check(candidate: Candidate, machine: str) -> tuple[str | None, str]:
    """(why this candidate cannot be used or None, its architecture as read from its header)."""
    library = candidate.library
    try:
        with open(library, "rb") as f:
            header = f.read(4096)
    except OSError as exc:
        return f"{library} ({candidate.where}) cannot be read: {exc.strerror or exc}.", ""
    architectures = binary_architectures(header)
    if not architectures:
        return f"{library} ({candidate.where}) is not a library this system can load.", ""
    shown = "/".join(architectures)
    if machine not in architectures:
        return (
            f"{library} ({candidate.where}) is built for {shown}, but Casebook runs as "
            f"{machine}: install the {_bits(machine)} VLC.",
            shown,
        )
    core = library.with_name(library_names(_platform_of(library))[1])
    if not core.is_file():
        return f"{library} ({candidate.where}) has no {core.name} beside it: reinstall VLC.", shown
    if candidate.plugins is not None and not candidate.plugins.is_dir():
        return (
            f"{library} ({candidate.where}) has no plugins folder at {candidate.plugins}: "
            "without it VLC cannot play anything; reinstall VLC.",
            shown,
        )
    return None, shown


def _platform_of(library: Path) -> str:
    if library.suffix.lower() == ".dll":
        return "win32"
    if library.suffix == ".dylib":
        return "darwin"
    return "linux"


def _bits(machine: str) -> str:
    return {"x86_64": "64-bit (x86_64)", "x86": "32-bit (x86)", "arm64": "ARM64"}.get(
        machine, machine
    )


# ELF e_machine, PE Machine, Mach-O cputype values, by the names `python_architecture` uses.
_ELF = {0x3E: "x86_64", 0x03: "x86", 0xB7: "arm64", 0x28: "arm"}
_PE = {0x8664: "x86_64", 0x14C: "x86", 0xAA64: "arm64", 0x1C4: "arm"}
_MACHO = {0x01000007: "x86_64", 0x7: "x86", 0x0100000C: "arm64", 0xC: "arm"}


def binary_architectures(header: bytes) -> list[str]:
    """The architectures an ELF, PE (DLL) or Mach-O (also universal) file is built for."""
    if header[:4] == b"\x7fELF" and len(header) >= 20:
        order = "<" if header[5] == 1 else ">"
        (machine,) = struct.unpack_from(order + "H", header, 18)
        return [_ELF.get(machine, f"ELF machine {machine:#x}")]
    if header[:2] == b"MZ" and len(header) >= 0x40:
        (offset,) = struct.unpack_from("<I", header, 0x3C)
        if header[offset : offset + 4] == b"PE\0\0" and len(header) >= offset + 6:
            (machine,) = struct.unpack_from("<H", header, offset + 4)
            return [_PE.get(machine, f"PE machine {machine:#x}")]
        return []
    magic = header[:4]
    if magic in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe") and len(header) >= 8:
        (cpu,) = struct.unpack_from("<I", header, 4)
        return [_MACHO.get(cpu, f"Mach-O cpu {cpu:#x}")]
    if magic == b"\xca\xfe\xba\xbe" and len(header) >= 8:  # universal: big-endian fat header
        (count,) = struct.unpack_from(">I", header, 4)
        found = []
        for i in range(min(count, 8)):
            at = 8 + i * 20
            if len(header) < at + 4:
                break
            (cpu,) = struct.unpack_from(">I", header, at)
            found.append(_MACHO.get(cpu, f"Mach-O cpu {cpu:#x}"))
        return found
    return []


def python_architecture() -> str:
    """This Python's own architecture (a 32-bit Python on 64-bit Windows is "x86")."""
    machine = platform.machine().lower()
    bits = struct.calcsize("P") * 8
    if machine in ("amd64", "x86_64", "x64", "i386", "i686", "x86"):
        return "x86_64" if bits == 64 else "x86"
    if machine in ("arm64", "aarch64"):
        return "arm64" if bits == 64 else "arm"
    return machine


def _windows_registry(key: str) -> str | None:
    """VLC's InstallDir under HKEY_LOCAL_MACHINE, then HKEY_CURRENT_USER (Windows only)."""
    if sys.platform != "win32":  # also tells the type checker winreg is Windows-only
        return None
    import winreg  # noqa: PLC0415  (Windows only)

    for hive in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(hive, key) as opened:
                value, _ = winreg.QueryValueEx(opened, "InstallDir")
                return str(value)
        except OSError:
            continue
    return None
