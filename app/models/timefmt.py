"""Clock-style times (m:ss, or h:mm:ss from an hour) for clips, markers and pause points.

One format everywhere a person reads a time: the library, the player, the journal, the PDF
and the command line, so "1:05" in a report is the same moment as "1:05" on the player.
"""

from __future__ import annotations


def format_clock(seconds: float) -> str:
    """m:ss (h:mm:ss from an hour) for `seconds`, rounded to the nearest second, never negative.

    A playhead truncates instead (it reaches 0:05 only at five seconds): pass whole seconds.
    """
    total = max(0, int(round(seconds)))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
