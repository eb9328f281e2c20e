"""Finds libvlc lazily, so the rest of Casebook works when VLC is not installed.

`import vlc` raises OSError (or worse), not ImportError, when the libvlc library itself is
missing, and it does real work at import time; so it is imported here, once, on first need.
"""

from __future__ import annotations

import logging
import os
import sys
import threading

from app.media import vlc_log

log = logging.getLogger(__name__)

_vlc = None
_error: str | None = None
_instance = None
_instance_lock = threading.Lock()


class VlcMissing(RuntimeError):
    """libvlc could not be loaded; the message says what to install."""


def install_hint() -> str:
    if sys.platform.startswith("win"):
        how = "Install VLC 3 (64-bit) from videolan.org, then start Casebook again."
    elif sys.platform == "darwin":
        how = "Install VLC 3 from videolan.org into Applications, then start Casebook again."
    else:
        how = (
            "Install VLC 3 with your package manager (on Debian or Ubuntu: "
            "sudo apt install libvlc5 vlc-plugin-base vlc-plugin-video-output), "
            "then start Casebook again."
        )
    return f"Video playback needs VLC 3, which was not found on this computer. {how}"


def load_vlc():
    """The python-vlc module, or VlcMissing with a plain message."""
    global _vlc, _error
    if _vlc is not None:
        return _vlc
    if _error is None and os.environ.get("CASEBOOK_NO_VLC"):
        # Lets tests and IT staff see how Casebook behaves on a machine without VLC.
        _error = "disabled by CASEBOOK_NO_VLC"
    if _error is None:
        try:
            import vlc  # noqa: PLC0415  (lazy on purpose)

            if vlc.dll is None or vlc.Instance is None:
                raise OSError("python-vlc found no libvlc")
            _vlc = vlc
            return vlc
        except Exception as exc:  # noqa: BLE001  python-vlc raises OSError, NameError, AttributeError...
            _error = f"{type(exc).__name__}: {exc}"
            log.warning("libvlc could not be loaded: %s", _error)
    raise VlcMissing(install_hint())


def vlc_available() -> bool:
    try:
        load_vlc()
    except VlcMissing:
        return False
    return True


HW_ENV = "CASEBOOK_HW_DECODING"


def hardware_decoding() -> bool:
    """The hardware-decoding setting: CASEBOOK_HW_DECODING, else settings.json (on by default).

    Measured on a PC without a usable graphics chip, a 4K HEVC 10-bit clip decodes at about
    two thirds of real time in software; libvlc then drops frames ("More than 11 late frames,
    dropping frame"), which shows as stutter or grey, smeared pictures. With hardware decoding
    a typical ward PC (Intel graphics from 2017 on) plays it smoothly, and libvlc falls back
    to software by itself where there is no such chip, so "on" is the safer default.
    """
    raw = os.environ.get(HW_ENV, "").strip().lower()
    if raw:
        return raw not in ("0", "off", "no", "false", "none", "software")
    from app.config import Paths, Settings  # noqa: PLC0415  (read once, at libvlc start)

    return bool(Settings.load(Paths.resolve()).hardware_decoding)


def decoding_args() -> list[str]:
    return ["--avcodec-hw=any" if hardware_decoding() else "--avcodec-hw=none"]


def new_instance(headless_audio: bool | None = None):
    """A libvlc instance with quiet logging; audio goes nowhere on offscreen (test) runs."""
    vlc = load_vlc()
    args = [
        "--quiet",
        *decoding_args(),
        "--no-video-title-show",
        "--no-snapshot-preview",
        "--no-stats",
    ]
    if headless_audio is None:
        headless_audio = os.environ.get("QT_QPA_PLATFORM") == "offscreen"
    if headless_audio:
        args.append("--aout=dummy")
    instance = vlc.Instance(args)
    if instance is None:
        raise VlcMissing(install_hint())
    vlc_log.route_to_log(vlc, instance)  # libvlc's and ALSA's messages: to our log, not stderr
    return instance


def shared_instance():
    """One libvlc instance per process: creating one loads every plugin, which is slow."""
    global _instance
    with _instance_lock:  # the poster worker and content check may ask from other threads
        if _instance is None:
            _instance = new_instance()
        return _instance
