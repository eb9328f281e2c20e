"""Regenerate the bundled synthetic demo library in app/resources/videos/.

For each script in demo_scripts.py: speak every line with espeak-ng (one voice per person),
lay the lines on a timeline, draw the scene with QPainter (one still per "who is talking,
mouth open or shut" state), encode an H.264/AAC MP4 with ffmpeg, write captions (.srt or
.vtt) from the same lines and timings, and write the TOML manifest with the measured duration.

    python scripts/make_demo_videos.py [--out DIR] [--only ID ...]

Needs: espeak-ng, ffmpeg/ffprobe (with libx264), PySide6. Output is deterministic on a given
toolchain: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import array
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from demo_scripts import SCRIPTS, Person, Script  # noqa: E402

W, H = 640, 360
FPS = 25
RATE = 22050  # espeak-ng's native sample rate
TITLE_SECONDS = 4.0
END_SECONDS = 4.5
GAP_SECONDS = 0.45  # silence between lines
SPEED_FACTOR = 1.1  # keeps every clip within 45-90 s without rewriting voices
PAUSE_EXTRA_SECONDS = 1.2  # extra silence around a pause point
MOUTH_STEP = 0.1  # seconds per mouth frame
LABEL = "Synthetic demo - not clinical guidance"
FONT = "DejaVu Sans"


# ---------------------------------------------------------------- audio and timeline


@dataclass
class Spoken:
    who: str
    text: str
    start: float
    end: float
    samples: array.array


def speak(person: Person, text: str, workdir: Path, n: int) -> array.array:
    wav = workdir / f"line{n:02d}.wav"
    subprocess.run(
        [
            "espeak-ng",
            "-v",
            person.voice,
            "-p",
            str(person.pitch),
            "-s",
            str(round(person.speed * SPEED_FACTOR)),
            "-g",
            "2",
            "-w",
            str(wav),
            text,
        ],
        check=True,
    )
    with wave.open(str(wav), "rb") as w:
        if w.getframerate() != RATE or w.getnchannels() != 1 or w.getsampwidth() != 2:
            raise SystemExit(f"espeak-ng gave an unexpected format for voice {person.voice}")
        data = array.array("h")
        data.frombytes(w.readframes(w.getnframes()))
    return _trim(data)


def _trim(data: array.array, threshold: int = 200) -> array.array:
    """Drop leading and trailing near-silence so the gaps on the timeline are what we set."""
    start = next((i for i, v in enumerate(data) if abs(v) > threshold), 0)
    end = next((i for i in range(len(data) - 1, -1, -1) if abs(data[i]) > threshold), len(data) - 1)
    return data[max(0, start - 200) : end + 400]


def build_timeline(
    script: Script, workdir: Path
) -> tuple[list[Spoken], list[tuple[float, str]], float]:
    people = {p.key: p for p in script.people}
    t = TITLE_SECONDS
    spoken: list[Spoken] = []
    pauses: list[tuple[float, str]] = []
    for n, line in enumerate(script.lines):
        samples = speak(people[line.who], line.text, workdir, n)
        length = len(samples) / RATE
        spoken.append(Spoken(line.who, line.text, round(t, 3), round(t + length, 3), samples))
        t += length
        if line.pause:
            pauses.append((round(t + 0.3, 1), line.pause))
            t += PAUSE_EXTRA_SECONDS
        t += GAP_SECONDS
    total = round(t + END_SECONDS, 1)
    return spoken, pauses, total


def write_audio(spoken: list[Spoken], total: float, path: Path) -> None:
    track = array.array("h", bytes(2 * int(total * RATE)))
    for s in spoken:
        offset = int(round(s.start * RATE))
        # espeak-ng peaks at full scale; 80 % leaves the AAC encoder headroom (no clipping)
        track[offset : offset + len(s.samples)] = array.array("h", (v * 4 // 5 for v in s.samples))
    del track[int(total * RATE) :]
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(track.tobytes())


def mouth_open(s: Spoken, t: float) -> bool:
    """Open when this slice of the line is loud: the mouth moves with the synthetic voice."""
    a = int((t - s.start) * RATE)
    b = min(len(s.samples), a + int(MOUTH_STEP * RATE))
    if a < 0 or a >= b:
        return False
    chunk = s.samples[a:b]
    return sum(abs(v) for v in chunk[::8]) / len(chunk[::8]) > 1800


# ---------------------------------------------------------------- captions


def caption_cues(script: Script, spoken: list[Spoken]) -> list[tuple[float, float, str]]:
    """Split each line into readable chunks (at most two lines of ~42 characters), timed in
    proportion to their length within the spoken line."""
    names = {p.key: p.name for p in script.people}
    cues: list[tuple[float, float, str]] = []
    for s in spoken:
        sentences = re.split(r"(?<=[.!?])\s+", s.text.strip())
        chunks: list[str] = []
        for sentence in sentences:
            if chunks and len(chunks[-1]) + 1 + len(sentence) <= 80:
                chunks[-1] += " " + sentence
            else:
                chunks.append(sentence)
        chunks[0] = f"{names[s.who]}: {chunks[0]}"
        total_chars = sum(len(c) for c in chunks)
        t = s.start
        for c in chunks:
            end = t + (s.end - s.start) * len(c) / total_chars
            cues.append((round(t, 3), round(end, 3), "\n".join(textwrap.wrap(c, 44))))
            t = end
    return cues


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def write_captions(cues: list[tuple[float, float, str]], path: Path, fmt: str) -> None:
    out: list[str] = []
    if fmt == "vtt":
        out.append("WEBVTT\n")
        for a, b, text in cues:
            out.append(f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}\n")
    else:
        for n, (a, b, text) in enumerate(cues, start=1):
            out.append(f"{n}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}\n")
    path.write_text("\n".join(out), encoding="utf-8")


# ---------------------------------------------------------------- drawing


def qt():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import QtCore, QtGui

    app = QtGui.QGuiApplication.instance() or QtGui.QGuiApplication([])
    return QtCore, QtGui, app


class Painter:
    """Draws scenes, people and cards into 640x360 images."""

    def __init__(self) -> None:
        self.QtCore, self.QtGui, self._app = qt()

    # small helpers -------------------------------------------------------
    def color(self, c: str, alpha: int = 255):
        col = self.QtGui.QColor(c)
        col.setAlpha(alpha)
        return col

    def font(self, px: int, bold: bool = False):
        f = self.QtGui.QFont(FONT)
        f.setPixelSize(px)
        f.setBold(bold)
        return f

    def rect(self, p, x, y, w, h, fill, radius=0, outline=None):
        QtCore = self.QtCore
        p.setPen(self.QtGui.QPen(self.color(outline), 1.5) if outline else QtCore.Qt.NoPen)
        p.setBrush(self.color(fill) if isinstance(fill, str) else fill)
        if radius:
            p.drawRoundedRect(QtCore.QRectF(x, y, w, h), radius, radius)
        else:
            p.drawRect(QtCore.QRectF(x, y, w, h))

    def ellipse(self, p, cx, cy, rx, ry, fill, outline=None):
        QtCore = self.QtCore
        p.setPen(self.QtGui.QPen(self.color(outline), 1.5) if outline else QtCore.Qt.NoPen)
        p.setBrush(self.color(fill))
        p.drawEllipse(QtCore.QPointF(cx, cy), rx, ry)

    def text(self, p, x, y, w, h, s, px, color="#1b1b1b", bold=False, align=None):
        QtCore = self.QtCore
        p.setPen(self.color(color))
        p.setFont(self.font(px, bold))
        flags = align if align is not None else (QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter)
        p.drawText(QtCore.QRectF(x, y, w, h), int(flags) | int(QtCore.Qt.TextWordWrap), s)

    def fit(self, s: str, w: int, h: int, largest: int, smallest: int) -> int:
        """The largest pixel size (down to `smallest`) at which `s`, word-wrapped, fits w x h."""
        QtCore = self.QtCore
        for px in range(largest, smallest - 1, -1):
            metrics = self.QtGui.QFontMetrics(self.font(px))
            box = metrics.boundingRect(
                QtCore.QRect(0, 0, w, 10_000), int(QtCore.Qt.TextWordWrap), s
            )
            if box.height() <= h:
                return px
        raise SystemExit(f"text too long for its card even at {smallest}px: {s[:60]}...")

    def new_image(self):
        img = self.QtGui.QImage(W, H, self.QtGui.QImage.Format_RGB32)
        img.fill(self.color("#ffffff"))
        p = self.QtGui.QPainter(img)
        p.setRenderHint(self.QtGui.QPainter.Antialiasing)
        p.setRenderHint(self.QtGui.QPainter.TextAntialiasing)
        return img, p

    # backgrounds ---------------------------------------------------------
    def floor(self, p, wall, floor, y=285):
        self.rect(p, 0, 0, W, y, wall)
        self.rect(p, 0, y, W, H - y, floor)
        self.rect(p, 0, y - 6, W, 6, "#8a8f94")

    def window(self, p, x, y, w, h, sky="#b9dcf2", night=False):
        self.rect(p, x - 6, y - 6, w + 12, h + 12, "#f4f4f4", 3, "#9aa3aa")
        self.rect(p, x, y, w, h, "#1d2b4a" if night else sky)
        if night:
            for sx, sy in ((0.2, 0.3), (0.55, 0.2), (0.8, 0.45), (0.35, 0.6)):
                self.ellipse(p, x + w * sx, y + h * sy, 1.6, 1.6, "#f5f1c8")
            self.ellipse(p, x + w * 0.75, y + h * 0.25, 9, 9, "#f0e9b8")
        else:
            self.ellipse(p, x + w * 0.3, y + h * 0.35, 22, 9, "#ffffff")
            self.ellipse(p, x + w * 0.45, y + h * 0.3, 16, 10, "#ffffff")
        self.rect(p, x + w / 2 - 2, y, 4, h, "#f4f4f4")
        self.rect(p, x, y + h / 2 - 2, w, 4, "#f4f4f4")

    def sign(self, p, x, y, w, h, s, fill="#1f5f8b", color="#ffffff"):
        self.rect(p, x, y, w, h, fill, 4)
        self.text(p, x, y, w, h, s, 13, color, True, self.QtCore.Qt.AlignCenter)

    def chair(self, p, cx, floor_y=300, color="#4f6d7a"):
        self.rect(p, cx - 34, floor_y - 95, 68, 60, color, 8)  # back
        self.rect(p, cx - 38, floor_y - 45, 76, 16, color, 5)  # seat
        self.rect(p, cx - 34, floor_y - 30, 6, 30, "#555555")
        self.rect(p, cx + 28, floor_y - 30, 6, 30, "#555555")

    def background(self, p, scene: str):
        if scene == "ward":
            self.floor(p, "#dde8e2", "#b8c3c6")
            self.window(p, 30, 80, 100, 100)
            self.rect(p, 0, 34, W, 5, "#a8b0b5")  # curtain rail
            for i in range(8):
                self.rect(p, 590 + i * 7, 39, 6, 230, "#9fc3d9" if i % 2 else "#b3d1e3")
            self.sign(p, 285, 58, 80, 26, "Bay 4", "#2e7d6b")
            # bed
            self.rect(p, 330, 150, 14, 150, "#9aa3aa", 4)  # head board post
            self.rect(p, 335, 215, 240, 40, "#eef2f4", 6, "#9aa3aa")  # mattress
            self.rect(p, 340, 255, 230, 12, "#7d868c", 3)  # frame
            self.rect(p, 350, 267, 8, 30, "#7d868c")
            self.rect(p, 555, 267, 8, 30, "#7d868c")
            # locker with jug and untouched breakfast
            self.rect(p, 258, 200, 52, 90, "#c7b79a", 4, "#a08f70")
            self.rect(p, 268, 178, 14, 22, "#d7ecf7", 3, "#8fb3c9")
            self.ellipse(p, 296, 194, 12, 5, "#f5f5f5", "#b0b0b0")
            self.ellipse(p, 296, 191, 7, 3, "#e3c07a")
        elif scene == "ed":
            self.floor(p, "#e8e4da", "#a3adb4")
            for i in range(12):
                self.rect(p, i * 7, 39, 6, 246, "#5f8fb8" if i % 2 else "#7aa5c9")
            self.rect(p, 0, 34, W, 5, "#8a949a")
            self.sign(p, 370, 96, 90, 24, "Cubicle 7", "#8b1f2f")
            # clock at twenty to three
            self.ellipse(p, 415, 165, 22, 22, "#ffffff", "#444444")
            p.setPen(self.QtGui.QPen(self.color("#222222"), 3))
            p.drawLine(self.QtCore.QPointF(415, 165), self.QtCore.QPointF(425, 169))
            p.drawLine(self.QtCore.QPointF(415, 165), self.QtCore.QPointF(401, 156))
            # monitor and trolley
            self.rect(p, 548, 92, 78, 54, "#222831", 5)
            p.setPen(self.QtGui.QPen(self.color("#3ddc84"), 2))
            pts = [(554, 122), (570, 122), (575, 106), (581, 134), (587, 122), (620, 122)]
            for a, b in zip(pts, pts[1:], strict=False):
                p.drawLine(self.QtCore.QPointF(*a), self.QtCore.QPointF(*b))
            self.rect(p, 545, 230, 90, 14, "#dfe6ea", 4, "#8a949a")
            self.rect(p, 555, 244, 6, 50, "#7d868c")
            self.rect(p, 620, 244, 6, 50, "#7d868c")
        elif scene == "corridor":
            self.floor(p, "#f1e8d4", "#b7a98f")
            self.rect(p, 0, 180, W, 105, "#c9d6df")  # dado
            for i in range(5):  # lockers
                self.rect(p, 10 + i * 30, 135, 28, 150, "#3d6fa3", 2, "#2c547f")
                self.rect(p, 30 + i * 30, 190, 3, 14, "#e0e0e0")
            # lab door with a small window
            self.rect(p, 505, 90, 100, 195, "#8a5a35", 3, "#5e3c22")
            self.rect(p, 530, 110, 50, 55, "#cfe6f2", 2, "#5e3c22")
            self.rect(p, 590, 190, 8, 24, "#d9c27a", 2)
            self.sign(p, 495, 58, 120, 24, "Science Lab S4", "#2e5e2e")
            # noticeboard
            self.rect(p, 12, 40, 140, 80, "#b98b5b", 4)
            for i, c in enumerate(("#f7e07a", "#9fd3f0", "#f5a3a3", "#b9e3a9", "#ffffff")):
                self.rect(p, 20 + (i % 3) * 44, 47 + (i // 3) * 36, 36, 30, c, 2)
        elif scene == "classroom":
            self.floor(p, "#efe9dc", "#a99f8f")
            self.rect(p, 330, 50, 175, 110, "#fbfbfb", 4, "#8c8c8c")  # whiteboard
            self.text(p, 340, 56, 160, 44, "Year 8: Persuasive writing", 14, "#2a4d8f", True)
            self.text(p, 340, 100, 160, 54, "Homework: plan your opening paragraph", 12, "#444444")
            self.window(p, 24, 110, 70, 100)
            self.rect(p, 560, 95, 70, 190, "#8a5a35", 3, "#5e3c22")  # door
            for cx in (110, 480):  # desks
                self.rect(p, cx - 60, 235, 120, 12, "#c9a46a", 3)
                self.rect(p, cx - 55, 247, 6, 45, "#7d6a4a")
                self.rect(p, cx + 49, 247, 6, 45, "#7d6a4a")
        elif scene == "staffroom":
            self.floor(p, "#e4dccf", "#8f8a82")
            self.window(p, 20, 90, 95, 90, night=True)
            self.rect(p, 500, 175, 140, 110, "#cbbfae", 3, "#9c8f7c")  # counter
            self.rect(p, 500, 170, 140, 8, "#7e7466")
            self.rect(p, 520, 140, 26, 30, "#c0392b", 6)  # kettle
            for i in range(3):
                self.rect(p, 560 + i * 20, 152, 14, 18, ("#f2f2f2", "#86b3d1", "#f5c26b")[i], 3)
            self.rect(p, 478, 40, 150, 80, "#2f6b5f", 4)  # poster
            self.text(
                p,
                484,
                44,
                138,
                72,
                "Staff support\nYou don't have to\ncope alone",
                13,
                "#ffffff",
                True,
                self.QtCore.Qt.AlignCenter,
            )
            self.rect(p, 300, 238, 220, 12, "#a5865c", 3)  # table with notes
            self.rect(p, 330, 230, 40, 9, "#ffffff", 1)
            self.rect(p, 310, 250, 8, 45, "#6e5a3e")
            self.rect(p, 500, 250, 8, 45, "#6e5a3e")
        elif scene == "library":
            self.floor(p, "#efe6d6", "#9c8c74")
            for x in (15, 505):  # bookshelves at either end of the back wall
                self.rect(p, x, 60, 120, 220, "#7a5433", 3, "#5e3c22")
                for row in range(4):
                    y = 70 + row * 52
                    self.rect(p, x + 6, y + 40, 108, 6, "#5e3c22")
                    for b in range(9):
                        shade = ("#b23a48", "#3d6fa3", "#e0b84c", "#4f8a5b", "#8e5ea2")[
                            (b + row + x) % 5
                        ]
                        self.rect(
                            p, x + 9 + b * 11.5, y + 8 + (b % 3) * 3, 9, 32 - (b % 3) * 3, shade
                        )
            self.sign(p, 310, 32, 90, 22, "Library", "#5e3c22")
            self.rect(p, 300, 238, 40, 12, "#c9a46a", 3)  # small table between the chairs
            self.rect(p, 316, 250, 8, 45, "#7d6a4a")
            self.window(p, 170, 80, 80, 90)
        elif scene == "lounge":
            self.floor(p, "#e3e9df", "#a7a08f")
            self.window(p, 270, 70, 110, 95)
            self.rect(p, 470, 40, 150, 110, "#c9a66b", 4)  # noticeboard
            self.text(
                p,
                476,
                44,
                138,
                22,
                "Ward 3 lounge",
                13,
                "#2b2b2b",
                True,
                self.QtCore.Qt.AlignCenter,
            )
            for i, c in enumerate(("#fff3b0", "#cde7f7", "#f7d0d0", "#d6f0c8")):
                self.rect(p, 482 + (i % 2) * 66, 70 + (i // 2) * 38, 56, 30, c, 2)
            self.rect(p, 20, 120, 70, 60, "#3a4a5a", 4)  # television, switched off
            self.rect(p, 50, 180, 10, 20, "#555555")
            self.rect(p, 15, 200, 80, 85, "#b79f7f", 3, "#8f7a5c")  # cupboard
            self.rect(p, 300, 248, 70, 12, "#b08a5a", 3)  # low table with a lunch tray
            self.rect(p, 310, 260, 6, 36, "#6e5a3e")
            self.rect(p, 354, 260, 6, 36, "#6e5a3e")
            self.ellipse(p, 335, 243, 16, 5, "#f5f5f5", "#b0b0b0")
        elif scene == "reception":
            self.floor(p, "#e8e2f0", "#9a97a6")
            self.rect(p, 0, 34, W, 5, "#8a8f94")
            self.rect(p, 520, 120, 120, 165, "#6d5a8a", 3, "#4a3d60")  # reception desk
            self.rect(p, 520, 60, 120, 60, "#d7ecf7", 2, "#8fb3c9")  # glass screen
            self.sign(p, 530, 130, 100, 24, "Reception", "#4a3d60")
            self.rect(p, 300, 110, 70, 175, "#8a5a35", 3, "#5e3c22")  # meeting room door
            self.rect(p, 315, 125, 40, 40, "#cfe6f2", 2, "#5e3c22")
            self.sign(p, 292, 76, 86, 24, "Room 1", "#2e5e2e")
            self.rect(p, 20, 60, 150, 90, "#ffffff", 4, "#9a9a9a")  # school crest poster
            self.text(
                p,
                26,
                66,
                138,
                78,
                "Welcome to\nHillside School",
                15,
                "#4a3d60",
                True,
                self.QtCore.Qt.AlignCenter,
            )
        else:
            raise SystemExit(f"unknown scene {scene!r}")

    # people --------------------------------------------------------------
    def person(self, p, who: Person, speaking: bool, mouth: bool):
        s = who.scale
        cx = who.x
        if who.pose == "bed":
            head_y, torso_top, torso_h = 178, 198, 40
        elif who.pose == "seated":
            self.chair(p, cx)
            head_y, torso_top, torso_h = 300 - 150 * s, 300 - 150 * s + 24 * s, 78 * s
        else:
            head_y = 300 - 200 * s + 24 * s
            torso_top, torso_h = head_y + 24 * s, 92 * s
        r = 23 * s
        # legs (not in bed)
        if who.pose == "standing":
            self.rect(
                p,
                cx - 20 * s,
                torso_top + torso_h - 4,
                17 * s,
                300 - torso_top - torso_h,
                "#3a3f4a",
                4,
            )
            self.rect(
                p,
                cx + 3 * s,
                torso_top + torso_h - 4,
                17 * s,
                300 - torso_top - torso_h,
                "#3a3f4a",
                4,
            )
        elif who.pose == "seated":
            self.rect(p, cx - 22 * s, torso_top + torso_h - 16, 60 * s, 18 * s, "#3a3f4a", 6)
            self.rect(
                p,
                cx + 24 * s,
                torso_top + torso_h - 10,
                16 * s,
                300 - torso_top - torso_h + 10,
                "#3a3f4a",
                4,
            )
        # torso and arms
        self.rect(p, cx - 30 * s, torso_top, 60 * s, torso_h, who.top, 14 * s)
        self.rect(p, cx - 40 * s, torso_top + 6, 14 * s, torso_h * 0.8, who.top, 7 * s)
        self.rect(p, cx + 26 * s, torso_top + 6, 14 * s, torso_h * 0.8, who.top, 7 * s)
        if who.pose == "bed":  # blanket over the legs, drawn in front
            self.rect(p, cx - 50, 218, 170, 40, "#7fa7c4", 6)
        # hair behind the head
        if who.hair_style == "long":
            self.rect(p, cx - r - 3, head_y - r, 2 * r + 6, 2.1 * r, who.hair, r)
        # neck and head
        self.rect(p, cx - 7 * s, head_y + r - 6, 14 * s, 10 * s, who.skin)
        self.ellipse(p, cx, head_y, r * 0.92, r, who.skin)
        if who.hair_style in ("short", "long", "bun"):
            p.setPen(self.QtCore.Qt.NoPen)
            p.setBrush(self.color(who.hair))
            p.drawChord(self.QtCore.QRectF(cx - r, head_y - r - 2, 2 * r, 1.3 * r), 0, 180 * 16)
        if who.hair_style == "bun":
            self.ellipse(p, cx, head_y - r - 5 * s, 9 * s, 8 * s, who.hair)
        if who.hair_style == "curly":
            for dx in (-0.7, -0.35, 0, 0.35, 0.7):
                self.ellipse(p, cx + dx * r, head_y - r * 0.8, 8 * s, 8 * s, who.hair)
        if who.hair_style == "bald":
            self.ellipse(p, cx - r * 0.85, head_y - 2, 4 * s, 8 * s, who.hair)
            self.ellipse(p, cx + r * 0.85, head_y - 2, 4 * s, 8 * s, who.hair)
        # face
        for dx in (-8, 8):
            self.ellipse(p, cx + dx * s, head_y - 2 * s, 2.2 * s, 2.6 * s, "#1b1b1b")
        if mouth:
            self.ellipse(p, cx, head_y + 11 * s, 5 * s, 3.6 * s, "#5a1f1f")
        else:
            p.setPen(self.QtGui.QPen(self.color("#5a1f1f"), 2))
            p.drawLine(
                self.QtCore.QPointF(cx - 5 * s, head_y + 11 * s),
                self.QtCore.QPointF(cx + 5 * s, head_y + 11 * s),
            )
        # name tag above the head; the speaker's tag is highlighted
        tag_w, tag_h = 132, 36
        tx, ty = max(4, min(W - tag_w - 4, cx - tag_w / 2)), head_y - r - 50 * s - 8
        if who.hair_style == "bun":
            ty -= 6
        fill = self.color("#ffd54f") if speaking else self.color("#ffffff", 215)
        self.rect(p, tx, ty, tag_w, tag_h, fill, 6, "#7a6a2a" if speaking else "#9a9a9a")
        self.text(
            p, tx, ty + 1, tag_w, 18, who.name, 13, "#1b1b1b", True, self.QtCore.Qt.AlignCenter
        )
        self.text(
            p,
            tx,
            ty + 17,
            tag_w,
            16,
            who.role_label,
            10,
            "#333333",
            False,
            self.QtCore.Qt.AlignCenter,
        )

    def demo_label(self, p, title: str):
        self.rect(p, 0, 0, W, 26, self.color("#101820", 200))
        self.text(p, 8, 0, 330, 26, LABEL, 12, "#ffe082", True)
        self.text(
            p,
            330,
            0,
            W - 338,
            26,
            title,
            12,
            "#ffffff",
            False,
            self.QtCore.Qt.AlignRight | self.QtCore.Qt.AlignVCenter,
        )

    # frames --------------------------------------------------------------
    def scene_frame(
        self, script: Script, visible: tuple[str, ...], speaker: str | None, mouth: bool
    ):
        img, p = self.new_image()
        self.background(p, script.scene)
        for person in script.people:
            if person.key in visible:
                self.person(p, person, person.key == speaker, mouth and person.key == speaker)
        self.demo_label(p, script.title)
        p.end()
        return img

    def card(self, script: Script, heading: str, body: str, note: str):
        img, p = self.new_image()
        Qt = self.QtCore.Qt
        self.rect(p, 0, 0, W, H, "#17384a")
        self.rect(p, 0, H - 8, W, 8, "#ffd54f")
        self.text(
            p, 40, 40, W - 80, 70, heading, 30, "#ffffff", True, Qt.AlignLeft | Qt.AlignBottom
        )
        px = self.fit(body, W - 80, 92, 17, 12)
        self.text(p, 40, 118, W - 80, 92, body, px, "#e6eef2", False, Qt.AlignLeft | Qt.AlignTop)
        if note:
            self.rect(p, 40, 215, W - 80, 56, "#2a5468", 6)
            self.text(
                p, 54, 215, W - 108, 56, note, 14, "#ffffff", False, Qt.AlignLeft | Qt.AlignVCenter
            )
        self.text(
            p, 40, 290, W - 80, 40, LABEL, 15, "#ffe082", True, Qt.AlignLeft | Qt.AlignVCenter
        )
        p.end()
        return img


# ---------------------------------------------------------------- video


def render_frames(
    script: Script, spoken: list[Spoken], total: float, workdir: Path, painter: Painter
) -> Path:
    """Write the stills once each and a concat list saying how long each is shown."""
    cache: dict[tuple, str] = {}

    def still(key: tuple) -> str:
        if key not in cache:
            name = f"frame{len(cache):03d}.png"
            if key[0] == "title":
                warn = (
                    "Content note: " + " ".join(script.content_warnings)
                    if script.content_warnings
                    else ""
                )
                img = painter.card(
                    script, script.title, f"{script.setting.capitalize()}. {script.summary}", warn
                )
            elif key[0] == "end":
                img = painter.card(
                    script,
                    "Pause and reflect",
                    script.closing_question,
                    "Take your time. There are no right or wrong answers here.",
                )
            else:
                _, visible, speaker, mouth = key
                img = painter.scene_frame(script, visible, speaker, mouth)
            img.save(str(workdir / name), "PNG")
            cache[key] = name
        return cache[key]

    def visible_at(index: int) -> tuple[str, ...]:
        return tuple(p.key for p in script.people if p.enters_at <= index)

    steps = int(round(total / MOUTH_STEP))
    title_steps = int(round(TITLE_SECONDS / MOUTH_STEP))
    end_from = int(round((total - END_SECONDS) / MOUTH_STEP))
    keys: list[tuple] = []
    line_index = 0
    for i in range(steps):
        t = i * MOUTH_STEP
        if i < title_steps:
            keys.append(("title",))
            continue
        if i >= end_from:
            keys.append(("end",))
            continue
        while line_index + 1 < len(spoken) and t >= spoken[line_index + 1].start:
            line_index += 1
        s = spoken[line_index]
        talking = s.start <= t < s.end
        keys.append(
            (
                "scene",
                visible_at(line_index),
                s.who if talking else None,
                talking and mouth_open(s, t),
            )
        )
    # run-length encode into the concat demuxer's list
    lines: list[str] = []
    run_key, run_len = keys[0], 0
    for key in keys + [None]:
        if key == run_key:
            run_len += 1
            continue
        lines.append(f"file '{still(run_key)}'\nduration {run_len * MOUTH_STEP:.3f}")
        run_key, run_len = key, 1
    lines.append(f"file '{still(keys[-1])}'")  # the demuxer needs the last file repeated
    listing = workdir / "frames.txt"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def encode(listing: Path, audio: Path, total: float, out: Path) -> None:
    subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "concat",
            "-safe",
            "0",
            "-i",
            str(listing),
            "-i",
            str(audio),
            "-vf",
            f"fps={FPS},format=yuv420p",
            "-t",
            f"{total:.3f}",
            "-c:v",
            "libx264",
            "-preset",
            "medium",
            "-tune",
            "stillimage",
            "-crf",
            "27",
            "-profile:v",
            "main",
            "-g",
            str(FPS * 5),
            "-threads",
            "1",
            "-c:a",
            "aac",
            "-b:a",
            "56k",
            "-ac",
            "1",
            "-ar",
            "44100",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:v",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-movflags",
            "+faststart",
            str(out),
        ],
        check=True,
    )


def probe_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return round(float(json.loads(out)["format"]["duration"]), 2)


# ---------------------------------------------------------------- manifest


def toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def toml_list(items) -> str:
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def write_manifest(
    script: Script,
    video: str,
    captions: str,
    duration: float,
    pauses: list[tuple[float, str]],
    path: Path,
) -> None:
    lines = [
        "# Synthetic demo scenario, generated by scripts/make_demo_videos.py;"
        " edit that script, not this file.",
        "[scenario]",
        f"id = {toml_str(script.id)}",
        f"title = {toml_str(script.title)}",
        f"summary = {toml_str(script.summary)}",
        f"video = {toml_str(video)}",
        f"duration = {duration}",
        f"captions = {toml_str(captions)}",
        f"roles = {toml_list(script.roles)}",
        f"topics = {toml_list(script.topics)}",
        f"setting = {toml_str(script.setting)}",
        f"level = {toml_str(script.level)}",
        "learning_objectives = [",
        *[f"    {toml_str(o)}," for o in script.learning_objectives],
        "]",
        f"content_warnings = {toml_list(script.content_warnings)}",
        "demo = true",
    ]
    for at, label in pauses:
        lines += ["", "[[scenario.pause]]", f"at = {at}", f"label = {toml_str(label)}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def make(script: Script, out_dir: Path, painter: Painter) -> dict:
    with tempfile.TemporaryDirectory(prefix="casebook-demo-") as tmp:
        work = Path(tmp)
        spoken, pauses, total = build_timeline(script, work)
        write_audio(spoken, total, work / "audio.wav")
        listing = render_frames(script, spoken, total, work, painter)
        video = f"{script.id}.mp4"
        encode(listing, work / "audio.wav", total, out_dir / video)
    captions = f"{script.id}.{script.captions_format}"
    write_captions(caption_cues(script, spoken), out_dir / captions, script.captions_format)
    duration = probe_duration(out_dir / video)
    write_manifest(script, video, captions, duration, pauses, out_dir / f"{script.id}.toml")
    return {"id": script.id, "duration": duration, "bytes": (out_dir / video).stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE.parent / "app" / "resources" / "videos")
    parser.add_argument(
        "--only", nargs="*", metavar="ID", help="regenerate only these scenario ids"
    )
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            print(
                f"{tool} is needed to make the demo clips; install it and run this again.",
                file=sys.stderr,
            )
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    painter = Painter()
    total_bytes = 0
    for script in SCRIPTS:
        if args.only and script.id not in args.only:
            continue
        info = make(script, args.out, painter)
        total_bytes += info["bytes"]
        print(f"{info['id']}: {info['duration']:.1f} s, {info['bytes'] / 1e6:.2f} MB")
    print(f"total video: {total_bytes / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
