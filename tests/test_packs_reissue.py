"""A re-issued pack: the installed version number with different content. One version must mean
one set of files on every PC, so it is refused, with a message saying the version must rise;
the shared folder's refusal is logged and shown once, not at every start."""

from __future__ import annotations

import logging

from app.models.pack import PackError
from app.services import library, packs
from tests.pack_fixtures import make


def titles(paths) -> dict[str, str]:
    return {s.id: s.title for s in library.load_library(paths).scenarios}


def test_installing_a_reissued_version_is_refused_and_says_the_version_must_rise(paths, tmp_path):
    packs.install(paths, make(tmp_path / "a", version="1.0", title="First issue"))
    reissue = make(tmp_path / "b", version="1.0", title="Second issue")
    try:
        packs.install(paths, reissue)
    except PackError as exc:
        message = str(exc)
    else:
        raise AssertionError("a re-issued 1.0 was installed over the installed 1.0")
    assert message == (
        'refused: "northshire-ward" version 1.0 is already installed, with different content; '
        "the publisher must give a changed pack a higher version number (such as 1.1) and "
        "issue it again"
    )
    assert titles(paths)["pk-ward"] == "First issue"
    assert packs.installed(paths)[0].previous_version is None  # nothing was swapped


def test_the_shared_folder_refuses_a_reissue_logs_it_and_says_it_once(paths, tmp_path, caplog):
    share = tmp_path / "share"
    share.mkdir()
    make(tmp_path / "a", version="2.3", title="First issue", name="../share/ward.casebook")
    assert [r.manifest.version for r in packs.sync_shared(paths, share).installed] == ["2.3"]
    make(tmp_path / "b", version="2.3", title="Second issue", name="../share/ward.casebook")

    with caplog.at_level(logging.INFO, logger="app.services.packs"):
        first = packs.sync_shared(paths, share)  # the next start
    assert first.installed == []
    assert [name for name, _ in first.refused] == ["ward.casebook"]
    assert "version 2.3 is already installed, with different content" in first.summary()
    assert "higher version number (such as 2.4)" in first.summary()
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "ward.casebook refused" in warned[0].getMessage()
    assert titles(paths)["pk-ward"] == "First issue"

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="app.services.packs"):
        again = packs.sync_shared(paths, share)  # and the start after
    assert again.refused == [] and again.summary() == ""
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # The command line, for IT, says it every time.
    assert packs.sync_shared(paths, share, repeat=True).refused[0][0] == "ward.casebook"

    # Re-issued once more with other content again: that one is new, and said.
    make(tmp_path / "c", version="2.3", title="Third issue", name="../share/ward.casebook")
    assert [name for name, _ in packs.sync_shared(paths, share).refused] == ["ward.casebook"]

    # The publisher raises the version: it installs, and nothing is refused.
    make(tmp_path / "d", version="2.4", title="Second issue", name="../share/ward.casebook")
    fixed = packs.sync_shared(paths, share)
    assert [r.manifest.version for r in fixed.installed] == ["2.4"] and fixed.refused == []
    assert titles(paths)["pk-ward"] == "Second issue"


def test_the_same_pack_again_in_the_shared_folder_is_not_a_reissue(paths, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    pack_file = make(tmp_path, version="1.0", name="share/ward.casebook")
    packs.install(paths, pack_file)
    report = packs.sync_shared(paths, share)
    assert report.refused == [] and report.installed == [] and report.summary() == ""


def test_the_window_says_a_reissue_at_one_start_only(qtbot, paths, tmp_path, monkeypatch):
    from app.ui.window.app_window import MainWindow

    share = tmp_path / "share"
    share.mkdir()
    packs.install(paths, make(tmp_path / "a", version="1.0", title="First issue"))
    make(tmp_path / "b", version="1.0", title="Second issue", name="../share/ward.casebook")
    monkeypatch.setenv("CASEBOOK_PACKS", str(share))

    seen = []
    for _start in range(2):
        window = MainWindow(paths)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda w=window: not w.content_packs.sync_task.running, timeout=20000)
        qtbot.wait(50)  # the result is delivered on the GUI thread
        seen.append(window.status.text())
        window.close()
    assert "1 pack in the shared folder refused (ward.casebook" in seen[0]
    assert "higher version number (such as 1.1)" in seen[0]
    assert "refused" not in seen[1]
    assert titles(paths)["pk-ward"] == "First issue"
