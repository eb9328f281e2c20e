"""The 150% text screenshots (app/screenshots/accessibility.py) show what the 1x ones show: the
scenarios' posters rather than grey placeholders, and the whole 1366x768 window."""

from __future__ import annotations

from PySide6.QtGui import QImage

from app.screenshots import studio as studio_module
from app.ui.window.app_window import MainWindow


def test_the_150_percent_shots_have_the_posters_and_the_full_window(
    qapp, paths, tmp_path, monkeypatch
):
    missing: dict[str, list[str]] = {}
    save = studio_module.Studio.save

    def noting_posters(self, name, widget, *args, **kwargs):
        if isinstance(widget, MainWindow) and name.startswith("text-150-library"):
            model = widget.place_widget("library").library.posters.model
            ids = [s.id for s in widget.context.scenarios]
            assert ids  # the library has scenarios to show posters for
            missing[name] = [i for i in ids if model.poster(i) is None]
        return save(self, name, widget, *args, **kwargs)

    monkeypatch.setattr(studio_module.Studio, "save", noting_posters)
    saved = studio_module.take_all(paths, tmp_path, only=["accessibility"])
    names = {p.stem for p in saved}
    assert {"text-150-first-start", "text-150-library", "text-150-editor"} <= names
    assert missing == {"text-150-library": []}
    first = QImage(str(tmp_path / "text-150-first-start.png"))
    assert (first.width(), first.height()) == (1366, 768)
