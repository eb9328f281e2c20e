"""The packaged app (`make dist`) beside the venv install it is made from: folder size and
cold start to the library window.

Size: the packaged folder, against what a venv install of Casebook uses to run (the app, its
runtime libraries and their dependencies, Python's own library, and the system's libvlc with
all its plugins); the whole venv, with the test tools, is printed as well. Start: the
packaged `casebook` against `python -m app` in the venv, each to its "ready" line (window
shown, event loop idle), median of five fresh processes after one warm-up. The build is
reused when the sources have not changed (packaging/build.py --cache).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import sys
import sysconfig
import tempfile
import tomllib
from pathlib import Path

from bench.bench_startup import _median, _time_to_ready

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_VLC = Path("/usr/lib/x86_64-linux-gnu")
MB = 1e6


def _build():
    spec = importlib.util.spec_from_file_location(
        "casebook_packaging_build", ROOT / "packaging" / "build.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def size(path: Path, leave_out: tuple[str, ...] = ()) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(
        p.stat().st_size
        for p in path.rglob("*")
        if p.is_file() and not p.is_symlink() and not leave_out_of(p, path, leave_out)
    )


def leave_out_of(file: Path, root: Path, leave_out: tuple[str, ...]) -> bool:
    return bool(leave_out) and file.relative_to(root).parts[0] in leave_out


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower()


def _runtime_distributions() -> set[str]:
    """Casebook's runtime requirements (pyproject.toml) and theirs, by distribution name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [_name(r) for r in project["dependencies"]]
    seen = set(todo)
    while todo:
        try:
            requires = importlib.metadata.requires(todo.pop()) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            dep = _name(requirement)
            if "extra ==" not in requirement and dep and dep not in seen:
                seen.add(dep)
                todo.append(dep)
    return seen


def venv_runtime_bytes() -> int:
    """What a venv install runs from: app/, runtime libraries, stdlib, system libvlc."""
    total = size(ROOT / "app")
    for name in _runtime_distributions():
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a requirement for another system only
        for file in dist.files or []:
            located = Path(str(dist.locate_file(file)))
            if located.is_file():
                total += located.stat().st_size
    # Python's own library, without its test suite and the base install's site-packages.
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    total += size(stdlib, leave_out=("site-packages", "test", "idlelib", "tkinter"))
    total += size(
        Path(sys.base_prefix)
        / "lib"
        / f"libpython{sys.version_info[0]}.{sys.version_info[1]}.so.1.0"
    )
    for lib in SYSTEM_VLC.glob("libvlc*.so.*"):
        total += size(lib)
    total += size(SYSTEM_VLC / "vlc")
    return total


def run(report) -> None:
    folder = _build().cached_build(Path(tempfile.gettempdir()) / f"casebook-dist-{os.getuid()}")
    packaged = size(folder)
    runtime = venv_runtime_bytes()
    whole_venv = size(Path(sys.prefix)) / MB
    print(f"packaged folder {folder}: {packaged / MB:.0f} MB; whole venv {whole_venv:.0f} MB")
    report.add("packaged folder size", packaged / MB, "MB", floor=runtime / MB, max_ratio=1)
    venv_start = _median(lambda: _time_to_ready([sys.executable, "-m", "app"]))
    dist_start = _median(lambda: _time_to_ready([str(folder / "casebook")]))
    report.add(
        "packaged cold start to library window", dist_start, "s", floor=venv_start, max_ratio=1.5
    )
