"""The portfolio's parts: frameworks as content, derived activities, sealed storage, the
schema step that adds it, and the ways input can be wrong."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from app.config import bundled_resources
from app.errors import CasebookError
from app.models import store
from app.models.framework import load_frameworks, read_framework
from app.models.journal import Entry
from app.models.portfolio import (
    MAX_REFLECTION_HOURS,
    PortfolioError,
    derive_activities,
    parse_hours,
    reflection_minutes,
)
from app.services import library
from app.services.portfolio import TABLE, PortfolioService
from app.services.profiles import ProfileService
from app.services.session import UnlockedSession

PASS = "amber lantern quietly folds"
TODAY = date(2026, 6, 1)


@pytest.fixture
def session(paths, fast_kdf):
    service = ProfileService(paths)
    info, _ = service.create("Robin", "ward-nurse", "Ward 7", PASS)
    s = UnlockedSession(service.unlock(info.id, PASS))
    s._portfolio = PortfolioService(paths, s.journal, scenarios=s.scenarios, clock=lambda: TODAY)
    yield s
    s.lock()


# ------------------------------------------------------------------- frameworks


def test_bundled_frameworks_load_and_pass_content_check():
    root = bundled_resources()
    frameworks, problems = load_frameworks([root])
    assert problems == []
    assert {f.id for f in frameworks} == {
        "nmc-revalidation",
        "teachers-standards-england",
        "generic-cpd",
    }
    nmc = next(f for f in frameworks if f.id == "nmc-revalidation")
    assert (nmc.cycle_years, nmc.required_hours, nmc.required_participatory_hours) == (3, 35, 20)
    assert nmc.reflective_accounts == 5 and len(nmc.themes) == 4
    assert library.check([root / "frameworks"]) == []


def test_a_broken_framework_is_reported_by_line(tmp_path):
    bad = tmp_path / "frameworks" / "hcpc.toml"
    bad.parent.mkdir()
    bad.write_text(
        '[framework]\nid = "hcpc-cpd"\ntitle = "HCPC"\ncycle_years = 2\n'
        'required_hours = "lots"\nreflective_accounts = 1\n'
        '[[framework.themes]]\nid = "a"\ntitle = "A"\n'
        '[[framework.themes]]\nid = "a"\ntitle = "B"\n'
    )
    problems = [str(p) for p in library.check([bad])]
    assert f"{bad}:5: required_hours should be a number" in "\n".join(problems)
    assert any(':10: the theme id "a" is used twice' in p for p in problems)
    assert any("[framework.discussion]" in p for p in problems)
    framework, errs = read_framework(bad)
    assert framework is None and errs


def test_a_chosen_framework_whose_file_broke_says_so(tmp_path, session, monkeypatch):
    org = tmp_path / "org"
    (org / "frameworks").mkdir(parents=True)
    monkeypatch.setenv("CASEBOOK_CONTENT", str(org))
    source = (bundled_resources() / "frameworks" / "generic-cpd.toml").read_text()
    own = org / "frameworks" / "hcpc.toml"
    own.write_text(source.replace('id = "generic-cpd"', 'id = "hcpc-cpd"'))
    portfolio = session.portfolio
    portfolio.choose("hcpc-cpd")
    assert portfolio.framework().id == "hcpc-cpd"
    own.write_text("[framework\n")
    portfolio._frameworks = None  # the files are read again, as at the next unlock
    with pytest.raises(PortfolioError, match="could not be loaded.*TOML syntax"):
        portfolio.standing()
    with pytest.raises(PortfolioError, match="no framework 'nope'"):
        portfolio.choose("nope")


# ------------------------------------------------------------------- derived time


def _entry(payload, status="final", created="2026-03-01T12:00:00.000000Z", damaged=False):
    return Entry("e1", "p", created, created, status, payload, damaged)


def test_time_of_a_reflection_comes_from_the_clip_and_the_words():
    entry = _entry({"kind": "scenario", "scenario_id": "s", "answers": {"a": "word " * 200}})
    # 80 s of clip + 200 words at 20 a minute = 11.3 minutes, counted as a quarter hour;
    # 400 words make 21.3 minutes, counted as half an hour.
    assert reflection_minutes(entry, 80.0) == 15
    longer = _entry({"kind": "scenario", "scenario_id": "s", "answers": {"a": "word " * 400}})
    assert reflection_minutes(longer, 80.0) == 30
    long = _entry({"kind": "scenario", "scenario_id": "s", "answers": {"a": "word " * 9000}})
    assert reflection_minutes(long, 80.0) == MAX_REFLECTION_HOURS * 60
    empty = _entry({"kind": "scenario", "scenario_id": "s", "answers": {}})
    assert reflection_minutes(empty, 0.0) == 15


def test_drafts_damaged_entries_and_free_reflections_add_no_activity():
    scenario = {"kind": "scenario", "scenario_id": "s", "answers": {"a": "x"}}
    entries = [
        _entry(scenario, status="draft"),
        _entry({}, damaged=True),
        _entry({"kind": "free", "title": "Break duty", "answers": {"a": "x"}}),
    ]
    assert derive_activities(entries, {"s": 60.0}, {"s": "S"}) == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("-1", "negative"),
        ("abc", "number"),
        ("nan", "number"),
        ("inf", "number"),
        ("24.5", "more than 24"),
        (True, "number"),
    ],
)
def test_hours_that_cannot_be(value, words):
    with pytest.raises(PortfolioError, match=words):
        parse_hours(value)
    assert parse_hours("1,5") == 1.5


# ------------------------------------------------------------------- sealed storage


def test_records_are_sealed_and_nothing_of_them_is_plain(paths, session):
    portfolio = session.portfolio
    portfolio.choose(None, "2027-03-31")
    portfolio.add_activity(
        day="2026-05-01", title="Zanzibar sepsis study day", hours="6", participatory=True
    )
    portfolio.set_record(
        "discussion", name="Quentin Marsh", registration="12A3456E", day="2026-05-20"
    )
    session.journal.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in paths.database.parent.glob("casebook.db*"))
    for secret in (b"Zanzibar", b"Quentin", b"12A3456E", b"2027-03-31"):
        assert secret not in raw
    # A sealed value copied to another row fails to open: it is reported, the rest stay.
    db = session.journal.db
    rows = db.execute(f"SELECT id, sealed FROM {TABLE}").fetchall()
    assert len(rows) == 3
    db.execute(f"UPDATE {TABLE} SET sealed = ? WHERE id = ?", [rows[0][1], rows[1][0]])
    db.conn.commit()
    portfolio._forget()
    assert portfolio.damaged_records == 1


def test_lock_drops_the_decrypted_records(session):
    portfolio = session.portfolio
    portfolio.add_activity(day="2026-05-01", title="Course", hours=2)
    assert portfolio._records
    session.lock()
    assert portfolio._records is None
    with pytest.raises(CasebookError, match="locked"):
        portfolio.activities()


def test_key_rotation_reseals_the_portfolio(paths, session):
    """After a rotation the portfolio opens under the new key (and so with the new passphrase)."""
    from app.services.profiles import ProfileService
    from app.services.session import UnlockedSession

    session.portfolio.add_activity(day="2026-05-01", title="Course", hours=2)
    profiles = ProfileService(paths)
    new_phrase = "a different quiet harbour 2031"
    profiles.rotate_key(session.unlocked, new_phrase)
    session.lock()
    with UnlockedSession(profiles.unlock(session.profile.id, new_phrase)) as reopened:
        assert [a.title for a in reopened.portfolio.activities()] == ["Course"]


def test_a_failed_write_saves_nothing(paths, session, monkeypatch):
    portfolio = session.portfolio
    portfolio.add_activity(day="2026-05-01", title="Course", hours=2)

    def full(*_a, **_k):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(portfolio.db, "execute", full)
    with pytest.raises(CasebookError, match="not enough free disk space"):
        portfolio.add_activity(day="2026-05-02", title="Reading", hours=1)
    monkeypatch.undo()
    assert [a.title for a in portfolio.activities()] == ["Course"]


def test_an_account_from_a_damaged_entry_is_refused(session):
    entry = session.journal.add(
        {"kind": "free", "title": "Night shift", "answers": {"core-free.what-happened": "x"}},
        "final",
    )
    db = session.journal.db
    db.execute("UPDATE entries SET sealed = ? WHERE id = ?", [b"\x01" + b"\x00" * 40, entry.id])
    db.conn.commit()
    session.journal._cache = None
    with pytest.raises(PortfolioError, match="damaged"):
        session.portfolio.draft_account(entry.id)
    assert session.portfolio.accounts() == []


def test_private_answers_never_reach_an_account(session):
    entry = session.journal.add(
        {
            "kind": "free",
            "title": "Night shift",
            "model": "nmc",
            "answers": {"nmc.nature": "What happened", "nmc.learned": "My own secret"},
            "private": ["nmc.learned"],
        },
        "final",
    )
    account = session.portfolio.draft_account(entry.id)
    assert "My own secret" not in " ".join(account.answers.values())
    assert account.answers["nature"] == "What happened"


# ------------------------------------------------------------------- the schema step


def test_the_portfolio_table_is_added_to_a_version_3_database(paths, fast_kdf):
    conn = sqlite3.connect(paths.database)
    db = sqlite_utils.Database(conn, execute_plugins=False)
    store.MIGRATIONS.apply(db, stop_before="0005_portfolio_records")
    assert TABLE not in db.table_names()
    db.execute(
        "INSERT INTO profiles (id, name, role, kdf_t, kdf_m, kdf_p, salt, wrapped_key, rec_t, "
        "rec_m, rec_p, rec_salt, rec_wrapped_key, prefs) "
        "VALUES ('p', 'n', 'teacher', 1, 1, 1, x'00', x'00', 1, 1, 1, x'00', x'00', x'00')"
    )
    conn.commit()
    db.close()
    migrated = store.open_db(paths.database)
    assert TABLE in migrated.table_names()
    assert migrated["profiles"].count == 1
    copies = list(Path(paths.backups_dir).glob("*before-0005_portfolio_records.db"))
    assert len(copies) == 1
    migrated.close()


def test_export_with_a_password_and_a_csv_folder_that_is_missing(session, tmp_path):
    import pypdf

    portfolio = session.portfolio
    portfolio.add_activity(day="2026-05-01", title='=HYPERLINK("x")', hours=2)
    out = tmp_path / "p.pdf"
    with pytest.raises(CasebookError, match="does not exist"):
        portfolio.export(out, csv_out=tmp_path / "nowhere" / "cpd.csv")
    assert not out.exists()
    portfolio.export(out, csv_out=tmp_path / "cpd.csv", password="correct horse")
    reader = pypdf.PdfReader(str(out))
    assert reader.is_encrypted and reader.decrypt("correct horse")
    assert "Professional portfolio" in reader.pages[0].extract_text()
    # A title that a spreadsheet would run as a formula is written as text.
    assert "'=HYPERLINK" in (tmp_path / "cpd.csv").read_text(encoding="utf-8-sig")
