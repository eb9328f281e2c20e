"""Writes the small TOML files Casebook makes itself (pack manifests, scenario manifests).

Python reads TOML (tomllib) but does not write it; our files need only text, numbers, booleans,
lists of text and arrays of tables, so a few lines do it and the output reads back with tomllib.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

Value = str | int | float | bool | list[str]


def value(v: Value) -> str:
    """One TOML value. Text uses JSON's escapes, which are all valid in a TOML basic string."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise ValueError("TOML numbers here must be finite")
        return repr(round(v, 3))
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def table(name: str, fields: Mapping[str, Value | None], *, array: bool = False) -> str:
    """`[name]` (or `[[name]]`) and its fields in order; None fields are left out."""
    header = f"[[{name}]]" if array else f"[{name}]"
    lines = [header] + [f"{k} = {value(v)}" for k, v in fields.items() if v is not None]
    return "\n".join(lines) + "\n"


def document(tables: Iterable[str]) -> str:
    return "\n".join(tables)
