"""The machine policy IT sets for every user: the data, log, content and packs folders, with
the user's name filled in. Read from a real file; the app and CLI really use it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.config import Paths, Settings
from app.errors import CasebookError
from app.policy import POLICY_ENV, PolicyProblem, expand, load_policy, policy_file
from app.services import doctor

PASS = "plum kettle orbit 7 window"


@pytest.fixture
def managed_pc(tmp_path, monkeypatch):
    """No CASEBOOK_HOME (as on a real PC), a user called ana.m, and a policy file to write."""
    for name in ("CASEBOOK_HOME", "CASEBOOK_CONTENT", "CASEBOOK_PACKS", "CASEBOOK_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "ana.m")
    # The user's own folders, so nothing reaches the real home of whoever runs the tests.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "local" / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "local" / "cache"))
    monkeypatch.setenv("HOMEDRIVE_SHARE", str(tmp_path / "homes"))
    file = tmp_path / "ProgramData" / "Casebook" / "policy.toml"
    file.parent.mkdir(parents=True)
    monkeypatch.setenv(POLICY_ENV, str(file))
    return file


def test_policy_sets_data_and_content_folders_for_the_user(managed_pc, tmp_path):
    managed_pc.write_text(
        'data_folder = "%HOMEDRIVE_SHARE%/{user}/Casebook"\n'
        f'content_folder = "{tmp_path}/shared/content"\n'
        f'packs_folder = "{tmp_path}/shared/packs"\n',
        encoding="utf-8",
    )
    paths = Paths.resolve()
    assert paths.policy_problem is None
    assert paths.data_dir == tmp_path / "homes" / "ana.m" / "Casebook"
    assert paths.log_dir == paths.data_dir / "logs"  # kept with the data, not wiped at logoff
    assert paths.database == paths.data_dir / "casebook.db"
    assert paths.content_folder() == tmp_path / "shared" / "content"
    assert paths.shared_packs_folder() == tmp_path / "shared" / "packs"


def test_the_environment_wins_over_the_policy_which_wins_over_the_setting(
    managed_pc, tmp_path, monkeypatch
):
    managed_pc.write_text(
        f'data_folder = "{tmp_path}/policy-data"\ncontent_folder = "{tmp_path}/policy-content"\n',
        encoding="utf-8",
    )
    paths = Paths.resolve()
    Settings(content_folder=str(tmp_path / "my-content")).save(paths)
    assert paths.content_folder() == tmp_path / "policy-content"
    monkeypatch.setenv("CASEBOOK_CONTENT", str(tmp_path / "env-content"))
    assert paths.content_folder() == tmp_path / "env-content"
    monkeypatch.setenv("CASEBOOK_HOME", str(tmp_path / "env-home"))
    assert Paths.resolve().data_dir == (tmp_path / "env-home").resolve()
    assert Paths.resolve(tmp_path / "flag-home").data_dir == (tmp_path / "flag-home").resolve()


def test_without_a_policy_the_user_folders_are_used(managed_pc, tmp_path):
    paths = Paths.resolve()
    assert paths.policy.source is None and paths.policy_problem is None
    assert paths.data_dir == tmp_path / "local" / "data" / "Casebook"


def test_user_name_and_variables_are_filled_in(monkeypatch):
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "jo")
    monkeypatch.setenv("HOMESHARE", r"\\files\homes$\jo")
    assert expand(r"%HOMESHARE%\Casebook") == r"\\files\homes$\jo\Casebook"
    assert expand("/srv/{user}/Casebook") == "/srv/jo/Casebook"
    assert expand(r"H:\%USERNAME%\Casebook") == r"H:\jo\Casebook"
    assert expand("{home}/Casebook") == str(Path.home() / "Casebook")


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("win32", Path(r"D:\ProgramData") / "Casebook" / "policy.toml"),
        ("darwin", Path("/Library/Application Support/Casebook/policy.toml")),
        ("linux", Path("/etc/casebook/policy.toml")),
    ],
)
def test_each_system_keeps_the_policy_where_administrators_write(monkeypatch, platform, expected):
    monkeypatch.delenv(POLICY_ENV, raising=False)
    monkeypatch.setenv("PROGRAMDATA", r"D:\ProgramData")
    assert policy_file(platform) == expected


def test_windows_folders_in_a_policy_are_full_paths(managed_pc, monkeypatch):
    managed_pc.write_text(
        'data_folder = "H:\\\\Casebook"\ncontent_folder = "\\\\\\\\files\\\\content"\n',
        encoding="utf-8",
    )
    policy = load_policy(managed_pc)
    assert str(policy.data_folder) == r"H:\Casebook"
    assert str(policy.content_folder) == r"\\files\content"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('data_folder = "H:\\Casebook', "not valid TOML"),
        ('data_folder = "Casebook"', "must be a full path"),
        ("data_folder = 5", "must be a folder in quotes"),
        ('data_dir = "/srv/x"', "does not know: data_dir"),
        ('data_folder = "%NO_SUCH_SHARE%/x"', "%NO_SUCH_SHARE%, which is not set"),
    ],
)
def test_a_broken_policy_says_what_is_wrong(managed_pc, text, says):
    managed_pc.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyProblem, match=says.replace("%", "%")):
        load_policy(managed_pc)
    paths = Paths.resolve()
    assert says in (paths.policy_problem or "")
    with pytest.raises(CasebookError, match="does not start until it is fixed"):
        paths.check_policy()


def test_cli_refuses_a_broken_policy_and_doctor_reports_it(managed_pc, capsys):
    managed_pc.write_text("data_folder = [", encoding="utf-8")
    assert main(["profile", "list"]) == 1
    out, err = capsys.readouterr()
    assert "not valid TOML" in err and str(managed_pc) in err
    assert "Traceback" not in out + err
    assert main(["doctor"]) == 1
    out, _ = capsys.readouterr()
    assert f"PROBLEM  policy: The machine policy {managed_pc} is not valid TOML" in out


def test_cli_saves_profiles_where_the_policy_says(
    managed_pc, tmp_path, monkeypatch, capsys, fast_kdf
):
    managed_pc.write_text(f'data_folder = "{tmp_path}/homes/{{user}}/Casebook"\n', encoding="utf-8")
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)
    code = main(["profile", "create", "--name", "Ana", "--role", "teacher"])
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "homes" / "ana.m" / "Casebook" / "casebook.db").is_file()
    assert not (tmp_path / "local" / "data").exists()
    found = doctor.check_policy(Paths.resolve())
    assert found[0].ok and "homes/ana.m/Casebook" in found[0].message


def test_the_app_shows_why_it_will_not_start(managed_pc, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.main import run_gui

    managed_pc.write_text('data_folder = "relative"', encoding="utf-8")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[1:3]))
    assert run_gui() == 1
    assert shown and shown[0][0] == "Casebook cannot start"
    assert "must be a full path" in shown[0][1]
