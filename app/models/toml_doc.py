"""A TOML file read for validation: its data plus the line each key sits on,
so every problem can be reported as `path:line: what is wrong and how to fix it`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from app.models.text_files import decode, encoding_name

_AT_LINE = re.compile(r"at line (\d+)")
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a content file."""

    path: Path
    line: int
    message: str
    # A warning does not stop the scenario from loading or playing (a caption flaw, a
    # duration that was corrected); an error keeps the file out of the library.
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


@dataclass
class TomlDoc:
    path: Path
    data: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Warnings about how the file was read (an encoding guessed); never a reason to skip it.
    notes: list[Problem] = field(default_factory=list)
    # (table header text, key) -> line, and table header -> first line, in file order
    _key_lines: list[tuple[str, str, int]] = field(default_factory=list)
    _table_lines: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> TomlDoc:
        doc = cls(path=path)
        try:
            text, encoding = decode(path.read_bytes())
        except OSError as exc:
            doc.problems.append(Problem(path, 1, f"cannot read the file ({exc.strerror})"))
            return doc
        if encoding != "utf_8":
            doc.notes.append(
                Problem(
                    path,
                    1,
                    f"saved as {encoding_name(encoding)}; read as such. Saving it as UTF-8 "
                    "avoids any doubt about accents and quotes",
                    warning=True,
                )
            )
        # Notepad and Excel on Windows save UTF-8 with a byte-order mark; TOML has no use for
        # it, and tomllib calls it an "invalid statement" at line 1.
        text = text.removeprefix("\ufeff")
        try:
            doc.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = _AT_LINE.search(str(exc))
            line = int(m.group(1)) if m else 1
            reason = str(exc).split(" (at")[0]
            lines = text.splitlines()
            raw = lines[line - 1] if 0 < line <= len(lines) else ""
            doc.problems.append(Problem(path, line, _syntax_advice(reason, raw)))
            return doc
        table = ""
        for number, raw in enumerate(text.splitlines(), start=1):
            if m := _TABLE.match(raw):
                table = m.group(1)
                doc._table_lines.append((table, number))
            elif m := _KEY.match(raw):
                doc._key_lines.append((table, m.group(1).strip("\"'"), number))
        return doc

    def line_of(self, key: str | None = None, table: str = "", occurrence: int = 0) -> int:
        """Line of `key` inside the `occurrence`-th `[table]` / `[[table]]` (1 when unknown)."""
        starts = [n for t, n in self._table_lines if t == table]
        if table and occurrence < len(starts):
            start = starts[occurrence]
            following = [n for _, n in self._table_lines if n > start]
            end = min(following) if following else 10**9
        elif table:
            return 1
        else:
            start, end = 0, min((n for _, n in self._table_lines), default=10**9)
        if key is None:
            return max(start, 1)
        for _table, k, n in self._key_lines:
            if start <= n < end and k == key:
                return n
        return max(start, 1)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))


_CURLY = "\u201c\u201d\u2018\u2019"
_BACKSLASH_IN_QUOTES = re.compile(r'"[^"]*\\[^"]*"')


def _syntax_advice(reason: str, raw: str) -> str:
    """Name the cause people meet most, not just the parser's words."""
    before_value = raw.split("=", 1)[1].lstrip() if "=" in raw else raw
    if before_value[:1] in _CURLY:
        return (
            "this value is in curly quotes (\u201c \u201d), which word processors put in; "
            'TOML needs straight quotes ("), so retype them or save from a plain-text editor'
        )
    if _BACKSLASH_IN_QUOTES.search(raw) and (
        "hex" in reason or "\\" in reason or "escape" in reason
    ):
        return (
            "a backslash (\\) inside double quotes starts an escape in TOML; write the path "
            "with forward slashes (clips/ward.mp4), or in single quotes ('clips\\ward.mp4')"
        )
    return f"TOML syntax error: {reason}; check quotes, brackets and commas"
