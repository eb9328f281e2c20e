from __future__ import annotations

import pytest

from app.models.captions import CaptionError, Cue, check_captions, cue_at, read_captions

SRT = """1
00:00:01,000 --> 00:00:03,500
Priya: Morning, Alan.

2
00:00:04,000 --> 00:00:06,250
I noticed your breakfast
is still there.
"""

VTT = """WEBVTT
Kind: captions

NOTE written by hand

intro
00:01.000 --> 00:03.500 line:90%
<v Mr Osei>Maya, hi.</v>

00:00:04.000 --> 00:00:06.000
You&apos;re <i>not</i> in trouble.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_srt_cues_with_times_and_multiline_text(tmp_path):
    cues = read_captions(write(tmp_path, "a.srt", SRT))
    assert cues == [
        Cue(1.0, 3.5, "Priya: Morning, Alan."),
        Cue(4.0, 6.25, "I noticed your breakfast\nis still there."),
    ]


def test_vtt_skips_header_and_notes_and_turns_voice_tags_into_names(tmp_path):
    cues = read_captions(write(tmp_path, "a.vtt", VTT))
    assert cues == [Cue(1.0, 3.5, "Mr Osei: Maya, hi."), Cue(4.0, 6.0, "You're not in trouble.")]


def test_byte_order_mark_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "bom.srt"
    path.write_bytes(("\ufeff" + SRT).replace("\n", "\r\n").encode("utf-8"))
    assert len(read_captions(path)) == 2


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        ("bad.srt", "1\n00:00:01,000 -> 00:00:02,000\nHello\n", 2, "timing line"),
        ("late.srt", "1\n00:00:05,000 --> 00:00:02,000\nHello\n", 2, "ends before it starts"),
        (
            "joined.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n"
            "Hello again\n00:00:03,000 --> 00:00:04,000\nx\n",
            5,
            "missing blank line",
        ),
        ("empty.srt", "\n\n", 1, "no captions"),
        ("nohead.vtt", "00:01.000 --> 00:02.000\nHello\n", 1, "WEBVTT"),
        (
            "badtime.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:61.000 --> 00:62.000\nno\n",
            6,
            "59",
        ),
        ("cueless.vtt", "WEBVTT\n\nid-only\njust text\n", 4, "timing line"),
    ],
)
def test_broken_captions_name_the_line(tmp_path, name, text, line, words):
    path = write(tmp_path, name, text)
    with pytest.raises(CaptionError) as err:
        read_captions(path)
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert [str(p) for p in check_captions(path)] == [str(err.value)]


def test_not_utf8_and_wrong_suffix(tmp_path):
    latin = tmp_path / "latin.srt"
    latin.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCaf\xe9\n".encode("latin-1"))
    with pytest.raises(CaptionError, match="UTF-8"):
        read_captions(latin)
    with pytest.raises(CaptionError, match=r"\.srt or \.vtt"):
        read_captions(write(tmp_path, "a.txt", SRT))
    with pytest.raises(CaptionError, match="cannot read"):
        read_captions(tmp_path / "missing.srt")


def test_cue_at_finds_the_showing_cue(tmp_path):
    cues = read_captions(write(tmp_path, "a.srt", SRT))
    assert cue_at(cues, 0.5) is None
    assert cue_at(cues, 1.0).text.startswith("Priya")
    assert cue_at(cues, 3.7) is None
    assert cue_at(cues, 5.0).start == 4.0
    assert cue_at(cues, 6.25) is None
    assert cue_at([], 1.0) is None
