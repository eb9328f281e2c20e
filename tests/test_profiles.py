"""Profiles on a shared PC: create, unlock, wrong passphrase, delays, change, recover, delete."""

from __future__ import annotations

import pytest

from app.errors import CasebookError
from app.models import crypto
from app.services.journal import JournalService
from app.services.profiles import ProfileService, TooSoon, WrongPassphrase

PASS = "plum kettle orbit 7 window"
NEW = "seven quiet harbour lamps"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def service(paths, fast_kdf):
    return ProfileService(paths, clock=Clock())


def test_create_list_find(service):
    info, code = service.create("  Alex ", "ward-nurse", "Ward 7", PASS)
    assert info.name == "Alex" and info.setting == "Ward 7" and info.created_at
    assert crypto.normalise_recovery_code(code) == code
    [listed] = service.list_profiles()
    # before unlock only the plain columns are known
    assert (listed.id, listed.name, listed.role, listed.setting) == (
        info.id,
        "Alex",
        "ward-nurse",
        "",
    )
    assert service.find("alex").id == info.id == service.find(info.id).id
    with pytest.raises(CasebookError, match="no profile called 'Bo'"):
        service.find("Bo")


@pytest.mark.parametrize(
    ("name", "role", "passphrase", "message"),
    [
        ("", "teacher", PASS, "name"),
        ("Bo", "astronaut", PASS, "choose a role"),
        ("Bo", "teacher", "short", "at least 10"),
        ("Bo", "teacher", "password1234", "easy to guess"),
    ],
)
def test_create_refuses_with_a_kind_message(service, name, role, passphrase, message):
    with pytest.raises(CasebookError, match=message):
        service.create(name, role, "", passphrase)
    assert service.list_profiles() == []


def test_duplicate_names_are_refused(service):
    service.create("Alex", "teacher", "", PASS)
    with pytest.raises(CasebookError, match="already exists"):
        service.create("ALEX", "teacher", "", PASS)


def test_passphrase_problem(service):
    assert service.passphrase_problem(PASS, "Alex") is None
    assert "at least 10" in service.passphrase_problem("abc", "Alex")
    assert service.passphrase_problem("AlexAlexAlex1", "Alex")


def test_unlock_lock_and_wrong_passphrase(service):
    info, _ = service.create("Alex", "teacher", "Oak School", PASS)
    unlocked = service.unlock(info.id, PASS)
    assert unlocked.profile.setting == "Oak School" and not unlocked.is_locked
    key = unlocked.key()
    assert isinstance(key, bytearray) and len(key) == 32
    seen = []
    unlocked.on_lock(lambda: seen.append("locked"))
    unlocked.lock()
    assert unlocked.is_locked and seen == ["locked"]
    assert key == bytearray(32), "the key buffer is overwritten on lock"
    assert "key" not in repr(unlocked).lower() or "locked" in repr(unlocked)
    with pytest.raises(CasebookError, match="locked"):
        unlocked.key()
    with pytest.raises(WrongPassphrase, match="did not open"):
        service.unlock(info.id, PASS + "x")


def test_growing_delay_after_repeated_failures(service):
    info, _ = service.create("Alex", "teacher", "", PASS)
    clock = service._clock
    delays = []
    for _ in range(6):
        with pytest.raises(WrongPassphrase) as err:
            service.unlock(info.id, "not it at all, sorry")
        assert not isinstance(err.value, TooSoon)
        delays.append(service.retry_delay(info.id))
        clock.now += 120  # wait out whatever delay there is
    assert delays[:2] == [0, 0]
    assert (
        all(b >= a for a, b in zip(delays, delays[1:], strict=False)) and delays[-1] > delays[2] > 0
    )
    assert service.failed_attempts(info.id) == 6
    with pytest.raises(WrongPassphrase):
        service.unlock(info.id, "wrong again, oops")
    with pytest.raises(TooSoon, match="Please wait") as err:
        service.unlock(info.id, PASS)  # even the right one waits
    assert err.value.seconds > 0
    clock.now += 120
    service.unlock(info.id, PASS).lock()
    assert service.failed_attempts(info.id) == 0


def test_change_passphrase_rewraps_without_touching_entries(service, paths):
    info, _ = service.create("Alex", "teacher", "", PASS)
    unlocked = service.unlock(info.id, PASS)
    journal = JournalService(paths, unlocked)
    entry = journal.add({"kind": "free", "title": "kept as it was"})
    before = journal.db.execute("SELECT sealed FROM entries").fetchone()[0]
    with pytest.raises(CasebookError, match="at least"):
        service.change_passphrase(unlocked, "short")
    service.change_passphrase(unlocked, NEW)
    assert journal.db.execute("SELECT sealed FROM entries").fetchone()[0] == before
    journal.close()
    unlocked.lock()
    with pytest.raises(WrongPassphrase):
        service.unlock(info.id, PASS)
    again = service.unlock(info.id, NEW)
    assert JournalService(paths, again).get(entry.id).title == "kept as it was"


def test_recovery_code_resets_the_passphrase_once(service, paths):
    info, code = service.create("Alex", "teacher", "", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    entry = journal.add({"kind": "free", "title": "still here"})
    journal.close()
    with pytest.raises(WrongPassphrase, match="recovery code did not open"):
        service.recover(info.id, crypto.new_recovery_code(), NEW)
    next_code = service.recover(info.id, " " + code.lower().replace("-", " ") + " ", NEW)
    assert next_code != code
    with pytest.raises(WrongPassphrase):
        service.recover(info.id, code, "another fine passphrase 9")  # one-time
    unlocked = service.unlock(info.id, NEW)
    assert JournalService(paths, unlocked).get(entry.id).title == "still here"
    assert service.recover(info.id, next_code, "third passphrase of the day") != next_code


def test_preferences_are_sealed_and_kept(service, paths):
    info, _ = service.create("Alex", "teacher", "Oak School", PASS)
    unlocked = service.unlock(info.id, PASS)
    assert unlocked.profile.idle_lock_minutes == 5
    service.update_preferences(
        unlocked, idle_lock_minutes=15, default_model="kolb", setting="Birch School"
    )
    with pytest.raises(CasebookError, match="between 1 and 240"):
        service.update_preferences(unlocked, idle_lock_minutes=0)
    raw = paths.database.read_bytes()
    assert b"Birch School" not in raw and b"Oak School" not in raw
    again = service.unlock(info.id, PASS).profile
    assert (again.idle_lock_minutes, again.default_model, again.setting) == (
        15,
        "kolb",
        "Birch School",
    )


def test_delete_erases_profile_and_journal(service, paths):
    info, _ = service.create("Alex", "teacher", "", PASS)
    other, _ = service.create("Bo", "teacher", "", PASS)
    journal = JournalService(paths, service.unlock(info.id, PASS))
    journal.add({"kind": "free", "title": "gone"}, "final")
    eid = journal.list_entries()[0].id
    journal.update(eid, {"kind": "free", "title": "gone 2"}, "final")
    journal.save_autosave_draft("k", {"x": 1})
    journal.close()
    service.delete(info.id)
    assert [p.name for p in service.list_profiles()] == ["Bo"]
    db = JournalService(paths, service.unlock(other.id, PASS)).db
    for table in ("entries", "revisions", "drafts"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_profiles_are_isolated(service, paths):
    a, _ = service.create("Alex", "teacher", "", PASS)
    b, _ = service.create("Bo", "teacher", "", NEW)
    ja = JournalService(paths, service.unlock(a.id, PASS))
    jb = JournalService(paths, service.unlock(b.id, NEW))
    ea = ja.add({"kind": "free", "title": "Alex's"})
    eb = jb.add({"kind": "free", "title": "Bo's"})
    assert [e.id for e in jb.list_entries()] == [eb.id]
    with pytest.raises(CasebookError, match="no entry"):
        jb.get(ea.id)
    # A's key on B's row, even if B's sealed value is moved under A's profile: it will not open.
    with pytest.raises(crypto.DamagedValue):
        ja.unlocked.sealer.open(
            jb.db.execute("SELECT sealed FROM entries WHERE id = ?", [eb.id]).fetchone()[0],
            kind="entry",
            profile_id=a.id,
            record_id=eb.id,
        )
    # B's passphrase never opens A's profile
    with pytest.raises(WrongPassphrase):
        service.unlock(a.id, NEW)


def test_sealed_value_copied_to_another_row_is_damaged(service, paths):
    a, _ = service.create("Alex", "teacher", "", PASS)
    b, _ = service.create("Bo", "teacher", "", NEW)
    ja = JournalService(paths, service.unlock(a.id, PASS))
    jb = JournalService(paths, service.unlock(b.id, NEW))
    first = ja.add({"kind": "free", "title": "first"})
    second = ja.add({"kind": "free", "title": "second"})
    theirs = jb.add({"kind": "free", "title": "theirs"})
    with ja.db.atomic():
        ja.db.execute(
            "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE id = ?) WHERE id = ?",
            [first.id, second.id],
        )
        # and B's sealed value moved into A's journal with A's id
        ja.db.execute(
            "UPDATE entries SET sealed = (SELECT sealed FROM entries WHERE id = ?) WHERE id = ?",
            [theirs.id, first.id],
        )
    listed = {e.id: e for e in ja.list_entries()}
    assert listed[second.id].damaged and listed[first.id].damaged
    assert not jb.get(theirs.id).damaged
