"""The packaged app (`make dist`) on a machine state without the venv, the Python it was made
from, the checkout, or the system's VLC: it starts, plays a bundled clip through its own
libvlc, lists its content and exports a PDF with its fonts.

The build is made once per set of sources (packaging/build.py --cache) and reused. Each run
of the app happens in a private mount namespace (`unshare --mount`) where those folders are
covered by empty ones and the system libvlc, its plugins and libavcodec by /dev/null, so
nothing outside the packaged folder can stand in for what it should carry.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.tools import tools

REPO = Path(__file__).resolve().parent.parent
DEMO_PASSPHRASE = "demo harbour lantern quietly"  # printed by `casebook demo`: not private
SYSTEM_LIBS = Path("/usr/lib/x86_64-linux-gnu")
# Covered inside the namespace: the system's VLC and the decoders libvlc's avcodec plugin uses.
HIDDEN_FILES = ("libvlc.so*", "libvlccore.so*", "libavcodec.so*", "libavformat.so*")

pytestmark = [pytest.mark.slow, tools("unshare", "mount")]


def _load_build():
    spec = importlib.util.spec_from_file_location(
        "casebook_packaging_build", REPO / "packaging" / "build.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dist_cache() -> Path:
    return Path(tempfile.gettempdir()) / f"casebook-dist-{os.getuid()}"


@pytest.fixture(scope="session")
def dist() -> Path:
    if os.geteuid() != 0:
        pytest.fail("the packaged-app test hides folders with mount: it runs as root (CI does)")
    return _load_build().cached_build(dist_cache())


def hiding_script() -> str:
    """Shell lines that cover the venv, its base Python, the checkout and the system VLC in
    the current mount namespace, then check that they really are gone."""
    wanted = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), REPO.resolve()}
    # A folder inside another covered one (the venv inside the checkout) is gone already.
    covered = sorted(f for f in wanted if not any(o != f and f.is_relative_to(o) for o in wanted))
    lines = ["set -e"]
    lines += [f"mount -t tmpfs tmpfs {shlex.quote(str(folder))}" for folder in covered]
    lines.append(f"mount -t tmpfs tmpfs {SYSTEM_LIBS / 'vlc'}")
    for pattern in HIDDEN_FILES:
        for file in sorted(SYSTEM_LIBS.glob(pattern)):
            if file.is_file() and not file.is_symlink():
                lines.append(f"mount --bind /dev/null {shlex.quote(str(file))}")
    python = Path(sys.executable)
    lines += [
        f'[ ! -e {shlex.quote(str(python))} ] || {{ echo "venv still visible" >&2; exit 97; }}',
        f'[ ! -s {SYSTEM_LIBS}/libvlc.so.5 ] || {{ echo "libvlc still visible" >&2; exit 97; }}',
        'exec "$@"',
    ]
    return "\n".join(lines)


def hidden(dist: Path, *args: str, home: Path, timeout: float = 120, **env: str):
    """Run the packaged `casebook` with the venv, Python, checkout and system VLC hidden."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VLC_", "CASEBOOK_", "LD_"))
    }
    return subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", hiding_script(), "sh"]
        + [str(dist / "casebook"), "--home", str(home), *args],
        cwd=home.parent,
        env={**clean, "QT_QPA_PLATFORM": "offscreen", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_the_packaged_app_plays_a_clip_through_its_own_libvlc(dist, tmp_path):
    result = hidden(dist, "doctor", "--play", "--json", home=tmp_path / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    findings = {f["area"]: f for f in json.loads(result.stdout)}
    video, playback = findings["video"], findings["playback"]
    assert video["ok"] and "this app's own copy of VLC" in video["message"], video
    assert str(dist / "_internal" / "vlc" / "libvlc.so.5") in video["message"]
    assert playback["ok"], playback
    frames = int(playback["message"].split(": ")[1].split()[0])
    assert frames >= 10, playback  # the clip is 25 pictures a second; one second was played
    assert findings["bundled"]["ok"] and str(dist) in findings["bundled"]["message"]
    assert findings["fonts"]["ok"]


def test_the_packaged_app_lists_its_content_and_prints_a_pdf_with_its_fonts(dist, tmp_path):
    home = tmp_path / "home"
    listed = hidden(dist, "content", "list", "--json", home=home)
    assert listed.returncode == 0, listed.stderr
    ids = {scenario["id"] for scenario in json.loads(listed.stdout)}
    assert {"low-mood-inpatient", "pupil-disclosure", "angry-parent"} <= ids

    demo = hidden(dist, "demo", "--json", home=home)
    assert demo.returncode == 0, demo.stderr
    profile = json.loads(demo.stdout)["profile"]["name"]
    pdf = tmp_path / "summary.pdf"
    exported = hidden(
        dist,
        *("export", "pdf", "--profile", profile, "--out", str(pdf)),
        home=home,
        CASEBOOK_PASSPHRASE=DEMO_PASSPHRASE,
    )
    assert exported.returncode == 0, exported.stderr
    reader = PdfReader(pdf)
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts, fonts
    assert "Sam" in reader.pages[0].extract_text()


def test_the_packaged_app_opens_its_window(dist, tmp_path):
    started = hidden(
        dist, home=tmp_path / "home", CASEBOOK_QUIT_AFTER_START="1", CASEBOOK_QUIT_AFTER_MS="0"
    )
    assert started.returncode == 0, started.stdout + started.stderr
    assert "casebook-ready" in started.stdout.splitlines()


@pytest.mark.xvfb
@tools("Xvfb")
def test_the_packaged_app_opens_its_window_on_x11(dist, tmp_path):
    # Qt's xcb platform plugin and the X libraries it needs come from the packaged folder too.
    from tests.test_player_xvfb import _start_xvfb

    xvfb, display = _start_xvfb()
    try:
        started = hidden(
            dist,
            home=tmp_path / "home",
            DISPLAY=display,
            QT_QPA_PLATFORM="xcb",
            CASEBOOK_QUIT_AFTER_START="1",
            CASEBOOK_QUIT_AFTER_MS="0",
        )
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert started.returncode == 0, started.stdout + started.stderr
    assert "casebook-ready" in started.stdout.splitlines()


def test_the_packaged_folder_carries_a_trimmed_vlc_with_its_plugin_cache(dist):
    plugins = dist / "_internal" / "vlc" / "plugins"
    assert (plugins / "plugins.dat").stat().st_size > 1000
    kept = {p.name for p in plugins.rglob("*.so")}
    for needed in ("libavcodec_plugin.so", "libmp4_plugin.so", "libvmem_plugin.so"):
        assert needed in kept
    for left_out in ("libhttp_plugin.so", "libupnp_plugin.so", "libgoom_plugin.so"):
        assert left_out not in kept
    notices = (dist / "LICENSES" / "NOTICE.txt").read_text()
    assert "LGPL" in notices and "VLC" in notices and "Qt" in notices
    assert (dist / "LICENSES" / "VLC-copyright.txt").is_file()


def test_making_the_plugin_cache_leaves_the_installed_vlc_as_it_was(tmp_path):
    """vlc-cache-gen also rewrites the installed VLC's own cache; the build puts it back."""
    build = _load_build()
    tool = build.cache_generator()
    assert tool is not None, "vlc-cache-gen is missing (Debian: libvlc-bin)"
    system = tool.parent / "plugins" / "plugins.dat"
    before = system.read_bytes() if system.exists() else None
    kept = system.stat() if system.exists() else None
    ours = tmp_path / "plugins"
    shutil.copytree(tool.parent / "plugins" / "demux", ours / "demux")
    old_umask = os.umask(0o077)  # as in the test run, where the journal's store sets it
    try:
        build.plugin_cache(ours)
    finally:
        os.umask(old_umask)
    assert (ours / "plugins.dat").stat().st_size > 0
    if before is None:
        assert not system.exists()
    else:
        after = system.stat()
        assert system.read_bytes() == before
        assert (after.st_mode, after.st_mtime_ns) == (kept.st_mode, kept.st_mtime_ns)
