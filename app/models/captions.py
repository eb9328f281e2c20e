"""Captions: SubRip (.srt), WebVTT (.vtt) and SubStation (.ass/.ssa) files read into timed cues.

A flaw in a captions file never hides a scenario: `load()` reads every cue it can and lists
what it skipped or guessed as warnings (`path:line: warning: ...`), and the clip plays with the
readable part. Only a file with no usable cue at all makes `read()` raise `CaptionError`.

Why SRT and VTT are read here and not by pysubs2: pysubs2 (used for .ass/.ssa below) drops the
line numbers a person needs to find a flaw, accepts a reversed timing without a word, drops
WebVTT voice names and leaves HTML entities in the text. Our reader keeps all four; the text is
decoded first (BOM, UTF-8, UTF-16, then charset-normalizer for Windows code pages).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.models.text_files import decode, encoding_name
from app.models.toml_doc import Problem

CAPTION_SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?P<settings>\s+.*)?$")
_LOOKS_TIMED = re.compile(rf"{_TIME}.*?{_TIME}|-->")
_LOOSE_ARROW = re.compile(r"\d\s*(-+>|–>|—>|->)\s*\d")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[A-Za-z][^>]*>|</?\d[^>]*>")
_ASS_BLOCK = re.compile(r"\{\\[^}]*\}")
# {\an7}, {\an8}, {\an9} (and the old SSA {\a5}-{\a7}) put a caption at the top of the picture.
_TOP_ASS = re.compile(r"\\an[789]|\\a[567](?!\d)")
_VTT_LINE = re.compile(r"(?:^|\s)line:(-?\d+(?:\.\d+)?)(%?)")

TOP, BOTTOM = "top", "bottom"


@dataclass(frozen=True)
class Cue:
    """One caption: shown from `start` to `end` (seconds), at the bottom unless placed at top."""

    start: float
    end: float
    text: str
    position: str = BOTTOM


@dataclass
class CaptionFile:
    """What could be read from a captions file, and what was skipped or guessed on the way."""

    path: Path
    cues: list[Cue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    encoding: str = "utf-8"

    def warn(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message, warning=True))


class CaptionError(ValueError):
    """A captions file with nothing usable in it; `line` is 1-based."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def problem(self) -> Problem:
        return Problem(self.path, self.line, self.message, warning=True)


# ------------------------------------------------------------------ text of a cue


def clean_text(raw: str) -> tuple[str, str]:
    """Plain text for showing, and where to show it, from a cue's marked-up text."""
    position = TOP if _TOP_ASS.search(raw) else BOTTOM
    text = _ASS_BLOCK.sub("", raw).replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
    text = _VOICE.sub(lambda m: f"{m.group(1).strip()}: ", text)
    text = html.unescape(_TAG.sub("", text))
    lines = [line.strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line), position


def _vtt_position(settings: str | None) -> str | None:
    m = _VTT_LINE.search(settings or "")
    if not m:
        return None
    value = float(m.group(1))
    if m.group(2) == "%":
        return TOP if value < 40 else BOTTOM
    return TOP if 0 <= value < 4 else BOTTOM


# ------------------------------------------------------------------ SRT and VTT


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Groups of non-blank lines with the 1-based number of their first line."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, raw in enumerate(lines, start=1):
        if raw.strip():
            if not current:
                first = number
            current.append(raw.rstrip())
        elif current:
            blocks.append((first, current))
            current = []
    if current:
        blocks.append((first, current))
    return blocks


def _cue(out: CaptionFile, number: int, timing: str, text_lines: list[str], sep: str) -> None:
    """Add the cue whose timing line is `timing` (line `number`), or warn and skip it."""
    m = _TIMING.match(timing)
    if not m:
        hint = (
            "the arrow should be -->"
            if _LOOSE_ARROW.search(timing)
            else "check the numbers and the arrow"
        )
        out.warn(
            number,
            f"this timing line could not be read, so this caption is left out; it should "
            f"look like 00:00:01{sep}000 --> 00:00:04{sep}000 ({hint})",
        )
        return
    g = m.groups()
    if max(int(g[1]), int(g[2]), int(g[5]), int(g[6])) > 59:
        out.warn(
            number,
            "minutes and seconds go up to 59, so this caption is left out; check this timing",
        )
        return
    start, end = _seconds(*g[:4]), _seconds(*g[4:8])
    if end < start:
        out.warn(
            number,
            "this caption ends before it starts, so it is left out; make the second time later",
        )
        return
    if end == start:
        out.warn(
            number,
            "this caption starts and ends at the same moment, so it never shows; "
            "give it an end time later than its start",
        )
        return
    text, position = clean_text("\n".join(text_lines))
    position = _vtt_position(m.group("settings")) or position
    if text:
        out.cues.append(Cue(start, end, text, position))


def _parse_srt(text: str, out: CaptionFile) -> None:
    for first, block in _blocks(text.splitlines()):
        at = next((i for i, line in enumerate(block) if _LOOKS_TIMED.search(line)), None)
        if at is None:
            out.warn(
                first,
                "this block has no timing line, so it is left out; each caption is a number, "
                "a line like 00:00:01,000 --> 00:00:04,000, then its text",
            )
            continue
        if at > 1 or (at == 1 and not block[0].strip().isdigit()):
            out.warn(
                first,
                "text before this caption's timing line; check for a missing blank line "
                "between captions (the text after the timing line is kept)",
            )
        # A block may hold a second caption when a blank line is missing: split it there.
        rest = block[at + 1 :]
        nxt = next((i for i, line in enumerate(rest) if _TIMING.match(line)), None)
        if nxt is not None:
            tail = rest[nxt - 1 :] if nxt > 0 and rest[nxt - 1].strip().isdigit() else rest[nxt:]
            cut = len(rest) - len(tail)
            _cue(out, first + at, block[at], rest[:cut], ",")
            _parse_srt("\n".join(tail), _Shifted(out, first + at + 1 + cut))
            continue
        _cue(out, first + at, block[at], rest, ",")


class _Shifted(CaptionFile):
    """Writes into another CaptionFile with line numbers moved down by `offset - 1`."""

    def __init__(self, target: CaptionFile, offset: int) -> None:
        super().__init__(target.path, target.cues, target.problems, target.encoding)
        self._offset = offset - 1

    def warn(self, line: int, message: str) -> None:
        super().warn(line + self._offset, message)


def _parse_vtt(text: str, out: CaptionFile) -> None:
    lines = text.splitlines()
    if not lines or not re.match(r"^WEBVTT(\s|$)", lines[0].strip()):
        out.warn(1, 'a WebVTT file should start with the line "WEBVTT"; it was read anyway')
    for first, block in _blocks(lines):
        head = block[0].strip()
        if head.startswith("WEBVTT") or (
            head.split(" ", 1)[0] in ("NOTE", "STYLE", "REGION") and "-->" not in head
        ):
            continue
        at = next((i for i, line in enumerate(block) if _LOOKS_TIMED.search(line)), None)
        if at is None or at > 1:
            out.warn(
                first,
                "this block has no timing line like 00:00:01.000 --> 00:00:04.000, so it is "
                "left out; check for a missing blank line between captions",
            )
            continue
        _cue(out, first + at, block[at], block[at + 1 :], ".")


# ------------------------------------------------------------------ SubStation (.ass/.ssa)


def _parse_ass(text: str, out: CaptionFile) -> None:
    import pysubs2  # noqa: PLC0415  (only for .ass/.ssa files)

    try:
        subs = pysubs2.SSAFile.from_string(text, format_="ass")
    except Exception as exc:  # noqa: BLE001  pysubs2 raises many kinds for a damaged file
        out.warn(1, f"this SubStation file could not be read ({type(exc).__name__})")
        return
    top_styles = {name for name, style in subs.styles.items() if style.alignment >= 7}
    for event in subs.events:
        if event.is_comment:
            continue
        if event.end <= event.start:
            continue
        text_, position = clean_text(event.text)
        if event.style in top_styles:
            position = TOP
        if text_:
            out.cues.append(Cue(event.start / 1000, event.end / 1000, text_, position))


# ------------------------------------------------------------------ the public face


def load(path: Path) -> CaptionFile:
    """Every cue that can be read, in start order, and warnings for the rest. Never raises."""
    path = Path(path)
    out = CaptionFile(path)
    suffix = path.suffix.lower()
    if suffix not in CAPTION_SUFFIXES:
        out.warn(1, "captions should be an .srt, .vtt, .ass or .ssa file; they are left out")
        return out
    try:
        data = path.read_bytes()
    except OSError as exc:
        out.warn(1, f"the captions file cannot be read ({exc.strerror}); the clip plays without")
        return out
    text, out.encoding = decode(data)
    if out.encoding not in ("utf_8",):
        out.warn(
            1,
            f"saved as {encoding_name(out.encoding)}; read as such. "
            "Saving it as UTF-8 avoids any doubt about accents and quotes",
        )
    if suffix in (".ass", ".ssa"):
        _parse_ass(text, out)
    elif suffix == ".vtt":
        _parse_vtt(text, out)
    else:
        _parse_srt(text, out)
    if not out.cues and not any("left out" in p.message for p in out.problems):
        out.warn(1, "no captions could be read from this file, so the clip plays without them")
    out.cues.sort(key=lambda c: (c.start, c.end))
    out.problems.sort(key=lambda p: p.line)
    return out


def read_captions(path: Path) -> list[Cue]:
    """The readable cues; CaptionError only when there is none at all."""
    found = load(path)
    if not found.cues:
        last = found.problems[-1] if found.problems else None
        raise CaptionError(
            Path(path),
            last.line if last else 1,
            last.message if last else "no captions found",
        )
    return found.cues


def check_captions(path: Path) -> list[Problem]:
    """Warnings about a captions file (each says what was left out or guessed)."""
    return load(path).problems


def cues_at(cues: list[Cue], seconds: float) -> list[Cue]:
    """Every cue showing at `seconds` (cues sorted by start), earliest first.

    Cues overlap in real files (a nurse's line while "[alarm sounding]" shows): all are shown.
    """
    i = bisect.bisect_right([c.start for c in cues], seconds)
    return [cue for cue in cues[:i] if seconds < cue.end]


def cue_at(cues: list[Cue], seconds: float) -> Cue | None:
    """The latest-started cue showing at `seconds`, or None."""
    showing = cues_at(cues, seconds)
    return showing[-1] if showing else None


# The short name other layers use: `captions.read(path)`.
read = read_captions
