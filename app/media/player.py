"""One small Qt interface over libvlc: load a clip, play it, hear back through signals.

libvlc reports events on its own threads. Each event is turned into a queued Qt signal, so
every public signal arrives on the thread that owns this object (the GUI thread), and no libvlc
function is ever called from inside a libvlc callback (that deadlocks libvlc).

Two renderers sit behind the same interface: native embedding into a window id
(`attach_window`) and frame callbacks into QImages (`use_frame_callbacks`, the default on
offscreen and Wayland platforms, where a foreign window cannot be embedded).
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage

from app.media.audio import SoundCheck
from app.media.frames import FrameSink
from app.media.vlc_loader import VlcMissing, load_vlc, shared_instance

log = logging.getLogger(__name__)

MIN_RATE, MAX_RATE = 0.5, 2.0

# Error kinds (the first argument of MediaPlayer.error).
MISSING, UNSUPPORTED, CAPTIONS, NO_VLC = "missing", "unsupported", "captions", "no-vlc"
ENDED_EARLY, NO_PICTURE = "ended-early", "no-picture"

# A clip that "ends" this far before its known length stopped because its file does: a
# truncated download plays its first part, then libvlc reports the end as if all was well.
EARLY_END_MS = 1500
EARLY_END_SHARE = 0.9
NO_PICTURE_AFTER_MS = 1000


def default_renderer() -> str:
    """'frames' where a native window cannot be embedded, else 'native'."""
    platform = QGuiApplication.platformName() if QGuiApplication.instance() else "offscreen"
    return "frames" if platform in ("offscreen", "minimal", "wayland", "vnc") else "native"


def _clock(ms: int) -> str:
    seconds = max(0, int(ms)) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class MediaPlayer(QObject):
    """Plays one clip at a time. Signals arrive on the thread that created it.

    error(kind, message): kind is one of MISSING, UNSUPPORTED, CAPTIONS, NO_VLC, ENDED_EARLY,
    NO_PICTURE; the message is written for the person watching and says what to do. After
    ENDED_EARLY or NO_PICTURE, `ended` is not emitted: the clip was not really watched.
    """

    position_changed = Signal(int)  # ms
    duration_changed = Signal(int)  # ms
    state_changed = Signal(str)  # idle, opening, playing, paused, stopped, ended, error
    ended = Signal()  # once per playthrough
    error = Signal(str, str)
    frame_ready = Signal(QImage)  # frame-callback renderer only
    first_frame = Signal()  # the first picture of a load is on screen (either renderer)
    rate_changed = Signal(float)
    volume_changed = Signal(int, bool)  # volume 0..100, muted
    captions_changed = Signal(bool)
    # The clip's own subtitle tracks [(id, name)], once known after each load.
    subtitle_tracks_changed = Signal(list)
    # Whether the computer plays sound: False once libvlc could open no audio output.
    sound_available_changed = Signal(bool)

    _vlc_event = Signal(str, int)  # emitted on libvlc's thread, delivered queued

    def __init__(self, parent: QObject | None = None, renderer: str | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer or default_renderer()
        self._vlc = None
        self._player = None
        self._media = None
        self._sink: FrameSink | None = None
        self._win_id: int | None = None
        self._state = "idle"
        self._duration = 0
        self._position = 0
        self._pending_seek: int | None = None
        self._ended_sent = False
        self._saw_picture = False
        self._checked_picture = False
        self._played_ms = 0.0
        self._playing_since: float | None = None
        self._seek_base = 0
        self._rate = 1.0
        self._volume = 80
        self._muted = False
        self._captions = True
        self._captions_path: Path | None = None
        self._spu_tracks: list[tuple[int, str]] = []
        self._spu_track = -1  # the embedded track chosen (-1: the first, when captions are on)
        self._spu_read = False
        self._sound = SoundCheck()
        self._sound_available = True  # until a clip with sound shows otherwise
        self.path: Path | None = None
        self._vlc_event.connect(self._on_vlc_event, Qt.ConnectionType.QueuedConnection)

    # ----- set-up -------------------------------------------------------------------------

    @property
    def renderer(self) -> str:
        return self._renderer

    def use_frame_callbacks(self) -> None:
        """Render into QImages (frame_ready) instead of a native window; before load()."""
        self._renderer = "frames"

    def attach_window(self, win_id: int) -> None:
        """Render into a native window (its winId()); applied now and on every load."""
        self._renderer = "native"
        self._win_id = int(win_id)
        if self._player is not None:
            self._apply_window()

    def _ensure_player(self) -> bool:
        if self._player is not None:
            return True
        try:
            self._vlc = load_vlc()
            self._player = shared_instance().media_player_new()
            # On Windows libvlc's own window otherwise takes clicks and keys (pause on click,
            # its hotkeys), so they never reach our window's controls and shortcuts.
            self._player.video_set_mouse_input(False)
            self._player.video_set_key_input(False)
        except VlcMissing as exc:
            self._set_state("error")
            self.error.emit(NO_VLC, str(exc))
            return False
        events = self._player.event_manager()
        kinds = self._vlc.EventType
        wiring = {
            kinds.MediaPlayerOpening: "opening",
            kinds.MediaPlayerPlaying: "playing",
            kinds.MediaPlayerPaused: "paused",
            kinds.MediaPlayerStopped: "stopped",
            kinds.MediaPlayerEndReached: "ended",
            kinds.MediaPlayerEncounteredError: "error",
            kinds.MediaPlayerTimeChanged: "time",
            kinds.MediaPlayerLengthChanged: "length",
            kinds.MediaPlayerVout: "vout",
        }
        for kind, name in wiring.items():
            events.event_attach(kind, self._from_vlc_thread, name)
        if self._renderer == "frames":
            self._sink = FrameSink(self)
            self._sink.visible_size = self._visible_size
            self._sink.frame_ready.connect(self._on_frame)
            self._sink.attach(self._vlc, self._player)
        else:
            self._apply_window()
        self._player.audio_set_volume(self._volume)
        return True

    def _visible_size(self) -> tuple[int, int]:
        # Called on our thread by the frame sink, never from a libvlc callback.
        if self._player is None:
            return 0, 0
        try:
            w, h = self._player.video_get_size(0)
        except Exception:  # noqa: BLE001  python-vlc raises when there is no video yet
            return 0, 0
        return int(w), int(h)

    def _apply_window(self) -> None:
        if self._win_id is None or self._player is None:
            return
        if sys.platform.startswith("linux"):
            self._player.set_xwindow(self._win_id)
        elif sys.platform == "win32":
            self._player.set_hwnd(self._win_id)
        elif sys.platform == "darwin":
            self._player.set_nsobject(self._win_id)

    def _from_vlc_thread(self, event, name: str) -> None:
        # libvlc's thread: read the event's fields, queue, return. No libvlc calls here.
        value = 0
        if name == "time":
            value = int(event.u.new_time)
        elif name == "length":
            value = int(event.u.new_length)
        self._vlc_event.emit(name, value)

    # ----- commands -------------------------------------------------------------------------

    def load(self, path: str | Path, captions_path: str | Path | None = None) -> bool:
        """Open a clip (paused at the start until play()). False, with error(), if it cannot."""
        path = Path(path)
        self.stop()
        self.path = path
        self._duration = 0
        self._position = 0
        self._pending_seek = None
        self._ended_sent = False
        self._saw_picture = False
        self._checked_picture = False
        self._played_ms = 0.0
        self._playing_since: float | None = None
        self._seek_base = 0
        self._captions_path = None
        self._spu_tracks = []
        self._spu_track = -1
        self._spu_read = False
        self._sound.new_clip()
        if not path.is_file():
            self._set_state("error")
            self.error.emit(
                MISSING,
                f"The video file is missing: {path.name}. "
                "Ask whoever looks after your clips to put it back, or choose another scenario.",
            )
            return False
        if path.stat().st_size == 0:
            self._unsupported()
            return False
        if not self._ensure_player():
            return False
        media = shared_instance().media_new_path(str(path))
        if captions_path is not None:
            captions_path = Path(captions_path)
            if not captions_path.is_file():
                self.error.emit(
                    CAPTIONS,
                    f"The captions file is missing: {captions_path.name}. "
                    "The clip will play without captions.",
                )
            else:
                self._captions_path = captions_path
                if self._renderer == "native":
                    # With frame callbacks the view draws captions itself from the parsed cues.
                    media.add_option(f":sub-file={captions_path}")
        if self._renderer == "frames" or not self._captions:
            # libvlc would find a same-named .srt beside the clip and burn it into the frames;
            # with frame callbacks the page draws captions itself (sized, and switchable).
            media.add_option(":no-sub-autodetect-file")
        if self._captions and self._captions_path is None:
            # The clip's own first subtitle track from the start (an MKV's): choosing it only
            # once playing would miss the lines the demuxer has already read past.
            media.add_option(":sub-track=0")
        if self._sink is not None:
            self._sink.new_media()
        self._player.set_media(media)
        # The player holds its own reference to the media it plays: ours to the last one goes.
        if self._media is not None:
            self._media.release()
        self._media = media
        self._set_state("opening")
        return True

    def play(self) -> None:
        if self._player is None or self.path is None:
            return
        if self._state in ("ended", "stopped"):
            self._player.stop()  # a finished libvlc player only restarts after stop()
            self._ended_sent = False
            self._saw_picture = False
            self._played_ms, self._seek_base = 0.0, 0
            self._sound.new_clip()  # a replay opens the audio output afresh
        self._player.play()
        self._player.set_rate(self._rate)

    def pause(self) -> None:
        if self._player is not None and self._state in ("playing", "opening"):
            self._player.set_pause(1)

    def toggle(self) -> None:
        if self._state == "playing":
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()
        if self._state not in ("idle", "error"):
            self._set_state("stopped")

    def seek(self, ms: int) -> None:
        ms = max(0, int(ms))
        if self._duration:
            ms = min(ms, max(0, self._duration - 100))
        self._position = ms
        self.position_changed.emit(ms)
        self._played_ms = 0.0
        self._playing_since = time.monotonic() if self._state == "playing" else None
        self._seek_base = ms
        if self._player is None:
            return
        if self._state in ("playing", "paused"):
            self._player.set_time(ms)
        else:
            self._pending_seek = ms  # libvlc ignores seeks before the input is running

    def jump(self, delta_ms: int) -> None:
        self.seek(self.position() + int(delta_ms))

    def set_rate(self, rate: float) -> None:
        self._rate = min(MAX_RATE, max(MIN_RATE, float(rate)))
        if self._player is not None:
            self._player.set_rate(self._rate)
        self.rate_changed.emit(self._rate)

    def set_volume(self, volume: int) -> None:
        self._volume = min(100, max(0, int(volume)))
        if self._player is not None:
            self._player.audio_set_volume(self._volume)
        self.volume_changed.emit(self._volume, self._muted)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        if self._player is not None:
            self._player.audio_set_mute(self._muted)
        self.volume_changed.emit(self._volume, self._muted)

    def set_captions(self, enabled: bool) -> None:
        self._captions = bool(enabled)
        if self._player is not None and self._state in ("playing", "paused"):
            self._apply_spu()
        self.captions_changed.emit(self._captions)

    def subtitle_tracks(self) -> list[tuple[int, str]]:
        """The clip's own subtitle tracks (an MKV's), as (id, name); known once it plays."""
        return list(self._spu_tracks)

    def embedded_captions(self) -> bool:
        """Captions come from the clip's own track (libvlc draws them, in either renderer)."""
        return bool(self._spu_tracks) and (
            self._renderer == "native" or self._captions_path is None
        )

    def set_subtitle_track(self, track_id: int) -> None:
        """Show this embedded track (captions on)."""
        self._spu_track = int(track_id)
        self.set_captions(True)

    def subtitle_track(self) -> int:
        if self._player is None:
            return -1
        return int(self._player.video_get_spu())

    def _read_spu_tracks(self) -> None:
        # Our thread, after "playing": libvlc knows the clip's elementary streams by now.
        found = []
        for track_id, name in self._player.video_get_spu_description() or []:
            if track_id < 0:
                continue
            text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
            found.append((int(track_id), text))
        self._spu_tracks = found
        self.subtitle_tracks_changed.emit(list(found))
        self._apply_spu()

    def _apply_spu(self) -> None:
        """libvlc draws a subtitle track into the picture: the chosen one, or none.

        With frame callbacks and a captions file, the page draws that file itself, so an
        embedded track stays off unless chosen; libvlc blends embedded tracks into our frames.
        """
        if self._player is None:
            return
        ids = [t for t, _name in self._spu_tracks]
        chosen = self._spu_track if self._spu_track in ids else (ids[0] if ids else -1)
        if self._renderer == "frames" and self._captions_path is not None and self._spu_track < 0:
            chosen = -1
        want = chosen if self._captions else -1
        if want != self._player.video_get_spu():
            self._player.video_set_spu(want)
            if want >= 0 and self._state in ("playing", "paused") and self._position > 500:
                # A subtitle already read past is not shown again until the demuxer re-reads
                # it: a seek to where we are brings the current line up at once.
                self._player.set_time(max(0, self._player.get_time()))

    def release(self) -> None:
        """Stop and free libvlc's player; this object is unusable afterwards."""
        if self._player is not None:
            self._player.stop()
            self._player.release()
        if self._media is not None:
            self._media.release()
        self._player = None
        self._media = None

    # ----- queries -------------------------------------------------------------------------

    def state(self) -> str:
        return self._state

    def position(self) -> int:
        if self._player is not None and self._state in ("playing", "paused"):
            t = self._player.get_time()
            if t >= 0:
                self._position = t
        return self._position

    def duration(self) -> int:
        return self._duration

    def rate(self) -> float:
        return self._rate

    def volume(self) -> int:
        return self._volume

    def is_muted(self) -> bool:
        return self._muted

    def captions_enabled(self) -> bool:
        return self._captions

    def captions_path(self) -> Path | None:
        return self._captions_path

    def sound_available(self) -> bool:
        return self._sound_available

    def frames_delivered(self) -> int:
        return self._sink.frames_delivered if self._sink else 0

    # ----- events, on our thread --------------------------------------------------------

    def _set_state(self, state: str) -> None:
        if state != self._state:
            # Time spent playing, by the wall clock: libvlc's own clock can stall on some
            # files (an MKV whose audio clock stops) while the picture plays on.
            now = time.monotonic()
            if self._state == "playing" and self._playing_since is not None:
                self._played_ms += (now - self._playing_since) * 1000 * self._rate
                self._playing_since = None
            if state == "playing":
                self._playing_since = now
            self._state = state
            self.state_changed.emit(state)

    def _watched_ms(self) -> int:
        """How far playback got: libvlc's clock, or the time spent playing if that is more."""
        played = self._played_ms
        if self._state == "playing" and self._playing_since is not None:
            played += (time.monotonic() - self._playing_since) * 1000 * self._rate
        # Seeks move libvlc's clock, not ours: start from the last seek target as well.
        return int(max(self._position, played + self._seek_base))

    def _unsupported(self) -> None:
        self._set_state("error")
        name = self.path.name if self.path else "this file"
        self.error.emit(
            UNSUPPORTED,
            f"This video could not be played: {name} may be damaged or in a "
            "format Casebook cannot read. Choose another scenario, or ask for an MP4 (H.264) copy.",
        )

    def _no_video_track(self) -> bool:
        """A clip with sound and no picture: say so, and stop (our thread, not a callback)."""
        if self._player is None or self._saw_picture:
            return False
        if self._player.video_get_track_count() > 0:
            return False
        self._player.stop()
        self._set_state("error")
        name = self.path.name if self.path else "This clip"
        self.error.emit(
            NO_PICTURE,
            f"{name} has sound but no picture, so there is nothing to watch. Choose another "
            "scenario, and let whoever looks after your clips know "
            "(“casebook content check” finds such files).",
        )
        return True

    def _ended_early(self) -> bool:
        """The end came far before the clip's known length: the file stops partway."""
        reached, length = self._watched_ms(), self._duration
        if length <= 0 or reached >= min(length * EARLY_END_SHARE, length - EARLY_END_MS):
            return False
        self._set_state("error")
        name = self.path.name if self.path else "This clip"
        self.error.emit(
            ENDED_EARLY,
            f"{name} stopped at {_clock(reached)}, well before its end at {_clock(length)}: "
            "the file may be damaged or only partly copied. Choose another scenario, and let "
            "whoever looks after your clips know (“casebook content check” finds such files).",
        )
        return True

    def _check_sound(self, position_ms: int) -> None:
        verdict = self._sound.update(
            position_ms,
            lambda: self._player is not None and self._player.audio_get_track_count() > 0,
        )
        if verdict is None:
            return
        if not verdict and self._player is not None:
            # libvlc would retry the output for every block of sound, dozens a second, each
            # retry costing ALSA's and libvlc's complaints: this clip plays on without sound.
            self._player.audio_set_track(-1)
        if verdict != self._sound_available:
            self._sound_available = verdict
            if verdict:
                log.info("sound works again")
            else:
                log.warning("no working audio output: clips play without sound")
            self.sound_available_changed.emit(verdict)

    def _on_frame(self, image: QImage) -> None:
        if not self._saw_picture:
            self._saw_picture = True
            self.first_frame.emit()
        self.frame_ready.emit(image)

    def _on_vlc_event(self, name: str, value: int) -> None:
        if self._player is None:
            return  # released while events were queued
        if name == "time":
            self._position = value
            self.position_changed.emit(value)
            self._check_sound(value)
            # Asked once a second has played: libvlc reports the first times before it has
            # set up the picture, and a clip with a picture has shown one by then.
            if not self._checked_picture and value >= NO_PICTURE_AFTER_MS:
                self._checked_picture = True
                if self._no_video_track():
                    return
        elif name == "length":
            if value > 0 and value != self._duration:
                self._duration = value
                self.duration_changed.emit(value)
        elif name == "vout":
            if self._renderer == "native" and not self._saw_picture:
                self._saw_picture = True
                self.first_frame.emit()
        elif name == "playing":
            self._set_state("playing")
            if self._pending_seek is not None:
                self._player.set_time(self._pending_seek)
                self._pending_seek = None
            if self._spu_tracks == [] and not self._spu_read:
                self._spu_read = True
                self._read_spu_tracks()
            elif not self._captions:
                self._player.video_set_spu(-1)
        elif name == "error":
            self._unsupported()
        elif name == "ended":
            if self._state == "error":
                return
            if self._duration <= 0 and not self._saw_picture and self._position <= 0:
                # libvlc "plays" an unreadable file by ending at once: report it as such.
                self._unsupported()
                return
            if not self._checked_picture and self._no_video_track():
                return  # a clip under a second long, with sound only
            if self._ended_early():
                return
            if self._duration:
                self._position = self._duration
                self.position_changed.emit(self._duration)
            self._set_state("ended")
            if not self._ended_sent:
                self._ended_sent = True
                self.ended.emit()
        elif name in ("opening", "paused", "stopped"):
            if name == "stopped" and self._state in ("ended", "error"):
                return
            self._set_state(name)
