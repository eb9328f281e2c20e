"""Captions: SubRip (.srt) and WebVTT (.vtt) files read into timed cues.

A file that does not parse raises `CaptionError` naming the line, so `content check` can say
`path:line: what is wrong` and the player can explain why captions are off.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from pathlib import Path

from app.models.toml_doc import Problem

CAPTION_SUFFIXES = (".srt", ".vtt")

_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?$")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?\s+([^>]+)>")
_TAG = re.compile(r"</?[^>]+>")


@dataclass(frozen=True)
class Cue:
    """One caption: shown from `start` to `end` (seconds)."""

    start: float
    end: float
    text: str


class CaptionError(ValueError):
    """A captions file that cannot be read; `line` is 1-based."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def problem(self) -> Problem:
        return Problem(self.path, self.line, self.message)


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def _timing(path: Path, number: int, raw: str, sep_hint: str) -> tuple[float, float]:
    m = _TIMING.match(raw)
    if not m:
        raise CaptionError(
            path,
            number,
            f"this should be a timing line like 00:00:01{sep_hint}000 --> 00:00:04{sep_hint}000; "
            "check the numbers and the arrow",
        )
    g = m.groups()
    start, end = _seconds(*g[:4]), _seconds(*g[4:])
    if int(g[2]) > 59 or int(g[6]) > 59 or int(g[1]) > 59 or int(g[5]) > 59:
        raise CaptionError(path, number, "minutes and seconds go up to 59; check this timing line")
    if end <= start:
        raise CaptionError(
            path, number, "this caption ends before it starts; make the second time later"
        )
    return start, end


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


def _clean(text_lines: list[str]) -> str:
    text = "\n".join(text_lines)
    text = _VOICE.sub(lambda m: f"{m.group(1).strip()}: ", text)
    return html.unescape(_TAG.sub("", text)).strip()


def parse_srt(text: str, path: Path) -> list[Cue]:
    cues: list[Cue] = []
    for first, block in _blocks(text.lstrip("\ufeff").splitlines()):
        index = 0
        if "-->" not in block[0]:
            if not block[0].strip().isdigit():
                raise CaptionError(
                    path,
                    first,
                    "each caption starts with its number, then a timing line; "
                    "check for a missing blank line between captions",
                )
            index = 1
        if index >= len(block):
            raise CaptionError(path, first, "this caption has a number but no timing line; add one")
        start, end = _timing(path, first + index, block[index], ",")
        cues.append(Cue(start, end, _clean(block[index + 1 :])))
    if not cues:
        raise CaptionError(
            path, 1, "no captions found; an .srt file needs numbered, timed captions"
        )
    return cues


def parse_vtt(text: str, path: Path) -> list[Cue]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not re.match(r"^WEBVTT(\s|$)", lines[0]):
        raise CaptionError(path, 1, 'a WebVTT file must start with the line "WEBVTT"')
    blocks = _blocks(lines)
    cues: list[Cue] = []
    for first, block in blocks[1:]:  # the first block is the header
        head = block[0].strip()
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        index = 0 if "-->" in block[0] else 1
        if index >= len(block) or "-->" not in block[index]:
            raise CaptionError(
                path,
                first + index if index < len(block) else first,
                "expected a timing line like 00:00:01.000 --> 00:00:04.000 here; "
                "check for a missing blank line between captions",
            )
        start, end = _timing(path, first + index, block[index], ".")
        cues.append(Cue(start, end, _clean(block[index + 1 :])))
    if not cues:
        raise CaptionError(path, 1, "no captions found after the WEBVTT line; add timed captions")
    return cues


def read_captions(path: Path) -> list[Cue]:
    """Cues in start order. Raises CaptionError (with a line) when the file cannot be used."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CAPTION_SUFFIXES:
        raise CaptionError(path, 1, "captions must be an .srt or .vtt file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CaptionError(
            path, 1, "the captions file is not UTF-8 text; save it as UTF-8"
        ) from None
    except OSError as exc:
        raise CaptionError(path, 1, f"cannot read the captions file ({exc.strerror})") from None
    cues = parse_vtt(text, path) if suffix == ".vtt" else parse_srt(text, path)
    return sorted(cues, key=lambda c: c.start)


def check_captions(path: Path) -> list[Problem]:
    try:
        read_captions(path)
    except CaptionError as exc:
        return [exc.problem()]
    return []


def cue_at(cues: list[Cue], seconds: float) -> Cue | None:
    """The cue showing at `seconds` (cues sorted by start), or None."""
    i = bisect.bisect_right([c.start for c in cues], seconds)
    for cue in reversed(cues[:i]):  # cues may overlap: the latest that started and has not ended
        if seconds < cue.end:
            return cue
    return None


# The short name other layers use: `captions.read(path)`.
read = read_captions
