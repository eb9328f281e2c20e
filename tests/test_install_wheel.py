"""A normal (non-editable) install: the wheel carries the bundled content and fonts, and its
entry points. Built from this checkout, installed into a fresh venv outside the repository,
and run from a folder outside it, so nothing is found through the checkout by accident."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
DEMO_PASSPHRASE = "demo harbour lantern quietly"  # printed by `casebook demo`: not private

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy: setuptools leaves build/ and *.egg-info in the source folder, and a
    # stale build/ in the checkout would put files in the wheel that the sources no longer have.
    source = out / "source"
    for part in ("pyproject.toml", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy2(REPO / part, source / part)
    shutil.copytree(REPO / "app", source / "app", ignore=shutil.ignore_patterns("__pycache__"))
    # No build isolation: the build needs no network (setuptools comes with the test extra).
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation"]
        + ["-q", "-w", str(out)],
        check=True,
        cwd=out,
        timeout=180,
        env={**os.environ, "PIP_NO_INPUT": "1"},
    )
    [built] = out.glob("casebook-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed; the third-party libraries are the test
    venv's, named by a .pth file. A plain path line does not run the .pth files inside that
    folder, so the test venv's editable install of the checkout stays out of it."""
    root = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=False).create(root)
    python = root / "bin" / "python"
    fresh_site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # The test venv's pip installs into the fresh venv (`pip --python`), from the wheel only.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
        timeout=120,
        env=_clean_env(),  # a checkout on PYTHONPATH would count as "already installed"
    )
    # Only now: with it in place, pip would see the test venv's casebook as already installed.
    (fresh_site / "zz-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return root


def _clean_env(**env: str) -> dict[str, str]:
    """This process's environment without what would point the installed app at the checkout."""
    drop = ("PYTHONPATH", "CASEBOOK_CONTENT", "CASEBOOK_HOME")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    return {**clean, "QT_QPA_PLATFORM": "offscreen", **env}


def _run(venv_root: Path, *args: str, cwd: Path, home: Path, **env: str):
    return subprocess.run(
        [str(venv_root / "bin" / "casebook"), "--home", str(home), *args],
        cwd=cwd,
        env=_clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_wheel_carries_the_content_fonts_and_both_entry_points(wheel):
    with zipfile.ZipFile(wheel) as whl:
        names = set(whl.namelist())
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        points = whl.read(entry_points).decode()
    for part in (
        "app/resources/fonts/DejaVuSans.ttf",
        "app/resources/videos/low-mood-inpatient.mp4",
        "app/resources/videos/low-mood-inpatient.toml",
        "app/resources/prompts/core.toml",
        "app/resources/sessions/ward-team.toml",
    ):
        assert part in names, f"{part} is not in the wheel"
    # The command line is a console script; the app itself a GUI script (no console on Windows).
    assert "[console_scripts]\ncasebook = app.cli:main" in points
    assert "[gui_scripts]\ncasebook-app = app.main:main" in points


def test_an_installed_wheel_lists_content_passes_doctor_and_prints_with_its_fonts(
    installed, tmp_path
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    home = tmp_path / "home"
    python = installed / "bin" / "python"

    where = subprocess.check_output(
        [str(python), "-c", "import app; print(app.__file__)"],
        cwd=elsewhere,
        env=_clean_env(),
        text=True,
    ).strip()
    assert Path(where).is_relative_to(installed), f"app imported from {where}, not the wheel"

    listed = _run(installed, "content", "list", cwd=elsewhere, home=home)
    assert listed.returncode == 0, listed.stderr
    assert "No scenarios found" not in listed.stdout + listed.stderr
    for scenario in ("low-mood-inpatient", "pupil-disclosure", "angry-parent"):
        assert scenario in listed.stdout

    doctor = _run(installed, "doctor", "--json", cwd=elsewhere, home=home)
    findings = json.loads(doctor.stdout)
    by_area: dict[str, list[dict]] = {}
    for f in findings:
        by_area.setdefault(f["area"], []).append(f)
    assert all(f["ok"] for f in by_area["content"]), by_area["content"]
    [bundled] = by_area["bundled"]
    assert bundled["ok"] and str(installed) in bundled["message"], bundled
    assert all(f["ok"] for f in by_area["fonts"]), by_area["fonts"]
    assert doctor.returncode == 0, findings

    demo = _run(installed, "demo", "--json", cwd=elsewhere, home=home)
    assert demo.returncode == 0, demo.stderr
    profile = json.loads(demo.stdout)["profile"]["name"]
    pdf = elsewhere / "summary.pdf"
    exported = _run(
        installed,
        *("export", "pdf", "--profile", profile, "--out", str(pdf)),
        cwd=elsewhere,
        home=home,
        CASEBOOK_PASSPHRASE=DEMO_PASSPHRASE,
    )
    assert exported.returncode == 0, exported.stderr
    reader = PdfReader(pdf)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # reportlab embeds a subset of each bundled TrueType font, named like /AAAAAA+DejaVuSans.
    assert {name.split("+")[-1] for name in fonts} >= {"DejaVuSans", "DejaVuSans-Bold"}, fonts
    assert not any("Helvetica" in name for name in fonts), fonts


def test_the_installed_gui_script_opens_the_app(installed, tmp_path):
    # `casebook-app` (the GUI entry point) opens the window and nothing else.
    started = subprocess.run(
        [str(installed / "bin" / "casebook-app"), "--home", str(tmp_path / "home")],
        cwd=tmp_path,
        env=_clean_env(CASEBOOK_QUIT_AFTER_START="1", CASEBOOK_QUIT_AFTER_MS="0"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert "casebook-ready" in started.stdout.splitlines()
    assert (tmp_path / "home" / "logs").is_dir()  # --home was used
