"""Journals stay private: 0700/0600 on Linux and macOS (checked for real here), and an
owner-only, non-inherited ACL on Windows, set and checked through icacls (the command runner
is faked here, and the exact calls are checked)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app import config
from app.config import Paths
from app.platform import permissions
from app.services import doctor

FOLDER = Path(r"C:\Users\ana\AppData\Local\Casebook")

INHERITED = """{folder} NT AUTHORITY\\SYSTEM:(I)(OI)(CI)(F)
                                    BUILTIN\\Administrators:(I)(OI)(CI)(F)
                                    WARD\\ana:(I)(OI)(CI)(F)
                                    BUILTIN\\Users:(I)(OI)(CI)(RX)

Successfully processed 1 files; Failed processing 0 files
"""
OWNER_ONLY = """{folder} WARD\\ana:(OI)(CI)(F)

Successfully processed 1 files; Failed processing 0 files
"""


class FakeIcacls:
    """icacls as Windows answers it: the folder inherits from its parent until made private."""

    def __init__(self, listing: str = INHERITED, fail: bool = False) -> None:
        self.listing = listing
        self.fail = fail
        self.calls: list[list[str]] = []

    def __call__(self, command):
        self.calls.append(list(command))
        if len(command) == 2:
            return 0, self.listing.replace("{folder}", command[1])
        if self.fail:
            return 5, f"{command[1]}: Access is denied."
        self.listing = OWNER_ONLY
        return 0, "processed file: " + command[1] + "\nSuccessfully processed 1 files"


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(permissions, "PLATFORM", "win32")
    monkeypatch.setenv("USERNAME", "ana")
    monkeypatch.setenv("USERDOMAIN", "WARD")
    fake = FakeIcacls()
    monkeypatch.setattr(permissions, "run_quietly", fake)
    monkeypatch.setattr(config, "_MADE_PRIVATE", set())
    return fake


def test_windows_folder_gets_an_owner_only_non_inherited_acl(windows):
    assert permissions.restrict_to_owner(FOLDER) is None
    assert windows.calls == [
        ["icacls", str(FOLDER), "/inheritance:r", "/grant:r", "WARD\\ana:(OI)(CI)F"]
    ]


def test_windows_check_names_inheritance_and_other_accounts(windows):
    problems = permissions.owner_only_problems(FOLDER)
    assert windows.calls == [["icacls", str(FOLDER)]]
    assert any("inherits its permissions" in p for p in problems)
    assert any(
        "NT AUTHORITY\\SYSTEM" in p and "BUILTIN\\Administrators" in p and "BUILTIN\\Users" in p
        for p in problems
    )
    windows.listing = OWNER_ONLY
    assert permissions.owner_only_problems(FOLDER) == []


def test_windows_data_folder_is_made_private_when_the_app_starts(windows, tmp_path):
    paths = Paths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs", cache_dir=tmp_path / "c")
    paths.ensure()
    data, logs = str(tmp_path / "data"), str(tmp_path / "logs")
    assert windows.calls[:2] == [
        ["icacls", data],
        ["icacls", data, "/inheritance:r", "/grant:r", "WARD\\ana:(OI)(CI)F"],
    ]
    assert ["icacls", logs] in windows.calls
    before = len(windows.calls)
    paths.ensure()  # once per process: a save does not run icacls again
    assert len(windows.calls) == before


def test_windows_failure_is_logged_and_doctor_reports_it(windows, tmp_path, caplog):
    windows.fail = True
    paths = Paths(data_dir=tmp_path / "data", log_dir=tmp_path / "logs", cache_dir=tmp_path / "c")
    with caplog.at_level("WARNING"):
        paths.ensure()
    assert any("Could not make" in r.getMessage() for r in caplog.records)
    found = [f for f in doctor.check_permissions(paths) if not f.ok]
    assert found and "inherits its permissions" in found[0].message


def test_windows_doctor_is_content_with_an_owner_only_folder(windows, tmp_path):
    windows.listing = OWNER_ONLY
    paths = Paths(data_dir=tmp_path / "d", log_dir=tmp_path / "d" / "logs", cache_dir=tmp_path)
    paths.ensure()
    found = doctor.check_permissions(paths)
    assert found and all(f.ok for f in found) and "owner only" in found[0].message


# --- Linux and macOS, for real ---------------------------------------------------------------


def test_an_existing_open_folder_is_made_0700(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "_MADE_PRIVATE", set())
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    Paths(data_dir=data, log_dir=data / "logs", cache_dir=tmp_path / "c").ensure()
    assert data.stat().st_mode & 0o777 == 0o700
    assert (data / "logs").stat().st_mode & 0o777 == 0o700


def test_doctor_names_a_group_or_world_readable_file(paths, fast_kdf):
    from tests.test_export import make_profile

    make_profile(paths)
    assert all(f.ok for f in doctor.check_permissions(paths))
    os.chmod(paths.database, 0o644)
    found = [f for f in doctor.check_permissions(paths) if not f.ok]
    assert len(found) == 1
    assert str(paths.database) in found[0].message and "-rw-r--r--" in found[0].message
    assert any(not f.ok and f.area == "permissions" for f in doctor.run(paths))
