"""The layers of DESIGN.md hold: the domain never imports Qt, and only app/media imports vlc."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import app.models

APP = Path(__file__).resolve().parent.parent / "app"


def test_models_import_no_qt():
    names = [f"app.models.{m.name}" for m in pkgutil.iter_modules(app.models.__path__)]
    assert names, "app/models has no modules"
    code = (
        "import sys, importlib\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'vlc')))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_only_media_imports_vlc_and_services_have_no_widgets():
    problems = []
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP).as_posix()
        imports = _imports(path)
        if "vlc" in imports and not rel.startswith("media/"):
            problems.append(f"{rel} imports vlc")
        if (
            not rel.startswith("ui/")
            and rel not in ("main.py",)
            and any(i.startswith("PySide6.QtWidgets") for i in imports)
        ):
            problems.append(f"{rel} imports QtWidgets outside app/ui")
    assert not problems, problems
