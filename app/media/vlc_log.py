"""libvlc's messages go to Casebook's log ("casebook.vlc"), at a sensible level, rate-limited.

Without this, libvlc writes to stderr, where nobody looks and which grows without bound, and
casebook.log says nothing about why a clip had no sound. The callback runs on libvlc's own
threads (decoder, audio output, ...): it formats the message, asks the limiter, and logs. It
touches no Qt and takes no lock the GUI thread holds while calling into libvlc.

It also counts one message: libvlc's core says "failed to create audio output" whenever no
audio output module can be opened (no sound card, no sound server; the same on every
platform, as it comes from libvlc's decoder, not from a platform's module). The player reads
that count, on its own thread, to say that the computer has no sound.
"""

from __future__ import annotations

import atexit
import ctypes
import logging
import re
import sys
import threading
from collections.abc import Callable

from app.media import alsa_log
from app.media.log_limit import MessageLimiter

log = logging.getLogger("casebook.vlc")
# Only the root handler that app.logs sets up writes anything. The null handler keeps Python's
# last-resort handler from printing our warnings on stderr where logging was never set up.
log.addHandler(logging.NullHandler())

# libvlc_log_level: DEBUG 0, NOTICE 2, WARNING 3, ERROR 4. libvlc's "warnings" are mostly
# noise (late pictures, odd boxes in an MP4), and its errors are often recovered from.
LEVELS = {0: logging.DEBUG, 2: logging.DEBUG, 3: logging.INFO, 4: logging.WARNING}
PER_MINUTE = 5
MESSAGE_BYTES = 1024

AUDIO_OUTPUT_FAILED = b"failed to create audio output"

_limiter: MessageLimiter[bytes | str] = MessageLimiter(PER_MINUTE)
_callback = None  # the CFUNCTYPE object; libvlc keeps only its address, so it must live on
_routed: list = []  # instances whose messages come here, for the unset at exit
_failures = 0
_failures_lock = threading.Lock()


def audio_output_failures() -> int:
    """How many times, since start, libvlc could not open any audio output."""
    with _failures_lock:
        return _failures


def _count_audio_failure() -> None:
    global _failures
    with _failures_lock:
        _failures += 1


# ----- formatting a message: printf with libvlc's own va_list -----------------------------

# The va_list arrives as an opaque pointer and goes straight back into C. That is right where
# va_list is a pointer (Windows, macOS on arm64) or an array that decays to one (x86_64 Linux
# and macOS); on aarch64 Linux, a va_list parameter is passed by reference, so it holds too.
# Tested: x86_64 Linux with glibc. Not tested here: Windows and macOS.
_WINDOWS = sys.platform == "win32"
if _WINDOWS:
    _printf = ctypes.cdll.msvcrt._vsnprintf
else:
    _printf = ctypes.CDLL(None).vsnprintf
_printf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
_printf.restype = ctypes.c_int

# msvcrt's printf predates C99: %zu, %jd, %lld, %hhd would shift every later argument (and a
# %s could then read a wrong pointer). On Windows such templates are logged unformatted.
_C99_ONLY = re.compile(rb"%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|ll|[zjtL])")


def printf_safe(fmt: bytes, windows: bool = _WINDOWS) -> bool:
    """Whether this platform's printf can format this libvlc template safely."""
    return not windows or _C99_ONLY.search(fmt) is None


def _format(fmt: bytes, args) -> str:
    if not printf_safe(fmt):
        return fmt.decode("utf-8", "replace")
    buf = ctypes.create_string_buffer(MESSAGE_BYTES + 1)  # +1: _vsnprintf may not end it
    _printf(buf, MESSAGE_BYTES, fmt, args)
    # One line each in the log: some messages carry a newline ("could not be used:\n...").
    return " ".join(buf.value.decode("utf-8", "replace").split())


_CONVERSION = re.compile(rb"%[^a-zA-Z%]*[a-zA-Z%]")


def template_of(fmt: bytes, text: str) -> bytes | str:
    """What the limiter counts by: the format string, unless it is only placeholders.

    libvlc logs many unrelated messages through "%s" or "%s: %s"; those are told apart by
    their text, or a flood of one would silence all the others.
    """
    return fmt if _CONVERSION.sub(b"", fmt).strip(b" :.-\n") else text


# ----- the callback ---------------------------------------------------------------------

_context: Callable[..., None] | None = (
    None  # libvlc_log_get_context, declared here with a plain pointer for the context
)


def _module_of(ctx) -> str:
    if _context is None:
        return "libvlc"
    module, file, line = ctypes.c_char_p(), ctypes.c_char_p(), ctypes.c_uint()
    _context(ctx, ctypes.byref(module), ctypes.byref(file), ctypes.byref(line))
    return module.value.decode("ascii", "replace") if module.value else "libvlc"


def _on_message(_data, level, ctx, fmt, args) -> None:
    # On a libvlc thread. Nothing may escape into C, and a slow callback slows playback.
    try:
        if fmt is None:
            return
        if level >= 4 and fmt == AUDIO_OUTPUT_FAILED:
            _count_audio_failure()
        py_level = LEVELS.get(level, logging.WARNING if level > 4 else logging.DEBUG)
        if not log.isEnabledFor(py_level):
            return
        text = _format(fmt, args)
        template = template_of(fmt, text)
        dropped = _limiter.allow(template)
        if dropped is None:
            return
        if dropped:
            log.log(py_level, "%d similar messages suppressed: %s", dropped, _shown(template))
        log.log(py_level, "%s: %s", _module_of(ctypes.cast(ctx, ctypes.c_void_p)), text)
    except Exception:  # noqa: BLE001, S110  a Python error must not reach libvlc's thread
        pass


def route_to_log(vlc, instance) -> None:
    """Send this libvlc instance's messages (and ALSA's) to the log instead of stderr."""
    global _callback, _context
    alsa_log.route_alsa_errors()
    try:
        if _callback is None:
            proto = ctypes.CFUNCTYPE(
                None,
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_char_p),
                ctypes.POINTER(ctypes.c_uint),
            )
            _context = proto(("libvlc_log_get_context", vlc.dll))
            _callback = vlc.CallbackDecorators.LogCb(_on_message)
            atexit.register(_stop_all)
        instance.log_set(_callback, None)
    except (AttributeError, OSError, TypeError) as exc:
        # A python-vlc or libvlc without the log API: clips still play, libvlc still talks.
        log.warning("libvlc's messages stay on stderr: %s", exc)
        return
    _routed.append(instance)


def stop_routing(instance) -> None:
    """Unset the callback (it waits for calls under way); before the instance is released."""
    if instance in _routed:
        _routed.remove(instance)
        instance.log_unset()
    if not _routed:
        report_suppressed()


def _shown(template) -> str:
    text = template.decode("utf-8", "replace") if isinstance(template, bytes) else str(template)
    return " ".join(text.split())


def report_suppressed() -> None:
    """One line for each kind of message dropped since its last line (ALSA's too)."""
    for template, count in _limiter.pending().items():
        log.info("%d similar messages suppressed: %s", count, _shown(template))
    alsa_log.report_suppressed()


def _stop_all() -> None:
    # At exit, before Python is torn down: a libvlc thread calling into a finalised
    # interpreter would crash the process on its way out.
    for instance in list(_routed):
        stop_routing(instance)
