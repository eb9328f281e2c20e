"""The player page in a real X window under Xvfb: libvlc draws into our native window.

The picture must fill the video area the right way round: red on the left half, blue on the
right half of a split clip, read from a grab of the X screen, which is saved as a screenshot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.player_fixtures import needs_ffmpeg
from tests.tools import tools

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.xvfb,
    needs_ffmpeg,
    tools("Xvfb"),
]


def _split_clip(folder: Path) -> Path:
    # 640x360 so the picture is scaled up into the window: layout errors show at any size.
    path = folder / "split.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", "color=c=red:s=320x360:r=25:d=4",
         "-f", "lavfi", "-i", "color=c=blue:s=320x360:r=25:d=4",
         "-filter_complex", "[0:v][1:v]hstack", "-c:v", "libx264", "-pix_fmt", "yuv420p",
         str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


def _start_xvfb():
    for n in range(150, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    else:
        pytest.fail("no free X display number from :150 to :199", pytrace=False)
    proc = subprocess.Popen(
        ["Xvfb", f":{n}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():  # a process starting, not Qt: poll
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail(f"Xvfb did not start on :{n}", pytrace=False)
        time.sleep(0.05)
    return proc, f":{n}"


def _near(rgb: tuple[int, int, int], want: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 40 for a, b in zip(rgb, want, strict=True))


def test_native_window_shows_the_clip_the_right_way_round(tmp_path):
    clip = _split_clip(tmp_path)
    xvfb, display = _start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        shot = tmp_path / "player-xvfb.png"
        result = subprocess.run(
            [sys.executable, "-m", "tests.player_xvfb_case", str(clip), str(shot)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=90,
        )  # fmt: skip
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = {ln.split()[0]: ln.split()[1:] for ln in result.stdout.splitlines() if ln.strip()}
    assert lines["renderer"] == ["native"]
    assert lines["first-frame"] == ["True"], result.stdout
    left = tuple(map(int, lines["left"]))
    right = tuple(map(int, lines["right"]))
    assert _near(left, (255, 0, 0)), f"left half is {left}, not red"
    assert _near(right, (0, 0, 255)), f"right half is {right}, not blue"
    assert shot.is_file() and shot.stat().st_size > 1000
    keep = os.environ.get("CASEBOOK_KEEP_SHOTS")
    if keep:  # a folder to copy the screenshot to, for people to look at
        shutil.copyfile(shot, Path(keep) / "player-xvfb.png")


def test_native_window_plays_each_format_and_refuses_sound_only(real_world):
    """A clip whose picture libvlc sets up a moment after its clock starts (VP9, MKV, a phone
    clip) is not mistaken for one without a picture; a sound-only file is refused."""
    clips = real_world["clips"]
    names = ["phone-rotated.mp4", "vp9.webm", "subtitled.mkv", "slides.wmv", "voice-only.m4a"]
    xvfb, display = _start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        result = subprocess.run(
            [sys.executable, "-m", "tests.player_xvfb_formats_case",
             *(str(clips[n]) for n in names)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert result.returncode == 0, result.stderr[-2000:]
    said = dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.strip())
    assert said.pop("renderer") == "native"
    assert said == {
        "phone-rotated.mp4": "picture ok",
        "vp9.webm": "picture ok",
        "subtitled.mkv": "picture ok",
        "slides.wmv": "picture ok",
        "voice-only.m4a": "no-picture",
    }, result.stdout
