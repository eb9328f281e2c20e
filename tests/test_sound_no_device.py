"""A computer with no sound device, through real libvlc: nothing on stderr, libvlc's and ALSA's
messages in casebook.log at their mapped levels and rate-limited, and a player that says
"No sound on this computer" and still plays, captions and all, to the reflection.

Each run is a subprocess (tests/sound_player_case.py) so its stderr can be read whole: that
is where libasound and libvlc wrote before. The child sees no sound device on any machine:
the sound servers' sockets point nowhere and ALSA is asked for a card that does not exist.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.player_fixtures import captions_for, clip_folder, tone_clip

ROOT = Path(__file__).resolve().parent.parent
# libvlc's own console lines look like "[000055fc8c011090] vlcpulse audio output error: ...".
LIBVLC_LINE = re.compile(r"^\[[0-9a-f]{8,}\] ")


@pytest.fixture(scope="module")
def clips(tmp_path_factory):
    return clip_folder(tmp_path_factory)


def _no_sound_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the child asks for offscreen itself (see the case)
    env.update(
        CASEBOOK_HOME=str(home),
        CASEBOOK_HW_DECODING="none",
        PYTHONPATH=str(ROOT),
        PULSE_SERVER="unix:/nonexistent/casebook-test/pulse",
        PIPEWIRE_REMOTE="/nonexistent/casebook-test/pipewire-0",
        ALSA_CARD="CasebookNoSuchCard",
        ALSA_PCM_CARD="CasebookNoSuchCard",
    )
    return env


def _run(tmp_path: Path, *args: str) -> tuple[dict, list[str], str]:
    log_dir = tmp_path / "logs"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "sound_player_case.py"), *args, str(log_dir)],
        env=_no_sound_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    log_text = (log_dir / "casebook.log").read_text(encoding="utf-8")
    return seen, result.stderr.splitlines(), log_text


@pytest.mark.tools("ffmpeg")
def test_libvlc_and_alsa_write_to_the_log_not_stderr(tmp_path, clips):
    seen, stderr, log_text = _run(tmp_path, "player", str(tone_clip(clips, 3.0)))
    assert seen["errors"] == [] and seen["state"] == "ended", seen

    alsa = [line for line in stderr if line.startswith("ALSA lib")]
    libvlc = [line for line in stderr if LIBVLC_LINE.match(line)]
    assert alsa == [], f"{len(alsa)} ALSA lines on stderr, e.g. {alsa[:3]}"
    assert libvlc == [], f"{len(libvlc)} libvlc lines on stderr, e.g. {libvlc[:3]}"

    # libvlc's errors as warnings, formatted from their printf templates with their arguments.
    assert re.search(r"WARNING casebook\.vlc: main: failed to create audio output$", log_text, re.M)
    assert re.search(r'WARNING casebook\.vlc: alsa: cannot open ALSA device "\w+"', log_text)
    # ALSA's own lines: where they came from and the template, as information.
    assert re.search(r"INFO casebook\.alsa: \w+\.c:\d+ \(\w+\) ", log_text)
    # libvlc's debug chatter (hundreds of lines a clip) stays out at the default level.
    assert " DEBUG " not in log_text
    # Rate-limited: a few of each, then how many more there were.
    from app.media import vlc_log  # noqa: PLC0415  (here, so the checks above run on any version)

    failed = re.findall(r"casebook\.vlc: main: failed to create audio output$", log_text, re.M)
    assert 1 <= len(failed) <= vlc_log.PER_MINUTE
    assert re.search(r"\d+ similar messages suppressed: ", log_text)
    assert log_text.count("no working audio output") == 1


@pytest.mark.tools("ffmpeg")
def test_the_player_says_no_sound_and_the_clip_plays_on_with_captions(tmp_path, clips):
    clip = tone_clip(clips, 3.0)
    seen, stderr, log_text = _run(tmp_path, "view", str(clip), str(captions_for(clip)))
    from app.media.audio import NO_SOUND  # noqa: PLC0415

    assert seen["sound_available"] is False
    assert seen["indicator"] == {
        "label_visible": True,
        "label": NO_SOUND,
        "label_name": NO_SOUND,
        "volume_enabled": False,
        "mute_enabled": False,
        "volume_description": NO_SOUND,
    }
    # The clip is not held up by its missing sound: captions show, and it hands over.
    assert seen["errors"] == []
    assert "I have not slept for days." in seen["captions"]
    assert "It is hard to say this out loud." in seen["captions"]
    assert seen["reflect"] is True
    assert not [line for line in stderr if line.startswith("ALSA lib")]
    assert "no working audio output" in log_text
