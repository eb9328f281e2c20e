"""Text files as people's tools save them: a byte-order mark, UTF-16, or a Windows code page.

Shared by captions and manifests, so both read the same files the same way and name the
encoding they found ("saved as Windows-1252; read as such").
"""

from __future__ import annotations

_NAMES = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "utf_16_le": "UTF-16",
    "utf_16_be": "UTF-16",
    "cp1252": "Windows-1252",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "cp1256": "Windows-1256",
    "latin_1": "Latin-1",
    "iso8859_15": "Latin-9",
    "mac_roman": "Mac Roman",
}


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file people's tools wrote, and the name of the encoding it was read as.

    A byte-order mark decides; then strict UTF-8; then charset-normalizer's best guess. Western
    text in a Windows code page is read as Windows-1252 when that reads it the same way, since
    that is what Notepad and Excel on an English-language PC write.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf_8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf_16"
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    # Without a BOM, UTF-16 shows as a NUL in every other byte of plain ASCII text.
    if data[1::2].count(0) > len(data) // 4:
        return data.decode("utf-16-le", errors="replace"), "utf_16_le"
    if data[0::2].count(0) > len(data) // 4:
        return data.decode("utf-16-be", errors="replace"), "utf_16_be"
    from charset_normalizer import from_bytes  # noqa: PLC0415  (only for non-UTF-8 files)

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return data.decode("cp1252", errors="replace"), "cp1252"
    encoding = best.encoding
    # Short captions tie between code pages (cp1250 and cp1252 read "Café" alike, chaos 0):
    # a tie goes to Windows-1252, which Notepad and Excel on English-language PCs write.
    for match in matches:
        if (
            "cp1252" in match.could_be_from_charset
            and match.chaos <= best.chaos
            and match.coherence >= best.coherence
        ):
            encoding = "cp1252"
            break
    return data.decode(encoding, errors="replace"), encoding


def encoding_name(encoding: str) -> str:
    return _NAMES.get(encoding, encoding.replace("_", "-").upper())
