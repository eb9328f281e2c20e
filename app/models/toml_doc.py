"""A TOML file read for validation: its data plus the line each key sits on,
so every problem can be reported as `path:line: what is wrong and how to fix it`."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

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
    # (table header text, key) -> line, and table header -> first line, in file order
    _key_lines: list[tuple[str, str, int]] = field(default_factory=list)
    _table_lines: list[tuple[str, int]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> TomlDoc:
        doc = cls(path=path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            doc.problems.append(Problem(path, 1, "the file is not UTF-8 text; save it as UTF-8"))
            return doc
        except OSError as exc:
            doc.problems.append(Problem(path, 1, f"cannot read the file ({exc.strerror})"))
            return doc
        try:
            doc.data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            m = _AT_LINE.search(str(exc))
            line = int(m.group(1)) if m else 1
            reason = str(exc).split(" (at")[0]
            doc.problems.append(
                Problem(
                    path, line, f"TOML syntax error: {reason}; check quotes, brackets and commas"
                )
            )
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
