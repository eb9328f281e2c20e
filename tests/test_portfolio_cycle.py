"""A whole revalidation cycle, end to end, with a fixed clock: a nurse on NMC revalidation and a
teacher on the Teachers' Standards. Real journal, real sealed storage, the real command line,
and the PDF and CSV read back; `portfolio show --json`, `cpd list --json`, the PDF and the CSV
must agree on every total."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys
from datetime import date

import pypdf
import pytest

from app.cli import main
from app.config import Paths
from app.services.progress import load_scenarios
from tests.tools import tools

PASS = "plum kettle orbit 7 window"
TODAY = date(2027, 6, 1)


@pytest.fixture
def cli(home, fast_kdf, monkeypatch, capsys):
    monkeypatch.setenv("CASEBOOK_PASSPHRASE", PASS)
    monkeypatch.setattr("app.commands.profile.can_prompt", lambda: False)
    # The clock: what the portfolio calls today, and when the journal says entries were written.
    monkeypatch.setattr("app.services.portfolio.today", lambda: TODAY)
    stamp = {"now": "2024-07-01T12:00:00.000000Z"}
    monkeypatch.setattr("app.services.journal.utc_now", lambda: stamp["now"])

    def run(*argv, stdin=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    run.stamp = stamp  # type: ignore[attr-defined]
    return run


def ok(result):
    code, out, err = result
    assert code == 0, err
    return out


def fails(result, words):
    code, out, err = result
    assert code == 1, (out, err)
    assert words.lower() in err.lower(), err
    assert "Traceback" not in err
    return err


def words(n: int, what: str = "care") -> str:
    return " ".join([what] * n)


def expected_minutes(clip_seconds: float, n_words: int) -> float:
    # Clip plus writing at 20 words a minute, in quarter hours, at least one, at most 90 min.
    minutes = clip_seconds / 60 + n_words / 20
    return min(max(math.ceil(minutes / 15) * 15, 15), 90)


def reflect(cli, profile, day, scenario, answers, model, final=True):
    cli.stamp["now"] = f"{day}T12:00:00.000000Z"
    argv = ["journal", "add", "--profile", profile, "--scenario", scenario, "--model", model]
    argv += ["--answers", "-"] + (["--final"] if final else [])
    return ok(cli(*argv, stdin=json.dumps(answers))).strip()


def show(cli, profile):
    return json.loads(ok(cli("portfolio", "show", "--profile", profile, "--json")))


def layout_text(path) -> str:
    """poppler's reading, table rows kept on one line."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def group_session(paths, profile_name, day, minutes):
    """A facilitator's real group session: the plan run for `minutes`, saved to the journal."""
    from app.commands.profile import open_session
    from app.models.session_plan import load_plans
    from app.services.group_session import GroupSession, save_to_journal

    plans, problems = load_plans(paths.content_roots())
    assert not problems
    ticks = [0.0]
    with open_session(paths, profile_name) as session:
        group = GroupSession.open(plans[0], session.scenarios, clock=lambda: ticks[0])
        group.start()
        ticks[0] = minutes * 60.0
        group.date = day
        group.notes = "We practised asking directly about risk."
        return save_to_journal(group, session.journal), plans[0].title


@tools("pdftotext")
def test_a_nurses_three_year_cycle(cli, home, tmp_path):
    paths = Paths.resolve(str(home))
    clips = {k: v.duration_seconds for k, v in load_scenarios(paths).items()}
    ok(cli("profile", "create", "--name", "Sam", "--role", "ward-nurse"))
    ok(cli("portfolio", "set", "--profile", "Sam", "--date", "2027-06-30"))
    start = show(cli, "Sam")
    assert start["framework"]["id"] == "nmc-revalidation"
    assert start["cycle"] == {"start": "2024-06-30", "end": "2027-06-30"}
    assert start["days_left"] == 29

    # Six scenario reflections across the cycle, one before it and one left as a draft.
    scenarios = ["low-mood-inpatient", "psychosis-voices", "staff-wellbeing"] * 2
    days = ["2024-09-10", "2025-01-20", "2025-06-03", "2025-11-11", "2026-04-22", "2027-02-14"]
    entries = []
    expected = 0.0
    for n, (sid, day) in enumerate(zip(scenarios, days, strict=True)):
        answers = {
            "nmc.nature": words(40 + 10 * n, "noticed"),
            "nmc.learned": words(30, "learned"),
            "nmc.changed": words(20, "changed"),
            "nmc.code.themes": ["Prioritise people", "Preserve safety"],
            "nmc.code": words(10, "code"),
        }
        entries.append(reflect(cli, "Sam", day, sid, answers, "nmc"))
        # The checklist's two choices count as the words "Prioritise people Preserve safety".
        n_words = sum(len(v.split()) for v in answers.values() if isinstance(v, str)) + 4
        expected += expected_minutes(clips[sid], n_words) / 60
    before = reflect(cli, "Sam", "2024-01-05", "staff-wellbeing", {"nmc.nature": "x"}, "nmc")
    reflect(cli, "Sam", "2025-02-01", "staff-wellbeing", {"nmc.nature": "draft"}, "nmc", False)

    # A group session: 150 minutes of participatory learning.
    _entry, plan_title = group_session(paths, "Sam", "2025-03-10", 150)
    expected += 2.5
    expected_part = 2.5

    log = json.loads(ok(cli("cpd", "list", "--profile", "Sam", "--json")))
    derived = [a for a in log["activities"] if a["source"] == "reflection"]
    assert len(derived) == 6
    assert before not in {a["entry_id"] for a in log["activities"]}
    assert all(a["method"] == "Simulation clip and written reflection" for a in derived)
    assert all(a["participatory_hours"] == 0 for a in derived)
    group = [a for a in log["activities"] if a["source"] == "group-session"]
    assert [(g["hours"], g["participatory_hours"], g["title"]) for g in group] == [
        (2.5, 2.5, plan_title)
    ]
    assert log["totals"]["hours"] == expected

    # The time of one reflection corrected by hand: the entry itself is not changed.
    first = derived[0]
    ok(cli("cpd", "edit", "--profile", "Sam", "--id", first["id"], "--hours", "0.75"))
    expected += 0.75 - first["hours"]

    # Activities added by hand.
    manual = [
        ("2025-05-02", "Safeguarding adults level 3", "7.5", True, "Course"),
        ("2026-01-15", "Sepsis study day", "7", True, "Study day"),
        ("2026-02-01", "NICE guideline on self-harm", "3", False, "Reading"),
        ("2026-09-01", "Peer review of care plans", "3", True, "Peer review"),
        ("2027-01-10", "Medicines management e-learning", "6", False, "E-learning"),
        ("2027-03-03", "Preceptorship study day", "6.5", False, "Study day"),
    ]
    for day, title, hours, part, method in manual:
        argv = ["cpd", "add", "--profile", "Sam", "--date", day, "--title", title]
        argv += ["--hours", hours, "--method", method, "--theme", "practise-effectively"]
        ok(cli(*argv, *(["--participatory"] if part else [])))
        expected += float(hours)
        expected_part += float(hours) if part else 0

    # Bad input: each a clear message, nothing saved.
    count = len(json.loads(ok(cli("cpd", "list", "--profile", "Sam", "--json")))["activities"])
    base = ["cpd", "add", "--profile", "Sam", "--title", "Bad", "--date"]
    fails(cli(*base, "2026-03-01", "--hours", "-2"), "cannot be negative")
    fails(cli(*base, "2026-03-01", "--hours", "two"), "should be a number")
    fails(cli(*base, "2026-03-01", "--hours", "25"), "more than 24")
    fails(cli(*base, "2026-01-15", "--hours", "18"), "more than 24 hours on 2026-01-15")
    fails(cli(*base, "2027-06-20", "--hours", "1"), "in the future")
    fails(cli(*base, "2023-01-01", "--hours", "1"), "outside this cycle")
    fails(cli(*base, "31/01/2026", "--hours", "1"), "year-month-day")
    after = json.loads(ok(cli("cpd", "list", "--profile", "Sam", "--json")))["activities"]
    assert len(after) == count

    # Five reflective accounts written from entries; the identifier check runs before final.
    leaky = reflect(
        cli,
        "Sam",
        "2026-05-05",
        "low-mood-inpatient",
        {"nmc.nature": "I cared for Mrs Jones on bay 4.", "nmc.learned": words(5)},
        "nmc",
    )
    fails(cli("portfolio", "account", "--profile", "Sam", "--entry", leaky, "--final"), "identify")
    assert show(cli, "Sam")["accounts"] == []
    # Kept as a draft, edited so it names nobody, then final.
    draft = json.loads(
        ok(cli("portfolio", "account", "--profile", "Sam", "--entry", leaky, "--json"))
    )
    assert draft["final"] is False
    fields = {f["id"] for f in show(cli, "Sam")["framework"]["account_fields"]}
    assert fields == {"nature", "learned", "changed", "code"}
    edited = {"nature": "I cared for a patient on the bay who was very quiet."}
    fails(
        cli(
            "portfolio",
            "account",
            "--profile",
            "Sam",
            "--id",
            draft["id"],
            "--answers",
            "-",
            stdin='{"feelings": "x"}',
        ),
        "no field 'feelings'",
    )
    final = json.loads(
        ok(
            cli(
                "portfolio",
                "account",
                "--profile",
                "Sam",
                "--id",
                draft["id"],
                "--answers",
                "-",
                "--final",
                "--json",
                stdin=json.dumps(edited),
            )
        )
    )
    assert final["final"] and final["answers"]["nature"] == edited["nature"]
    assert final["answers"]["learned"] == words(5)
    ok(cli("journal", "delete", "--profile", "Sam", leaky, "--yes"))
    fails(cli("portfolio", "account", "--profile", "Sam", "--entry", leaky), "deleted")
    for entry_id in entries[:4]:
        account = json.loads(
            ok(
                cli(
                    "portfolio",
                    "account",
                    "--profile",
                    "Sam",
                    "--entry",
                    entry_id,
                    "--final",
                    "--json",
                )
            )
        )
        assert account["themes"] == ["prioritise-people", "preserve-safety"]
        assert account["answers"]["nature"].startswith("noticed")
        assert account["answers"]["changed"].startswith("changed")

    ok(
        cli(
            "portfolio",
            "discussion",
            "--profile",
            "Sam",
            "--name",
            "Ade Bello",
            "--registration",
            "12A3456E",
            "--date",
            "2027-05-02",
        )
    )
    fails(
        cli(
            "portfolio",
            "confirmation",
            "--profile",
            "Sam",
            "--name",
            "Jo Line",
            "--registration",
            "98B7654E",
            "--date",
            "2027-07-01",
        ),
        "future",
    )
    ok(
        cli(
            "portfolio",
            "confirmation",
            "--profile",
            "Sam",
            "--name",
            "Jo Line",
            "--registration",
            "98B7654E",
            "--date",
            "2027-05-20",
        )
    )

    state = show(cli, "Sam")
    totals = state["totals"]
    assert totals["hours"] == expected
    assert totals["participatory_hours"] == pytest.approx(expected_part)
    assert totals["accounts_final"] == 5
    assert state["missing"] == [] and state["complete"] is True
    listed = json.loads(ok(cli("cpd", "list", "--profile", "Sam", "--json")))["totals"]
    assert listed["hours"] == totals["hours"]
    assert listed["participatory_hours"] == totals["participatory_hours"]

    pdf, table = tmp_path / "portfolio.pdf", tmp_path / "cpd.csv"
    ok(cli("portfolio", "export", "--profile", "Sam", "--out", str(pdf), "--csv", str(table)))
    text = pdf_text(pdf)
    assert "not issued or endorsed by the Nursing and Midwifery Council" in " ".join(text.split())
    total_line = next(
        line.split() for line in layout_text(pdf).splitlines() if line.strip().startswith("Total")
    )
    assert total_line == [
        "Total",
        str(totals["activities"]),
        "activities",
        f"{totals['hours']:g}",
        f"{totals['participatory_hours']:g}",
    ]
    assert text.count("Reflective account ") == 5
    assert "Ade Bello" in text and "12A3456E" in text and "Jo Line" in text
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert rows[-1][0] == "Total"
    assert float(rows[-1][3]) == pytest.approx(totals["hours"])
    assert float(rows[-1][4]) == pytest.approx(totals["participatory_hours"])
    assert len(rows) == 2 + totals["activities"]


def test_a_teachers_year_with_the_teachers_standards(cli, home, tmp_path):
    ok(cli("profile", "create", "--name", "Priya", "--role", "teacher"))
    ok(cli("portfolio", "set", "--profile", "Priya", "--date", "2027-07-15"))
    state = show(cli, "Priya")
    assert state["framework"]["id"] == "teachers-standards-england"
    assert state["cycle"] == {"start": "2026-07-15", "end": "2027-07-15"}
    entries = []
    for n, (sid, day) in enumerate(
        [
            ("angry-parent", "2026-09-20"),
            ("pupil-disclosure", "2026-11-02"),
            ("anxious-pupil", "2027-02-08"),
        ]
    ):
        answers = {
            "gibbs.description": words(30 + n, "happened"),
            "gibbs.analysis": words(25, "analysis"),
            "gibbs.action-plan": words(15, "next"),
        }
        entries.append(reflect(cli, "Priya", day, sid, answers, "gibbs"))
    ok(
        cli(
            "cpd",
            "add",
            "--profile",
            "Priya",
            "--date",
            "2026-09-01",
            "--title",
            "INSET: behaviour and relationships",
            "--hours",
            "6",
            "--participatory",
            "--method",
            "INSET day",
            "--theme",
            "ts7",
        )
    )
    fails(
        cli(
            "cpd",
            "add",
            "--profile",
            "Priya",
            "--date",
            "2026-09-02",
            "--title",
            "x",
            "--hours",
            "1",
            "--theme",
            "preserve-safety",
        ),
        "unknown theme",
    )
    for entry_id in entries:
        account = json.loads(
            ok(
                cli(
                    "portfolio",
                    "account",
                    "--profile",
                    "Priya",
                    "--entry",
                    entry_id,
                    "--theme",
                    "ts7",
                    "--final",
                    "--json",
                )
            )
        )
        assert set(account["answers"]) == {"context", "learned", "impact"}
        assert account["answers"]["impact"].startswith("next")
    ok(
        cli(
            "portfolio",
            "discussion",
            "--profile",
            "Priya",
            "--name",
            "M. Shah",
            "--registration",
            "Mentor",
            "--date",
            "2027-05-01",
        )
    )
    ok(
        cli(
            "portfolio",
            "confirmation",
            "--profile",
            "Priya",
            "--name",
            "R. Green",
            "--registration",
            "Head of year",
            "--date",
            "2027-05-10",
        )
    )
    state = show(cli, "Priya")
    assert state["totals"]["accounts_final"] == 3
    assert state["totals"]["participatory_hours"] == 6
    assert [m for m in state["missing"] if "account" in m or "record" in m] == []
    pdf = tmp_path / "appraisal.pdf"
    ok(cli("portfolio", "export", "--profile", "Priya", "--out", str(pdf)))
    text = " ".join(pdf_text(pdf).split())
    assert "Teachers' Standards" in text
    assert "TS7 Manage behaviour effectively" in text
    assert f"Total 4 activities {state['totals']['hours']:g} 6" in text
