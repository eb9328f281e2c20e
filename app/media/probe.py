"""What a clip really is, asked of libvlc itself: length, tracks, and whether a picture decodes.

`content check` and the library use this so that what they say agrees with what the player will
do (the same engine, the same decoders). Imports no Qt: frames are received into a small ctypes
buffer and thrown away.

One probe plays the clip muted from one second before its end, into a tiny picture: the first
frame that arrives proves both that the codec decodes here and that the file really reaches the
length its header claims (a truncated download keeps its header). Only when that fails is the
start tried, to tell "damaged near the end" from "cannot be decoded at all".
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from app.media.playcheck import play_muted
from app.media.vlc_loader import load_vlc, shared_instance

# Kinds of finding (ClipFacts.problem).
NOT_A_VIDEO = "not-a-video"
NO_VIDEO = "no-video"
TRUNCATED = "truncated"
UNDECODABLE = "undecodable"

PARSE_TIMEOUT = 3.0
FRAME_TIMEOUT = 4.0
_W, _H = 32, 18  # the probe's picture: big enough to decode into, small to copy

HEVC = {"hevc", "h265", "hvc1", "hev1"}


@dataclass(frozen=True)
class Track:
    kind: str  # "video", "audio", "subtitle"
    id: int
    codec: str
    language: str = ""
    description: str = ""
    width: int = 0
    height: int = 0
    orientation: int = 0  # libvlc_video_orient_t: 0 top-left (upright) ... see rotation()
    bits: int = 8


@dataclass
class ClipFacts:
    """What libvlc found in one clip."""

    path: Path
    duration: float = 0.0  # seconds from the container (0 when unknown)
    tracks: list[Track] = field(default_factory=list)
    decoded: bool = False  # a picture was decoded
    reaches_end: bool = False  # a picture was decoded within the last seconds
    first_frame_seconds: float | None = None
    problem: str | None = None
    detail: str = ""

    @property
    def video(self) -> Track | None:
        return next((t for t in self.tracks if t.kind == "video"), None)

    def subtitles(self) -> list[Track]:
        return [t for t in self.tracks if t.kind == "subtitle"]

    def rotation(self) -> int:
        """Degrees clockwise to turn the decoded picture to show it upright (0, 90, 180, 270)."""
        video = self.video
        return ORIENTATION_DEGREES.get(video.orientation, 0) if video else 0

    def heavy(self) -> bool:
        """Bigger than 1080p: more than a ward PC without a capable graphics chip decodes in
        real time (4K HEVC 10-bit managed two thirds of real time on a 2-core test PC)."""
        video = self.video
        return video is not None and video.width * video.height > 1920 * 1088


# libvlc_video_orient_t -> clockwise degrees to show upright (flips are shown unflipped).
ORIENTATION_DEGREES = {0: 0, 1: 0, 2: 0, 3: 180, 4: 0, 5: 90, 6: 270, 7: 0}


def _fourcc(value: int) -> str:
    raw = int(value).to_bytes(4, "little")
    return raw.decode("latin-1").strip().lower()


class _MediaTrack(ctypes.Structure):
    """libvlc_media_track_t as libvlc 3 lays it out.

    python-vlc declares the audio/video/subtitle union as three separate pointers, so every
    field after it is read from the wrong place (and reading `language` can crash). This is the
    real layout: one pointer, whose target depends on the track's type.
    """

    _fields_ = (
        ("codec", ctypes.c_uint32),
        ("original_fourcc", ctypes.c_uint32),
        ("id", ctypes.c_int),
        ("type", ctypes.c_int),
        ("profile", ctypes.c_int),
        ("level", ctypes.c_int),
        ("detail", ctypes.c_void_p),
        ("bitrate", ctypes.c_uint),
        ("language", ctypes.c_char_p),
        ("description", ctypes.c_char_p),
    )


class _VideoTrack(ctypes.Structure):
    """The start of libvlc_video_track_t (python-vlc types `orientation` as a bytes enum)."""

    _fields_ = (
        ("height", ctypes.c_uint),
        ("width", ctypes.c_uint),
        ("sar_num", ctypes.c_uint),
        ("sar_den", ctypes.c_uint),
        ("frame_rate_num", ctypes.c_uint),
        ("frame_rate_den", ctypes.c_uint),
        ("orientation", ctypes.c_int),
    )


def _text(raw: bytes | None) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def _tracks(vlc, media) -> list[Track]:
    get = vlc.dll.libvlc_media_tracks_get
    get.restype = ctypes.c_uint
    get.argtypes = (ctypes.c_void_p, ctypes.POINTER(ctypes.POINTER(ctypes.POINTER(_MediaTrack))))
    free = vlc.dll.libvlc_media_tracks_release
    free.restype = None
    free.argtypes = (ctypes.POINTER(ctypes.POINTER(_MediaTrack)), ctypes.c_uint)
    array = ctypes.POINTER(ctypes.POINTER(_MediaTrack))()
    count = get(ctypes.c_void_p(media._as_parameter_.value), ctypes.byref(array))
    kinds = {0: "audio", 1: "video", 2: "subtitle"}  # libvlc_track_type_t
    found: list[Track] = []
    try:
        for n in range(count):
            t = array[n].contents
            kind = kinds.get(t.type)
            if kind is None:
                continue
            codec = _fourcc(t.codec)
            width = height = orientation = 0
            bits = 8
            if kind == "video" and t.detail:
                v = ctypes.cast(t.detail, ctypes.POINTER(_VideoTrack)).contents
                width, height, orientation = int(v.width), int(v.height), int(v.orientation)
            found.append(
                Track(
                    kind,
                    int(t.id),
                    codec,
                    _text(t.language),
                    _text(t.description),
                    width,
                    height,
                    orientation,
                    bits,
                )  # fmt: skip
            )
    finally:
        if count:
            free(array, count)
    return found


def _parse(vlc, media, timeout: float) -> bool:
    done = threading.Event()
    events = media.event_manager()

    def on_parsed(_event) -> None:
        done.set()

    events.event_attach(vlc.EventType.MediaParsedChanged, on_parsed)
    try:
        if media.parse_with_options(vlc.MediaParseFlag.local, int(timeout * 1000)) != 0:
            return False
        done.wait(timeout + 0.5)
    finally:
        events.event_detach(vlc.EventType.MediaParsedChanged)
    return media.get_parsed_status() == vlc.MediaParsedStatus.done


def _first_frame(path: Path, start: float, timeout: float) -> tuple[bool, float]:
    """Play muted from `start`: (a picture arrived, seconds it took)."""
    seen = play_muted(path, start=start, timeout=timeout, options=(":no-spu",), size=(_W, _H))
    return seen.frames > 0, seen.waited


def hevc_bit_depth(path: Path) -> int | None:
    """The luma bit depth in an MP4's HEVC configuration (hvcC), which libvlc does not report.

    The box sits in the file's index (moov), at the start of a web-ready file or at its end.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            chunks = [f.read(1 << 20)]
            if size > 1 << 20:
                f.seek(max(0, size - (1 << 20)))
                chunks.append(f.read())
    except OSError:
        return None
    for data in chunks:
        at = data.find(b"hvcC")
        if at >= 0 and len(data) > at + 4 + 17:
            return (data[at + 4 + 17] & 0x07) + 8
    return None


_MP4_FIRST_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide", b"uuid", b"pnot"}
_MP4_SUFFIXES = (".mp4", ".m4v", ".mov", ".m4a", ".3gp", ".3g2")


def mp4_cut_short(path: Path) -> bool:
    """True when an MP4/MOV file's boxes run past its end: the copy or download stopped early.

    A walk over the top-level boxes only (a few reads), so it is cheap for any size of file.
    """
    if path.suffix.lower() not in _MP4_SUFFIXES:
        return False
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            if f.read(8)[4:8] not in _MP4_FIRST_BOXES:
                return False  # not an MP4 at all: that is for the caller to say
            at = 0
            while at < size:
                f.seek(at)
                head = f.read(16)
                if len(head) < 8:
                    return True
                length = int.from_bytes(head[:4], "big")
                if length == 1 and len(head) == 16:
                    length = int.from_bytes(head[8:16], "big")
                elif length == 0:  # "to the end of the file"
                    return False
                if length < 8:
                    return False  # not a box structure we understand: say nothing
                at += length
            return at > size
    except OSError:
        return False


def probe(path: Path, decode: bool = True) -> ClipFacts:
    """Ask libvlc what `path` holds. Raises VlcMissing when libvlc is not installed."""
    vlc = load_vlc()
    path = Path(path)
    facts = ClipFacts(path)
    media = shared_instance().media_new_path(str(path))
    try:
        parsed = _parse(vlc, media, PARSE_TIMEOUT)
        facts.duration = max(0, media.get_duration()) / 1000 if parsed else 0.0
        facts.tracks = _tracks(vlc, media) if parsed else []
        bits = hevc_bit_depth(path) if facts.video and facts.video.codec in HEVC else None
        if bits and facts.video:
            facts.tracks = [replace(t, bits=bits) if t is facts.video else t for t in facts.tracks]
    finally:
        media.release()
    if not facts.tracks:
        facts.problem = TRUNCATED if mp4_cut_short(path) else NOT_A_VIDEO
        return facts
    if facts.video is None:
        facts.problem = NO_VIDEO
        return facts
    if not decode:
        return facts
    near_end = max(0.0, facts.duration - 1.0)
    facts.reaches_end, took = _first_frame(path, near_end, FRAME_TIMEOUT)
    if facts.reaches_end:
        facts.decoded = True
        facts.first_frame_seconds = took
        return facts
    facts.decoded, took = _first_frame(path, 0.0, FRAME_TIMEOUT)
    if facts.decoded:
        facts.first_frame_seconds = took
    if mp4_cut_short(path) or (facts.decoded and near_end > 0):
        facts.problem = TRUNCATED
    elif not facts.decoded:
        facts.problem = UNDECODABLE
    return facts


def clip_length(path: Path) -> float:
    """The clip's length in seconds from its container (a parse, no decoding); 0 if unknown."""
    return probe(path, decode=False).duration
