"""Finding libvlc before python-vlc does: the packaged copy, the PYTHON_VLC_* settings, and
where VLC installs on Windows, macOS and Linux. Windows and macOS are fake folder trees and a
fake registry here (the OS seams of `System`); Linux is also checked against this machine's
real libvlc, and a wrong setting against the real app and `casebook doctor`."""

from __future__ import annotations

import dataclasses
import json
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.media.vlc_locate import (
    LIB_ENV,
    PLUGINS_ENV,
    System,
    binary_architectures,
    locate,
    python_architecture,
)

REPO = Path(__file__).resolve().parent.parent
SYSTEM_LIBVLC = Path("/usr/lib/x86_64-linux-gnu/libvlc.so.5")


def pe(machine: int = 0x8664) -> bytes:
    """The start of a Windows DLL: MZ header pointing at a PE header with this machine."""
    head = bytearray(b"MZ" + bytes(0x3A))
    head += struct.pack("<I", 0x40)
    return bytes(head) + b"PE\0\0" + struct.pack("<H", machine) + bytes(64)


def elf(machine: int = 0x3E) -> bytes:
    return b"\x7fELF" + bytes([2, 1, 1]) + bytes(9) + struct.pack("<HH", 3, machine) + bytes(64)


def macho(cpu: int = 0x01000007) -> bytes:
    return b"\xcf\xfa\xed\xfe" + struct.pack("<I", cpu) + bytes(64)


def universal(*cpus: int) -> bytes:
    fat = b"\xca\xfe\xba\xbe" + struct.pack(">I", len(cpus))
    for cpu in cpus:
        fat += struct.pack(">IIIII", cpu, 3, 4096, 1000, 12)
    return fat + bytes(64)


def vlc_folder(folder: Path, lib: str, core: str, header: bytes, plugins: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / lib).write_bytes(header)
    (folder / core).write_bytes(header)
    if plugins:
        (folder / "plugins" / "codec").mkdir(parents=True)
    return folder


def windows_vlc(folder: Path, machine: int = 0x8664, plugins: bool = True) -> Path:
    return vlc_folder(folder, "libvlc.dll", "libvlccore.dll", pe(machine), plugins)


def system(tmp_path: Path, platform: str, **kw) -> System:
    defaults = {
        "platform": platform,
        "env": {},
        "root": tmp_path / "root",
        "home": tmp_path / "home",
        "machine": "x86_64",
        "bundle": None,
        "app_folder": tmp_path / "app",
    }
    return System(**{**defaults, **kw})


# -- Windows -----------------------------------------------------------------------------------


def test_windows_uses_the_folder_the_registry_names(tmp_path):
    installed = windows_vlc(tmp_path / "D" / "Tools" / "VLC")
    keys = []

    def registry(key):
        keys.append(key)
        return str(installed) if key == "SOFTWARE\\VideoLAN\\VLC" else None

    found = locate(system(tmp_path, "win32", registry=registry))
    assert found.library == installed / "libvlc.dll"
    assert found.plugins == installed / "plugins"
    assert found.architecture == "x86_64" and "registry" in found.where
    assert keys[0] == "SOFTWARE\\VideoLAN\\VLC"


def test_windows_passes_over_a_32_bit_vlc_and_says_to_install_the_64_bit_one(tmp_path):
    program_files = tmp_path / "Program Files"
    x86 = tmp_path / "Program Files (x86)"
    windows_vlc(x86 / "VideoLAN" / "VLC", machine=0x14C)
    env = {"ProgramFiles": str(program_files), "ProgramFiles(x86)": str(x86)}

    found = locate(system(tmp_path, "win32", env=env))
    assert not found.found
    assert "built for x86" in found.describe() and "64-bit (x86_64)" in found.describe()

    windows_vlc(program_files / "VideoLAN" / "VLC")
    found = locate(system(tmp_path, "win32", env=env))
    assert found.library == program_files / "VideoLAN" / "VLC" / "libvlc.dll"
    assert found.where == "%ProgramFiles%\\VideoLAN\\VLC"
    assert found.problems == ()  # the 64-bit VLC comes first: the 32-bit one is not reached


def test_windows_finds_a_portable_vlc_beside_casebook_and_the_store_copy(tmp_path):
    app_folder = tmp_path / "Casebook"
    windows_vlc(app_folder / "VLCPortable" / "App" / "vlc")
    found = locate(system(tmp_path, "win32", app_folder=app_folder))
    assert found.where == "a portable VLC beside Casebook"
    assert found.library == app_folder / "VLCPortable" / "App" / "vlc" / "libvlc.dll"

    program_files = tmp_path / "PF"
    apps = program_files / "WindowsApps"
    windows_vlc(apps / "VideoLAN.VLC_3.0.20.0_x64__paz6r1rewnh0a" / "VLC")
    found = locate(system(tmp_path, "win32", env={"ProgramFiles": str(program_files)}))
    assert found.where == "the Microsoft Store VLC"
    assert found.library.parent.parent.name.startswith("VideoLAN.VLC_3.0.20.0")


def test_windows_says_when_the_plugins_folder_or_libvlccore_is_missing(tmp_path):
    program_files = tmp_path / "PF"
    folder = windows_vlc(program_files / "VideoLAN" / "VLC", plugins=False)
    env = {"ProgramFiles": str(program_files)}
    found = locate(system(tmp_path, "win32", env=env))
    assert not found.found
    assert f"no plugins folder at {folder / 'plugins'}" in found.describe()

    (folder / "plugins").mkdir()
    (folder / "libvlccore.dll").unlink()
    found = locate(system(tmp_path, "win32", env=env))
    assert not found.found and "no libvlccore.dll beside it" in found.describe()


# -- macOS -------------------------------------------------------------------------------------


def mac_vlc(apps: Path, header: bytes) -> Path:
    macos = apps / "VLC.app" / "Contents" / "MacOS"
    vlc_folder(macos / "lib", "libvlc.dylib", "libvlccore.dylib", header, plugins=False)
    (macos / "plugins").mkdir(parents=True)
    return macos


def test_macos_finds_vlc_app_in_applications_then_in_the_home_folder(tmp_path):
    home_apps = mac_vlc(tmp_path / "home" / "Applications", universal(0x01000007, 0x0100000C))
    found = locate(system(tmp_path, "darwin", machine="arm64"))
    assert found.library == home_apps / "lib" / "libvlc.dylib"
    assert found.plugins == home_apps / "plugins"
    assert found.architecture == "x86_64/arm64" and found.where == "VLC.app in ~/Applications"

    intel_only = mac_vlc(tmp_path / "root" / "Applications", macho(0x01000007))
    found = locate(system(tmp_path, "darwin", machine="arm64"))
    # The Intel-only VLC in /Applications cannot load into an Apple-silicon Python.
    assert found.library == home_apps / "lib" / "libvlc.dylib"
    assert any(str(intel_only) in p and "built for x86_64" in p for p in found.problems)


# -- Linux, settings and the packaged copy -----------------------------------------------------


def test_linux_finds_the_system_libvlc_in_a_fake_root_and_on_this_machine(tmp_path):
    lib = tmp_path / "root" / "usr" / "lib64"
    vlc_folder(lib, "libvlc.so.5", "libvlccore.so.9", elf(), plugins=False)
    found = locate(system(tmp_path, "linux"))
    assert found.library == lib / "libvlc.so.5" and found.plugins is None

    # This machine as it is, without a PYTHON_VLC_* setting (an earlier load may have set one).
    real = locate(dataclasses.replace(System.current(), env={}))
    assert real.library == SYSTEM_LIBVLC and real.architecture == python_architecture()
    assert real.plugins == SYSTEM_LIBVLC.parent / "vlc" / "plugins"
    # libvlc finds its own plugins; told them again it would load each one twice.
    assert real.plugins_to_tell is None
    # The same library named by PYTHON_VLC_LIB_PATH (as a process started from this one
    # inherits it) is not told its plugins either.
    named = locate(dataclasses.replace(System.current(), env={LIB_ENV: str(SYSTEM_LIBVLC)}))
    assert named.where == f"the {LIB_ENV} setting" and named.plugins_to_tell is None


def test_the_packaged_apps_own_copy_comes_first(tmp_path):
    bundle = tmp_path / "bundle"
    vlc_folder(bundle / "vlc", "libvlc.so.5", "libvlccore.so.9", elf())
    vlc_folder(tmp_path / "root" / "usr" / "lib", "libvlc.so.5", "libvlccore.so.9", elf())
    found = locate(system(tmp_path, "linux", bundle=bundle))
    assert found.library == bundle / "vlc" / "libvlc.so.5"
    assert found.plugins == bundle / "vlc" / "plugins"
    assert found.plugins_to_tell == bundle / "vlc" / "plugins"
    assert found.where == "this app's own copy of VLC"


def test_wrong_settings_are_passed_over_and_named(tmp_path):
    system_lib = vlc_folder(
        tmp_path / "root" / "usr" / "lib", "libvlc.so.5", "libvlccore.so.9", elf()
    )
    not_a_library = tmp_path / "notes.txt"
    not_a_library.write_text("not a library")
    for setting, says in (
        ({LIB_ENV: str(tmp_path / "gone" / "libvlc.so")}, "which does not exist"),
        ({LIB_ENV: str(not_a_library)}, "is not a library this system can load"),
        ({PLUGINS_ENV: str(tmp_path / "no-plugins")}, "which is not a folder"),
    ):
        found = locate(system(tmp_path, "linux", env=setting))
        assert found.library == system_lib / "libvlc.so.5", setting
        [wrong] = found.wrong_settings
        assert next(iter(setting)) in wrong and says in wrong, wrong
        assert says in found.describe()


def test_a_right_setting_is_used_with_the_plugins_beside_it(tmp_path):
    own = vlc_folder(tmp_path / "opt" / "vlc", "libvlc.so.5", "libvlccore.so.9", elf())
    env = {LIB_ENV: str(own / "libvlc.so.5")}
    found = locate(system(tmp_path, "linux", env=env))
    assert found.library == own / "libvlc.so.5" and found.plugins == own / "plugins"
    assert found.wrong_settings == ()


def test_headers_name_their_architectures():
    assert binary_architectures(pe(0x8664)) == ["x86_64"]
    assert binary_architectures(pe(0xAA64)) == ["arm64"]
    assert binary_architectures(elf(0xB7)) == ["arm64"]
    assert binary_architectures(macho(0x0100000C)) == ["arm64"]
    assert binary_architectures(b"plain text, not a library") == []
    assert binary_architectures(SYSTEM_LIBVLC.read_bytes()[:4096]) == ["x86_64"]


# -- the real app with a wrong setting -----------------------------------------------------------


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON_VLC", "VLC_"))}
    return {
        **env,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "CASEBOOK_HOME": str(tmp_path / "home"),
        **extra,
    }


def test_doctor_names_a_wrong_vlc_setting_and_still_finds_the_system_vlc(tmp_path):
    wrong = str(tmp_path / "gone" / "libvlc.so")
    result = subprocess.run(
        [sys.executable, "-m", "app", "doctor", "--json"],
        env=_env(tmp_path, PYTHON_VLC_LIB_PATH=wrong, PYTHON_VLC_MODULE_PATH=wrong),
        capture_output=True,
        text=True,
        timeout=60,
    )
    findings = [f for f in json.loads(result.stdout) if f["area"] == "video"]
    assert result.returncode == 1  # the wrong settings need fixing...
    assert findings[0]["ok"] and str(SYSTEM_LIBVLC) in findings[0]["message"]  # ...video works
    problems = [f["message"] for f in findings if not f["ok"]]
    assert any(LIB_ENV in p and "does not exist" in p for p in problems), problems
    assert any(PLUGINS_ENV in p and "not a folder" in p for p in problems), problems


@pytest.mark.slow
def test_the_app_keeps_running_with_a_wrong_vlc_setting(tmp_path):
    wrong = str(tmp_path / "gone" / "libvlc.so")
    log = tmp_path / "app-output.txt"
    with open(log, "wb") as output:
        app = subprocess.Popen(
            [sys.executable, "-m", "app"],
            env=_env(tmp_path, PYTHON_VLC_LIB_PATH=wrong),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            # The window asks for libvlc 1.5 s after it shows; python-vlc used to exit there.
            time.sleep(4)
            assert app.poll() is None, f"the app quit: {log.read_text()}"
        finally:
            app.kill()
            app.wait(timeout=10)
    logs = "".join(p.read_text() for p in (tmp_path / "home" / "logs").glob("*.log*"))
    assert "does not exist; it is ignored" in logs and str(SYSTEM_LIBVLC) in logs


def test_with_no_vlc_anywhere_the_message_says_what_to_install_and_what_was_wrong(
    tmp_path, monkeypatch
):
    from app.media import vlc_loader

    wrong = str(tmp_path / "gone" / "libvlc.so")
    fake = system(tmp_path, "linux", env={LIB_ENV: wrong})
    monkeypatch.setattr(vlc_loader.System, "current", classmethod(lambda cls: fake))
    monkeypatch.delenv("CASEBOOK_NO_VLC", raising=False)
    for name in ("_vlc", "_error", "_finding", "_instance"):
        monkeypatch.setattr(vlc_loader, name, None)
    with pytest.raises(vlc_loader.VlcMissing) as missing:
        vlc_loader.load_vlc()
    message = str(missing.value)
    assert message.startswith("Video playback needs VLC 3, which was not found")
    assert f"{LIB_ENV} names {wrong}, which does not exist" in message
    assert vlc_loader.vlc_finding() is not None and not vlc_loader.vlc_finding().found
