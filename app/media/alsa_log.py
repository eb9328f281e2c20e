"""ALSA's "ALSA lib ..." lines go to Casebook's log ("casebook.alsa"), rate-limited.

libasound prints its errors to stderr itself, past libvlc's logging: with no sound card each
failed attempt of libvlc's ALSA output costs eight lines. `snd_lib_error_set_handler` takes
them instead. Its handler is variadic in C:

    void handler(const char *file, int line, const char *function, int err, const char *fmt, ...)

ctypes cannot receive C varargs, so ours is declared with the five named parameters only.
That is safe on the platforms with ALSA (x86_64 and aarch64 Linux): named parameters arrive
in the same registers whether or not the caller passes more, and the extra ones are simply
not read. So the log gets the format string itself ("cannot find card '%s'"), with where it
came from and the error number, which is what someone diagnosing sound needs.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

from app.media.log_limit import MessageLimiter

log = logging.getLogger("casebook.alsa")
log.addHandler(logging.NullHandler())  # see vlc_log: no last-resort printing on stderr

LIBRARY = "libasound.so.2"
PER_MINUTE = 5

HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)

# Counted by where a message comes from and its template: (file, line, format).
_limiter: MessageLimiter[tuple[bytes | None, int, bytes | None]] = MessageLimiter(PER_MINUTE)
_handler = None  # the CFUNCTYPE object: libasound keeps only its address, so it must live on


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", "replace") if value else "?"


def _on_error(file, line, function, err, fmt) -> None:
    # On whichever thread libasound runs (libvlc's audio output). Never raise into C.
    try:
        if not log.isEnabledFor(logging.INFO):
            return
        dropped = _limiter.allow((file, line, fmt))
        if dropped is None:
            return
        where = f"{_text(file)}:{line} ({_text(function)})"
        if dropped:
            log.info("%d similar messages suppressed: %s", dropped, where)
        reason = f" [{os.strerror(-err) if err < 0 else os.strerror(err)}]" if err else ""
        log.info("%s %s%s", where, _text(fmt), reason)
    except Exception:  # noqa: BLE001, S110  a Python error must not reach libasound
        pass


def report_suppressed() -> None:
    for (file, line, fmt), count in _limiter.pending().items():
        log.info("%d similar messages suppressed: %s:%d %s", count, _text(file), line, _text(fmt))


def route_alsa_errors(library: str = LIBRARY) -> bool:
    """Take ALSA's error lines, once per process. False where there is no libasound."""
    global _handler
    if _handler is not None:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        asound = ctypes.CDLL(library)
        set_handler = asound.snd_lib_error_set_handler
    except (OSError, AttributeError) as exc:
        log.debug("ALSA's messages stay where they are: %s", exc)
        return False
    set_handler.argtypes = [HANDLER]
    set_handler.restype = ctypes.c_int
    handler = HANDLER(_on_error)
    if set_handler(handler) != 0:
        return False
    _handler = handler
    return True
