"""Clips and caption files of the kinds organisations really bring, made with ffmpeg.

Small (2-5 s, low resolution) and generated once per test session, never committed: a phone
clip with a rotation flag, HEVC, VP9, a truncated MP4, an audio-only .m4a, a dead file, an MKV
with an embedded subtitle track, a WMV; and captions as Windows and Mac tools write them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True, timeout=120)


def _src(seconds: float, size: str = "320x240", rate: int = 25) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}"]


def _tone(seconds: float) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={seconds}"]


def h264(path: Path, seconds: float = 3.0, size: str = "320x240", faststart: bool = False) -> Path:
    extra = ["-movflags", "+faststart"] if faststart else []
    ffmpeg(*_src(seconds, size), *_tone(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-shortest", *extra, str(path))  # fmt: skip
    return path


def phone_rotated(path: Path, seconds: float = 2.0) -> Path:
    """A landscape-coded 320x180 picture with rotate=90, as phones record portrait video.

    The left third is red, so where red ends up shows whether the rotation was honoured.
    """
    coded = path.with_name("coded-" + path.name)
    ffmpeg("-f", "lavfi", "-i", f"color=c=blue:s=320x180:r=25:d={seconds}",
           "-vf", "drawbox=x=0:y=0:w=106:h=180:color=red:t=fill",
           "-c:v", "libx264", "-pix_fmt", "yuv420p", str(coded))  # fmt: skip
    # The rotation is set on a stream copy: ffmpeg drops it when it re-encodes.
    ffmpeg("-i", str(coded), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
    coded.unlink()
    return path


def hevc(path: Path, seconds: float = 2.0, size: str = "320x240", ten_bit: bool = False) -> Path:
    fmt = "yuv420p10le" if ten_bit else "yuv420p"
    ffmpeg(*_src(seconds, size), "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", fmt,
           "-tag:v", "hvc1", "-x265-params", "log-level=none", str(path))  # fmt: skip
    return path


def heavy_hevc(path: Path) -> Path:
    """Bigger than 1080p, HEVC 10-bit, as a recent phone records (half a second: 4K takes
    ffmpeg half a minute to encode here, and the check reads only the size and depth)."""
    ffmpeg("-f", "lavfi", "-i", "testsrc2=size=2048x1152:rate=10:duration=0.5",
           "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
           "-tag:v", "hvc1", "-x265-params", "log-level=none", str(path))  # fmt: skip
    return path


def vp9(path: Path, seconds: float = 2.0) -> Path:
    ffmpeg(*_src(seconds), "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
           "-b:v", "200k", str(path))  # fmt: skip
    return path


def wmv(path: Path, seconds: float = 2.0) -> Path:
    """WMV starts on a black frame (as many exported slides and screen recordings do)."""
    ffmpeg("-f", "lavfi", "-i", "color=c=black:s=320x240:r=25:d=1",
           *_src(seconds - 1), "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]",
           "-c:v", "wmv2", "-b:v", "400k", str(path))  # fmt: skip
    return path


def truncated(path: Path, seconds: float = 5.0) -> Path:
    """An MP4 whose download stopped half way: the header promises 5 s, the picture stops."""
    full = path.with_name("full-" + path.name)
    h264(full, seconds, faststart=True)
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    full.unlink()
    return path


def audio_only(path: Path, seconds: float = 3.0) -> Path:
    ffmpeg(*_tone(seconds), "-c:a", "aac", str(path))
    return path


def dead(path: Path) -> Path:
    """Bytes that are no video at all (a renamed document, a failed copy)."""
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 40)
    return path


def mkv_with_subtitles(path: Path, seconds: float = 3.0) -> Path:
    srt = path.with_suffix(".embedded.srt")
    srt.write_text("1\n00:00:00,200 --> 00:00:02,800\nEmbedded line one\n", encoding="utf-8")
    ffmpeg(*_src(seconds), *_tone(seconds), "-i", str(srt), "-map", "0:v", "-map", "1:a",
           "-map", "2:s", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac",
           "-c:s", "srt", "-metadata:s:s:0", "language=eng", "-shortest", str(path))  # fmt: skip
    srt.unlink()
    return path


# ------------------------------------------------------------------ captions people's tools write

CUES = [
    (1.0, 3.0, "Nurse: How are you feeling today?"),
    (2.0, 4.0, "[alarm sounding]"),
]


def srt_text(cues=CUES, sep: str = ",") -> str:
    def stamp(t: float) -> str:
        ms = round(t * 1000)
        return f"{ms // 3600000:02}:{ms // 60000 % 60:02}:{ms // 1000 % 60:02}{sep}{ms % 1000:03}"

    return "".join(
        f"{i}\n{stamp(a)} --> {stamp(b)}\n{text}\n\n" for i, (a, b, text) in enumerate(cues, 1)
    )


def caption_files(folder: Path) -> dict[str, Path]:
    """Caption files of every awkward kind, by name."""
    folder.mkdir(parents=True, exist_ok=True)
    plain = srt_text()
    accents = srt_text([(1.0, 3.0, "Café – it’s “fine”, señor")])
    files: dict[str, bytes] = {
        "bom-crlf.srt": b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode("utf-8"),
        "windows-1252.srt": accents.replace("\n", "\r\n").encode("cp1252"),
        "utf-16.srt": accents.encode("utf-16"),
        "tags.srt": (
            b"1\n00:00:01,000 --> 00:00:03,000\n"
            b'{\\an8}<font color="#ffff00">Monitor beeping</font>\n\n'
            b"2\n00:00:01,500 --> 00:00:04,000\n<i>Nurse:</i> Breathe with me\n"
        ),
        "zero-length.srt": (
            b"1\n00:00:01,000 --> 00:00:01,000\nGone in no time\n\n"
            b"2\n00:00:01,500 --> 00:00:03,000\nStill here\n"
        ),
        "hours-omitted.vtt": (
            b"WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE exported from a web tool\n\n"
            b"00:01.000 --> 00:03.000\n<v Nurse>How are you feeling today?\n\n"
            b"00:02.000 --> 00:04.000 line:0\n[alarm sounding]\n"
        ),
        "empty.srt": b"",
        "late.srt": srt_text([(30.0, 32.0, "After the end")]).encode(),
        "dialogue.ass": (
            b"[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
            b"Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            b"BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
            b"BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
            b"Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,"
            b"100,0,0,1,2,0,2,10,10,10,1\n\n[Events]\n"
            b"Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
            b"Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,How are you feeling today?\n"
        ),
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    return out


def clip_files(folder: Path) -> dict[str, Path]:
    """Every kind of clip, by name (made once; the folder is reused within a session)."""
    folder.mkdir(parents=True, exist_ok=True)
    makers = {
        "ward.mp4": lambda p: h264(p, 3.0),
        "phone-rotated.mp4": phone_rotated,
        "hevc.mp4": hevc,
        "vp9.webm": vp9,
        "slides.wmv": wmv,
        "truncated.mp4": truncated,
        "voice-only.m4a": audio_only,
        "dead.mp4": dead,
        "subtitled.mkv": mkv_with_subtitles,
        "heavy-hevc10.mp4": heavy_hevc,
    }
    out = {}
    for name, make in makers.items():
        path = folder / name
        if not path.exists():
            make(path)
        out[name] = path
    return out


# ------------------------------------------------------------------ an organisation's folder

MANIFEST = """\
[scenario]
id = "{id}"
title = "{title}"
summary = "A clip an organisation added."
video = {video}
duration = {duration}
{captions}roles = ["ward-nurse"]
topics = ["low-mood"]
setting = "inpatient ward"
level = "introductory"
learning_objectives = ["Notice how the person presents."]
"""


def manifest(
    folder: Path,
    sid: str,
    clip: Path,
    *,
    duration: float,
    captions: Path | None = None,
    title: str | None = None,
    video: str | None = None,
    pauses: tuple[float, ...] = (),
    prefix: bytes = b"",
) -> Path:
    """A manifest beside copies of `clip` (and `captions`), as an educator would write it."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (video or clip.name).replace("\\", "/").split("/")[-1]
    if video and ("\\" in video or "/" in video):
        target = folder.joinpath(*video.replace("\\", "/").split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(clip, target)
    caption_line = ""
    if captions is not None:
        shutil.copyfile(captions, folder / captions.name)
        caption_line = f'captions = "{captions.name}"\n'
    text = MANIFEST.format(
        id=sid,
        title=title or sid.replace("-", " ").capitalize(),
        video=f"'{video}'" if video else f'"{clip.name}"',
        duration=duration,
        captions=caption_line,
    )
    for at in pauses:
        text += f'\n[[scenario.pause]]\nat = {at}\nlabel = "What do you notice?"\n'
    path = folder / f"{sid}.toml"
    path.write_bytes(prefix + text.encode("utf-8"))
    return path
