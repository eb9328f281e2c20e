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


def _modules() -> dict[str, Path]:
    found = {}
    for path in APP.rglob("*.py"):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _app_imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Our modules that `path` imports anywhere in it (deferred imports count too)."""
    deps: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            deps.update(a.name for a in node.names if a.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module in modules:
            subs = {f"{node.module}.{a.name}" for a in node.names} & modules.keys()
            # `from package import submodule` depends on the submodule, not a cycle via the package
            deps.update(subs or {node.module})
    return deps


# What each layer may not import (DESIGN.md: arrows point down only).
FORBIDDEN = {
    "app.models": ("app.services", "app.media", "app.ui", "app.commands", "app.screenshots"),
    "app.services": ("app.ui", "app.commands", "app.screenshots"),
    "app.media": ("app.services", "app.ui", "app.commands", "app.screenshots"),
    # The UI reaches storage, keys and the PDF builder only through services.
    "app.ui": (
        "app.commands",
        "app.screenshots",
        "app.models.report",
        "app.models.store",
        "app.models.crypto",
    ),
}


def test_layers_import_only_downwards():
    modules = _modules()
    problems = []
    for name, path in modules.items():
        for layer, banned in FORBIDDEN.items():
            if name == layer or name.startswith(layer + "."):
                for dep in _app_imports(path, modules):
                    if any(dep == b or dep.startswith(b + ".") for b in banned):
                        problems.append(f"{name} imports {dep}")
    assert not problems, problems


def test_no_import_circles_in_app():
    modules = _modules()
    graph = {name: _app_imports(path, modules) - {name} for name, path in modules.items()}
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert not circles, circles


def test_only_media_imports_vlc_and_only_ui_has_qt_widgets():
    problems = []
    for path in APP.rglob("*.py"):
        rel = path.relative_to(APP).as_posix()
        imports = _imports(path)
        if "vlc" in imports and not rel.startswith("media/"):
            problems.append(f"{rel} imports vlc")
        widgets = any(i.startswith("PySide6.QtWidgets") for i in imports)
        # The screenshot studio drives the UI from outside, like main.py does.
        if widgets and not rel.startswith(("ui/", "screenshots/")) and rel != "main.py":
            problems.append(f"{rel} imports QtWidgets outside app/ui")
        if rel.startswith("services/") and any(
            i.startswith(("PySide6", "shiboken6")) for i in imports
        ):
            problems.append(f"{rel} imports Qt: services are shared with the command line")
    assert not problems, problems
