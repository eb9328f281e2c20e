"""Programme evaluation end to end: real profiles reflect through the services, export their
slips, a lead merges them from the command line, and every figure in the CSV files and the
PDF's text is checked against values worked out here, independently of the merge code."""

from __future__ import annotations

import csv
import json
import math
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.config import Settings
from app.models.session_plan import load_plans
from app.services.group_session import GroupSession, save_to_journal
from app.services.progress import load_scenarios
from app.services.session import UnlockedSession

PASS = "amber lantern quietly folds"
PROGRAMME = "ward-mh-2026"
LOW, VOICES, DISCLOSURE = "low-mood-inpatient", "psychosis-voices", "pupil-disclosure"
# Student's t, 0.975 quantile, from printed tables (not from the code under test).
T975 = {7: 2.364624, 8: 2.306004}
MARK = "MARKER"


@dataclass
class Person:
    """What one person did, as the test intends it (the independent record)."""

    name: str
    role: str
    # scenario -> list of reflections: (before by objective or None, after by objective,
    # knowledge right?) in order.
    reflections: dict[str, list[tuple[dict[int, int] | None, dict[int, int], bool]]] = field(
        default_factory=dict
    )


def roster() -> list[Person]:
    people: list[Person] = []

    def ratings(i: int, j: int) -> tuple[int, int]:
        before = 1 + (i + j) % 3
        return before, min(5, before + 1 + (i * i + j * i + j) % 3)

    ward = [Person(f"Ward {i}", "ward-nurse") for i in range(6)]
    mh = [Person(f"Mh {i}", "mh-practitioner") for i in range(5)]
    for i, p in enumerate(ward + mh):
        b = {j: ratings(i, j)[0] for j in (1, 2, 3)}
        a = {j: ratings(i, j)[1] for j in (1, 2, 3)}
        skips_before = p.name in ("Ward 5", "Mh 4")
        first_wrong = p.name in ("Ward 0", "Ward 1", "Ward 2", "Mh 0", "Mh 1")
        if p.name in ("Ward 0", "Ward 1"):
            # Twice: the first time no change and wrong; the second better and right. The
            # slip pairs the first rating before with the latest after.
            p.reflections[LOW] = [(b, dict(b), False), ({1: 5, 2: 5, 3: 5}, a, True)]
        else:
            p.reflections[LOW] = [(None if skips_before else b, a, not first_wrong)]
    voices = ward[:3] + mh
    for i, p in enumerate(voices):
        b = {1: 1 + i % 4}
        a = {j: 2 + (i + j) % 4 for j in (1, 2, 3, 4)}
        if i < 4:
            b.update({j: 1 + (i + j) % 2 for j in (2, 3, 4)})
        p.reflections[VOICES] = [(b, a, True)]
    teachers = [Person(f"Teacher {i}", "teacher") for i in range(2)]
    for i, p in enumerate(teachers):
        p.reflections[DISCLOSURE] = [({1: 2, 2: 2 + i, 3: 1}, {1: 4, 2: 4, 3: 3 + i}, True)]
    people += ward + mh + teachers
    people.append(Person("Facilitator", "facilitator"))
    return people


TALLY_BEFORE, TALLY_AFTER = [1, 3, 4, 2, 0], [0, 1, 2, 4, 3]


def reflect(session: UnlockedSession, person: Person, scenario_id: str, n: int, k: int) -> None:
    scenario = session.scenarios[scenario_id]
    before, after, right = person.reflections[scenario_id][n]
    refl = session.reflections.start(
        person.role,
        scenario,
        title=f"{MARK}-{person.name}-title-{k}",
        markers=[{"at": 3.0, "note": f"{MARK}-{person.name}-note"}],
    )
    objectives = scenario.learning_objectives
    if before:
        refl.confidence_before = {objectives[j - 1]: v for j, v in before.items()}
    answers = {}
    for section in refl.sections:
        for q in section.questions:
            if q.is_knowledge_check:
                answers[q.id] = q.correct if right else next(o for o in q.options if o != q.correct)
            elif q.kind in ("text", "marker"):
                answers[q.id] = f"{MARK}-{person.name}-{q.id}"
    payload = session.reflections.build_payload(
        refl,
        answers,
        confidence_after={objectives[j - 1]: v for j, v in after.items()},
        tags=[f"{MARK}-tag"],
    )
    session.reflections.save(refl, payload, "final")


@pytest.fixture
def programme(paths, fast_kdf, tmp_path):
    """Everyone reflects and exports; returns (people, slip folder, things that must not leak)."""
    from app.services.profiles import ProfileService

    settings = Settings.load(paths)
    settings.programme_id = PROGRAMME
    settings.save(paths)
    scenarios = load_scenarios(paths)
    profiles = ProfileService(paths)
    slips = tmp_path / "slips"
    (slips / "ward").mkdir(parents=True)
    (slips / "school").mkdir()
    secrets: list[str] = []
    people = roster()
    for person in people:
        info, _ = profiles.create(f"{MARK} {person.name}", person.role, "Ward 7", PASS)
        secrets += [info.id, info.name]
        folder = slips / ("school" if person.role == "teacher" else "ward")
        out = folder / f"{person.name.replace(' ', '-').lower()}.json"
        with UnlockedSession(profiles.unlock(info.id, PASS), scenarios=scenarios) as session:
            if person.name == "Ward 3":
                # An early export, replaced later by the same person's newer slip.
                session.evidence.export(folder / "ward-3-early.json")
            count = 0
            for sid, runs in person.reflections.items():
                for n in range(len(runs)):
                    count += 1
                    reflect(session, person, sid, n, count)
            if person.role == "facilitator":
                plan = next(p for p in load_plans(paths.content_roots())[0] if p.id == "ward-team")
                group = GroupSession.open(plan, session.scenarios)
                group.notes = f"{MARK}-group-notes"
                for value in range(5):
                    group.set_tally("confidence-low-mood", "before", value + 1, TALLY_BEFORE[value])
                    group.set_tally("confidence-low-mood", "after", value + 1, TALLY_AFTER[value])
                save_to_journal(group, session.journal)
            session.evidence.export(out)
            if person.name == "Teacher 0":
                session.evidence.export(folder / "teacher-0-other.json", "school-2026")
            for entry in session.journal.list_entries():
                secrets += [entry.id, entry.created_at, entry.updated_at]
    # Someone whose code turns up under two programmes: both their slips are left out.
    info, _ = profiles.create(f"{MARK} Doubled", "mh-practitioner", "", PASS)
    with UnlockedSession(profiles.unlock(info.id, PASS), scenarios=scenarios) as session:
        reflect_person = Person("Doubled", "mh-practitioner", {LOW: [({1: 1}, {1: 5}, True)]})
        reflect(session, reflect_person, LOW, 0, 1)
        session.evidence.export(slips / "doubled.json")
    forged = json.loads((slips / "doubled.json").read_text())
    forged["programme"] = "school-2026"
    (slips / "doubled-forged.json").write_text(json.dumps(forged))
    # Bad files of every kind.
    good = json.loads((slips / "ward" / "ward-4.json").read_text())
    (slips / "not-json.json").write_text("this is not JSON {")
    (slips / "schema-2.json").write_text(json.dumps({**good, "schema": 2}))
    tampered = json.loads(json.dumps(good))
    tampered["scenarios"][0]["confidence"][0]["after"] = 9
    tampered["sequence"] = 99
    (slips / "tampered.json").write_text(json.dumps(tampered))
    future = json.loads(json.dumps(good))
    future["scenarios"][0]["month"] = "2999-01"
    (slips / "future.json").write_text(json.dumps(future))
    texty = json.loads(json.dumps(good))
    texty["scenarios"][0]["note"] = "free text smuggled in"
    (slips / "with-text.json").write_text(json.dumps(texty))
    return people, slips, secrets, scenarios


def paired(values: list[tuple[int, int]]) -> tuple[str, ...]:
    n = len(values)
    before = [b for b, _ in values]
    after = [a for _, a in values]
    diffs = [a - b for b, a in values]
    mean = statistics.fmean(diffs)
    half = T975[n - 1] * statistics.stdev(diffs) / math.sqrt(n)
    return (
        f"{statistics.fmean(before):.2f}",
        f"{statistics.fmean(after):.2f}",
        f"{mean:+.2f}",
        f"{mean - half:+.2f}",
        f"{mean + half:+.2f}",
    )


def expected_objectives(people: list[Person], scenarios) -> list[tuple[str, ...]]:
    rows = []
    order = sorted((LOW, VOICES, DISCLOSURE), key=lambda s: scenarios[s].title.lower())
    for sid in order:
        scenario = scenarios[sid]
        for j, text in enumerate(scenario.learning_objectives, 1):
            pairs = []
            for p in people:
                runs = p.reflections.get(sid)
                if not runs:
                    continue
                first_before = next((r[0][j] for r in runs if r[0] and j in r[0]), None)
                last_after = next((r[1][j] for r in reversed(runs) if j in r[1]), None)
                if first_before is not None and last_after is not None:
                    pairs.append((first_before, last_after))
            if not pairs:
                continue
            if len(pairs) >= 5:
                figures = (str(len(pairs)), *paired(pairs))
            else:
                figures = ("fewer than 5", *(["not shown"] * 5))
            rows.append((sid, scenario.title, str(j), text, *figures))
    return rows


def read_csv(path: Path) -> list[tuple[str, ...]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [tuple(r) for r in csv.reader(fh)]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_slips_from_real_profiles_merge_into_figures_checked_independently(
    programme, paths, tmp_path, capsys
):
    people, slips, secrets, scenarios = programme

    # Nothing of anyone's journal, name, ids or exact times is in any slip.
    for slip in slips.rglob("*.json"):
        text = slip.read_text(encoding="utf-8")
        if slip.name in ("with-text.json", "not-json.json"):
            continue
        assert MARK not in text, slip.name
        for secret in secrets:
            assert secret not in text, (slip.name, secret)
        assert "Ward 7" not in text  # the profile's own setting is free text

    out = tmp_path / "report.pdf"
    tables = tmp_path / "tables"
    code = main(["evidence", "merge", str(slips), "--out", str(out), "--csv", str(tables)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    skipped = {
        Path(line.split("skipped ", 1)[1].split(":", 1)[0]).name: line
        for line in captured.err.splitlines()
    }
    assert set(skipped) == {
        "not-json.json",
        "schema-2.json",
        "tampered.json",
        "future.json",
        "with-text.json",
        "teacher-0-other.json",
        "doubled.json",
        "doubled-forged.json",
    }
    assert "not JSON" in skipped["not-json.json"]
    assert "schema version 2" in skipped["schema-2.json"]
    assert "from 1 to 5, not 9" in skipped["tampered.json"]
    assert "in the future" in skipped["future.json"]
    assert "does not know: note" in skipped["with-text.json"]
    assert "programme school-2026, not ward-mh-2026" in skipped["teacher-0-other.json"]
    assert "programmes school-2026 and ward-mh-2026" in skipped["doubled.json"]

    # -- participants: worked out by hand from the roster (6 ward nurses, 5 mental-health
    # practitioners, 2 teachers, 1 facilitator). Teachers and the facilitator are fewer than
    # 5; the school and other-roles subtotals are too, and together they hold 3, so "health"
    # is hidden as well, and inside it the smallest non-zero part (5) and then the 0.
    roles = [p.role for p in people]
    assert roles.count("ward-nurse") == 6 and roles.count("mh-practitioner") == 5
    assert read_csv(tables / "participants.csv") == [
        ("setting", "role", "participants"),
        ("Health", "Ward nurse", "6"),
        ("Health", "Emergency department nurse", "hidden"),
        ("Health", "Mental-health practitioner", "hidden"),
        ("Health", "All health roles", "hidden"),
        ("School", "Teacher", "fewer than 5"),
        ("School", "School support staff", "hidden"),
        ("School", "All school roles", "fewer than 5"),
        ("Other", "Facilitator", "fewer than 5"),
        ("Other", "All other roles", "fewer than 5"),
        ("All", "All participants", str(len(people))),
    ]

    # -- completion: 11 of 14 did the low-mood clip (3 did not: hidden, and so is 11),
    # 8 the voices clip, 2 the disclosure clip.
    total = len(people)
    done = {s: sum(1 for p in people if s in p.reflections) for s in (LOW, VOICES, DISCLOSURE)}
    assert done == {LOW: 11, VOICES: 8, DISCLOSURE: 2}
    shown = {
        LOW: ("hidden", "fewer than 5"),
        VOICES: (str(done[VOICES]), str(total - done[VOICES])),
        DISCLOSURE: ("fewer than 5", "hidden"),
    }
    order = sorted(done, key=lambda s: scenarios[s].title.lower())
    completion = [(s, scenarios[s].title, *shown[s], str(total)) for s in order]
    assert read_csv(tables / "completion.csv")[1:] == completion

    # -- confidence: means and 95% intervals computed here with the statistics module and
    # printed t values.
    objectives = expected_objectives(people, scenarios)
    assert read_csv(tables / "objectives.csv")[1:] == objectives
    assert any(r[4] == "9" for r in objectives) and any(r[4] == "8" for r in objectives)

    # -- knowledge: low mood 11 answered, 6 right first (5 wrong), 8 right latest (3 wrong:
    # hidden, so 8 is hidden too); voices all 8 right; disclosure 2 people: fewer than 5.
    session_questions = {}
    for sid in (LOW, VOICES, DISCLOSURE):
        from app.models import prompts
        from app.services.prompts import load

        packs = load(paths)[0]
        sections = prompts.compose("ward-nurse", scenarios[sid], None, packs)
        if sid == DISCLOSURE:
            sections = prompts.compose("teacher", scenarios[sid], None, packs)
        session_questions[sid] = [q for s in sections for q in s.questions if q.is_knowledge_check]
    expected_knowledge = []
    for sid, figures in (
        (LOW, ("11", "6", "55%", "hidden", "not shown")),
        (VOICES, ("8", "8", "100%", "8", "100%")),
        (DISCLOSURE, ("fewer than 5", "fewer than 5", "not shown", "fewer than 5", "not shown")),
    ):
        for q in sorted(session_questions[sid], key=lambda q: q.id):
            expected_knowledge.append((sid, q.id, q.text, *figures))
    assert len(expected_knowledge) >= 6
    assert read_csv(tables / "knowledge.csv")[1:] == expected_knowledge

    # -- the room's show of hands.
    mean_before = sum((i + 1) * c for i, c in enumerate(TALLY_BEFORE)) / sum(TALLY_BEFORE)
    mean_after = sum((i + 1) * c for i, c in enumerate(TALLY_AFTER)) / sum(TALLY_AFTER)
    tally_rows = read_csv(tables / "tallies.csv")[1:]
    assert len(tally_rows) == 1
    assert tally_rows[0][0:2] == ("ward-team", "confidence-low-mood")
    assert tally_rows[0][3:] == (
        str(sum(TALLY_BEFORE)),
        f"{mean_before:.2f}",
        str(sum(TALLY_AFTER)),
        f"{mean_after:.2f}",
    )

    # -- the PDF says the same, row by row.
    text = norm(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(out).pages))
    assert f"People {total}" in text
    assert "Earlier slips replaced by a later one 1" in text
    assert "Slip files left out 8" in text
    # Why, in fixed words and counts; never a file's name (a learner may have named theirs).
    assert "2 files: the same person's code under two programmes." in norm(
        text.replace("\u2019", "'")
    )
    assert "1 file: not JSON." in text and "1 file: a month in the future." in text
    assert not any(name in text for name in skipped)
    for _, label, value in read_csv(tables / "participants.csv")[1:]:
        assert norm(f"{label} {value}") in text, label
    for sid, title, done_text, rest, everyone in completion:
        assert norm(f"{title} {done_text} {rest} {everyone}") in text, sid
    for row in objectives:
        assert norm(" ".join(row[3:])) in text, row
    for row in expected_knowledge:
        assert norm(f"{row[2]} {row[3]} {row[5]} {row[7]}") in text, row
    assert norm(" ".join(tally_rows[0][2:])) in text


def test_a_later_slip_replaces_an_earlier_one_and_the_code_stays_per_programme(
    paths, fast_kdf, tmp_path
):
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "", PASS)
    with UnlockedSession(profiles.unlock(info.id, PASS)) as session:
        _, first = session.evidence.export(tmp_path / "a.json", PROGRAMME)
        _, second = session.evidence.export(tmp_path / "b.json", PROGRAMME)
        _, other = session.evidence.export(tmp_path / "c.json", "school-2026")
    assert first.pseudonym == second.pseudonym != other.pseudonym
    assert (first.sequence, second.sequence, other.sequence) == (1, 2, 1)
    # The code is sealed: nothing in the database holds it in clear.
    raw = paths.database.read_bytes()
    wal = paths.database.with_name(paths.database.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert first.pseudonym.encode() not in raw and PROGRAMME.encode() not in raw
    # Unlocked again (a new session), the same code comes back.
    with UnlockedSession(profiles.unlock(info.id, PASS)) as session:
        assert session.evidence.preview(PROGRAMME).pseudonym == first.pseudonym
        assert session.evidence.preview(PROGRAMME).sequence == 3
        # A preview that is out of date (another export since) is not written.
        stale = session.evidence.preview(PROGRAMME)
        session.evidence.export(tmp_path / "d.json", PROGRAMME)
        from app.errors import CasebookError

        with pytest.raises(CasebookError, match="out of date"):
            session.evidence.write(stale, tmp_path / "e.json")
        assert not (tmp_path / "e.json").exists()
    # Deleting the profile deletes its codes.
    profiles.delete(info.id)
    from app.models.store import open_db

    db = open_db(paths.database)
    try:
        assert db.execute("SELECT COUNT(*) FROM evidence_pseudonyms").fetchone()[0] == 0
    finally:
        db.close()


def test_export_without_a_programme_says_what_to_do(paths, fast_kdf, tmp_path):
    from app.errors import CasebookError
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "", PASS)
    with UnlockedSession(profiles.unlock(info.id, PASS)) as session:
        with pytest.raises(CasebookError, match="No programme is set"):
            session.evidence.export(tmp_path / "a.json")
        with pytest.raises(CasebookError, match="not a programme id"):
            session.evidence.export(tmp_path / "a.json", "Ward MH <2026>")
    assert not (tmp_path / "a.json").exists()


def test_merge_of_nothing_usable_is_one_clear_line(paths, tmp_path, capsys):
    (tmp_path / "junk.json").write_text("[1, 2")
    code = main(["evidence", "merge", str(tmp_path), "--out", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 1
    assert "skipped" in err and "junk.json: it is not JSON" in err
    assert "No slip could be merged" in err
    assert not (tmp_path / "r.pdf").exists()
    code = main(
        [
            "evidence",
            "merge",
            str(tmp_path),
            "--programme",
            "x-2026",
            "--out",
            str(tmp_path / "r.pdf"),
        ]
    )
    assert code == 1 and "No slip for x-2026 could be merged" in capsys.readouterr().err


def test_export_from_the_command_line(paths, fast_kdf, tmp_path, monkeypatch, capsys):
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "", PASS)
    with UnlockedSession(profiles.unlock(info.id, PASS)) as session:
        reflect(session, Person("Robin", "ward-nurse", {LOW: [({1: 2}, {1: 4}, True)]}), LOW, 0, 1)
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    out = tmp_path / "robin.json"
    args = ["evidence", "export", "--profile", "Robin", "--programme", PROGRAMME]
    assert main([*args, "--out", str(out), "--show"]) == 0
    printed = capsys.readouterr().out
    assert "confidence before 2, after 4 (of 5)" in printed
    assert f"Saved your anonymous progress slip for {PROGRAMME} to {out}." in printed
    slip = json.loads(out.read_text(encoding="utf-8"))
    assert slip["programme"] == PROGRAMME and slip["sequence"] == 1
    assert MARK not in out.read_text(encoding="utf-8")

    assert main([*args, "--out", str(tmp_path / "robin.txt")]) == 1
    assert "name ending in .json" in capsys.readouterr().err
    assert main([*args[:3], "Nobody", *args[4:], "--out", str(out)]) == 1
    assert capsys.readouterr().err.startswith("casebook: ")


def test_a_key_rotation_keeps_the_slip_code(paths, fast_kdf, tmp_path):
    """A new data key re-seals the code with everything else: the next slip still replaces
    the earlier one instead of counting the same person twice."""
    from app.services.profiles import ProfileService

    profiles = ProfileService(paths)
    info, _ = profiles.create("Robin", "ward-nurse", "", PASS)
    unlocked = profiles.unlock(info.id, PASS)
    with UnlockedSession(unlocked) as session:
        _, first = session.evidence.export(tmp_path / "a.json", PROGRAMME)
        profiles.change_passphrase(unlocked, "seven quiet harbour lamps", rotate=True)
        assert session.evidence.preview(PROGRAMME).pseudonym == first.pseudonym
    again = profiles.unlock(info.id, "seven quiet harbour lamps")
    with UnlockedSession(again) as session:
        later = session.evidence.preview(PROGRAMME)
    assert (later.pseudonym, later.sequence) == (first.pseudonym, 2)
