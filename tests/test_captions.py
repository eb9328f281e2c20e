from __future__ import annotations

import pytest

from app.models.captions import (
    CaptionError,
    Cue,
    check_captions,
    cue_at,
    cues_at,
    load,
    read_captions,
)

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
        ("bad.srt", "1\n00:00:01,000 -> 00:00:02,000\nHello\n", 2, "arrow should be -->"),
        ("late.srt", "1\n00:00:05,000 --> 00:00:02,000\nHello\n", 2, "ends before it starts"),
        ("zero.srt", "1\n00:00:02,000 --> 00:00:02,000\nHello\n", 2, "never shows"),
        (
            "joined.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n"
            "Hello again\n00:00:03,000 --> 00:00:04,000\nx\n",
            5,
            "missing blank line",
        ),
        (
            "badtime.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\n00:61.000 --> 00:62.000\nno\n",
            6,
            "59",
        ),
        (
            "cueless.vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\nid-only\njust text\n",
            6,
            "timing",
        ),
    ],
)
def test_a_flawed_caption_is_a_warning_at_its_line_and_the_rest_still_reads(
    tmp_path, name, text, line, words
):
    path = write(tmp_path, name, text)
    found = load(path)
    warnings = [p for p in found.problems if words in p.message]
    assert warnings and warnings[0].line == line and warnings[0].warning
    assert str(warnings[0]).startswith(f"{path}:{line}: warning: ")
    assert check_captions(path) == found.problems
    # A zero-length cue is not "ends before it starts": that is false, and confuses people.
    if name == "zero.srt":
        assert not any("before it starts" in p.message for p in found.problems)


def test_nothing_readable_is_one_warning_and_read_raises(tmp_path):
    for name, text in [("empty.srt", ""), ("blank.srt", "\n\n"), ("nohead.vtt", "hello\n")]:
        path = write(tmp_path, name, text)
        found = load(path)
        assert found.cues == []
        assert found.problems and all(p.warning for p in found.problems)
        with pytest.raises(CaptionError):
            read_captions(path)


def test_windows_1252_and_utf16_are_read_and_named(tmp_path):
    text = "1\n00:00:01,000 --> 00:00:02,000\nCafé – it’s “fine”\n"
    latin = tmp_path / "latin.srt"
    latin.write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    found = load(latin)
    assert found.cues == [Cue(1.0, 2.0, "Café – it’s “fine”")]
    assert "saved as Windows-1252; read as such" in str(found.problems[0])
    for encoding in ("utf-16", "utf-16-le"):
        wide = tmp_path / f"{encoding}.srt"
        wide.write_bytes(text.encode(encoding))
        found = load(wide)
        assert found.cues == [Cue(1.0, 2.0, "Café – it’s “fine”")]
        assert "saved as UTF-16" in found.problems[0].message


def test_tags_positions_and_blocks_people_write(tmp_path):
    srt = write(
        tmp_path,
        "tags.srt",
        '1\n0:00:01,000 --> 0:00:03,000\n{\\an8}<font color="#ff0000">Monitor</font>\n\n'
        "2\n00:00:02,000 --> 00:00:04,000\n<b>Nurse:</b> <i>Breathe</i> with me\n",
    )
    cues = read_captions(srt)
    assert cues == [
        Cue(1.0, 3.0, "Monitor", "top"),
        Cue(2.0, 4.0, "Nurse: Breathe with me", "bottom"),
    ]
    assert [c.text for c in cues_at(cues, 2.5)] == ["Monitor", "Nurse: Breathe with me"]
    vtt = write(
        tmp_path,
        "blocks.vtt",
        "WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nREGION\nid:top\n\n"
        "NOTE\na comment\n\n00:01.000 --> 00:02.000 line:0\nAt the top\n",
    )
    assert read_captions(vtt) == [Cue(1.0, 2.0, "At the top", "top")]
    assert load(vtt).problems == []


def test_substation_files_read_through_pysubs2(tmp_path):
    ass = write(
        tmp_path,
        "a.ass",
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
        "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
        "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,"
        "0,0,1,2,0,2,10,10,10,1\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.50,Default,,0,0,0,,{\\an8}Top line\\NSecond\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\i1}Bottom{\\i0}\n",
    )
    assert read_captions(ass) == [
        Cue(1.0, 2.5, "Top line\nSecond", "top"),
        Cue(3.0, 4.0, "Bottom", "bottom"),
    ]


def test_wrong_suffix_and_missing_file_are_warnings(tmp_path):
    assert "should be an .srt" in load(write(tmp_path, "a.txt", SRT)).problems[0].message
    assert "cannot be read" in load(tmp_path / "missing.srt").problems[0].message


def test_cue_at_finds_the_showing_cue(tmp_path):
    cues = read_captions(write(tmp_path, "a.srt", SRT))
    assert cue_at(cues, 0.5) is None
    assert cue_at(cues, 1.0).text.startswith("Priya")
    assert cue_at(cues, 3.7) is None
    assert cue_at(cues, 5.0).start == 4.0
    assert cue_at(cues, 6.25) is None
    assert cue_at([], 1.0) is None
