"""An organisation's own folder, built from the kinds of files people really bring: each clip
and caption file either loads (perhaps with a warning) or is refused with one clear line."""

from __future__ import annotations

import json
import unicodedata

import pytest
from content_fixtures import casebook

from tests.realworld import manifest


@pytest.fixture
def org(tmp_path, real_world):
    clips, caps = real_world["clips"], real_world["captions"]
    v = tmp_path / "org" / "videos"
    manifest(v, "ward", clips["ward.mp4"], duration=3, captions=caps["bom-crlf.srt"])
    manifest(v, "phone", clips["phone-rotated.mp4"], duration=2)
    manifest(v, "hevc", clips["hevc.mp4"], duration=2)
    manifest(v, "vp9", clips["vp9.webm"], duration=2)
    manifest(v, "slides", clips["slides.wmv"], duration=2)
    manifest(v, "subtitled", clips["subtitled.mkv"], duration=3)
    manifest(v, "heavy", clips["heavy-hevc10.mp4"], duration=0.5)
    manifest(v, "truncated", clips["truncated.mp4"], duration=5)
    manifest(v, "voice", clips["voice-only.m4a"], duration=3)
    manifest(v, "dead", clips["dead.mp4"], duration=3)
    manifest(v, "too-long", clips["ward.mp4"], duration=300, pauses=(1.0, 120.0))
    manifest(v, "late-captions", clips["ward.mp4"], duration=3, captions=caps["late.srt"])
    for name in ("windows-1252.srt", "utf-16.srt", "tags.srt", "zero-length.srt",
                 "hours-omitted.vtt", "empty.srt", "dialogue.ass"):  # fmt: skip
        sid = "captions-" + name.split(".")[0]
        manifest(v, sid, clips["ward.mp4"], duration=3, captions=caps[name])
    # Windows: a BOM, and a backslash path in single quotes; a subfolder.
    manifest(v / "ward", "windows", clips["ward.mp4"], duration=3, video="clips\\ward.mp4",
             prefix=b"\xef\xbb\xbf")  # fmt: skip
    # A Mac: the file's name in decomposed Unicode, the manifest's composed.
    mac_name = unicodedata.normalize("NFD", "Café.mp4")
    (v / mac_name).write_bytes(clips["ward.mp4"].read_bytes())
    manifest(v, "mac", clips["ward.mp4"], duration=3, video="Café.mp4")
    manifest(v / "school", "phone-again", clips["phone-rotated.mp4"], duration=2, title="Twin")
    twin = v / "school" / "phone-again.toml"
    twin.write_text(twin.read_text().replace('id = "phone-again"', 'id = "phone"'))
    return tmp_path / "org"


def test_check_opens_every_clip_and_names_each_problem(home, org):
    result = casebook("content", "check", str(org))
    v = org / "videos"
    lines = result.stdout.splitlines()
    errors = [line for line in lines if ": warning: " not in line]
    # Each refused file, once, at its `video` line, with the cause in words.
    assert sorted(errors) == sorted(
        [
            f'{v / "truncated.toml"}:5: "truncated.mp4" stops partway: its header promises '
            "5 s but the file ends early (an interrupted download or copy); copy the clip "
            "again from its source",
            f'{v / "voice.toml"}:5: "voice-only.m4a" has sound but no picture; Casebook plays '
            "clips with a picture. Use the video file this sound came from",
            f'{v / "dead.toml"}:5: "dead.mp4" is not a video Casebook can open: it may be '
            "damaged, or another kind of file with a video's name; copy the clip again, or "
            "ask for an MP4 (H.264) copy",
            f"{v / 'too-long.toml'}:18: this pause point at 120 s is after the clip ends "
            "(3.0 s), so it would never show; move it inside the clip",
            f'{v / "school" / "phone-again.toml"}:2: the id "phone" is already used by '
            f"{v / 'phone.toml'}; give this scenario its own id",
        ]
    ), result.stdout
    assert result.returncode == 1
    warnings = "\n".join(line for line in lines if ": warning: " in line)
    assert (
        f"{v / 'too-long.toml'}:6: warning: `duration` is 300 s but the clip is 3.0 s long; "
        "Casebook uses 3.0 s. Change it to duration = 3" in warnings
    )
    assert f'{v / "late-captions.toml"}:7: warning: every caption in "late.srt"' in warnings
    assert f"{v / 'windows-1252.srt'}:1: warning: saved as Windows-1252; read as such" in warnings
    assert f"{v / 'utf-16.srt'}:1: warning: saved as UTF-16; read as such" in warnings
    assert f"{v / 'zero-length.srt'}:2: warning: this caption starts and ends" in warnings
    assert f"{v / 'empty.srt'}:1: warning: no captions could be read" in warnings
    heavy = next(line for line in lines if "heavy.toml" in line)
    assert heavy.startswith(
        f'{v / "heavy.toml"}:5: warning: "heavy-hevc10.mp4" is 2048x1152 HEVC 10-bit, heavier '
        "than a ward PC should be asked to decode"
    )
    assert "make a 1080p H.264 copy with: ffmpeg -i heavy-hevc10.mp4" in heavy
    # Read without a word: BOM + CRLF, tags, hours left out with STYLE/NOTE blocks, .ass,
    # a BOM manifest with a backslash path in a subfolder, a Mac's decomposed file name.
    for quiet in ("bom-crlf.srt", "tags.srt", "hours-omitted.vtt", "dialogue.ass",
                  "windows.toml", "mac.toml", "ward.toml", "phone.toml", "hevc.toml",
                  "vp9.toml", "slides.toml", "subtitled.toml"):  # fmt: skip
        assert f"/{quiet}:" not in result.stdout, quiet


def test_the_library_keeps_every_scenario_whose_only_flaw_is_a_warning(home, org):
    listed = casebook("content", "list", "--json", content=org)
    ids = {s["id"] for s in json.loads(listed.stdout)}
    assert {
        "ward", "phone", "hevc", "vp9", "slides", "subtitled", "windows", "mac",
        "captions-windows-1252", "captions-utf-16", "captions-tags", "captions-zero-length",
        "captions-hours-omitted", "captions-empty", "captions-dialogue", "late-captions",
    } <= ids  # fmt: skip
    skipped = listed.stderr
    assert 'phone-again.toml:2: the id "phone" is already used' in skipped
    # The check and the library say the same about a manifest (one source of truth).
    assert "windows-1252.srt:1: warning: saved as Windows-1252" in skipped


def test_the_command_offered_for_a_heavy_clip_makes_a_copy_that_is_not_heavy(tmp_path, real_world):
    import shlex
    import shutil
    import subprocess

    from app.media.probe import probe
    from app.services.clip_check import h264_copy_command

    clip = tmp_path / "heavy-hevc10.mp4"
    shutil.copyfile(real_world["clips"]["heavy-hevc10.mp4"], clip)
    assert probe(clip).heavy()
    command = h264_copy_command(clip)
    ffmpeg, *rest = shlex.split(command)  # exactly as a person would paste it
    subprocess.run([ffmpeg, "-loglevel", "error", *rest], cwd=tmp_path, check=True, timeout=120)
    copy = probe(tmp_path / "heavy-hevc10-1080p.mp4")
    assert copy.problem is None and copy.decoded and not copy.heavy()
    assert (copy.video.codec, copy.video.height) == ("h264", 1080)
