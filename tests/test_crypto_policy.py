"""The real Argon2id policy: never below OWASP's floor, used for real, raised on unlock."""

from __future__ import annotations

import pytest

from app.models import crypto
from app.services.profiles import ProfileService

PASS = "plum kettle orbit 7 window"


def test_policy_is_at_least_the_floor():
    assert crypto.FLOOR == crypto.KdfParams(t=2, m_kib=19 * 1024, p=1)
    assert crypto.POLICY == crypto.KdfParams(t=3, m_kib=64 * 1024, p=1)
    assert crypto.POLICY.at_least(crypto.FLOOR)
    assert crypto.policy_for_new_keys() == crypto.POLICY


def test_a_policy_below_the_floor_is_refused(monkeypatch):
    monkeypatch.setattr(crypto, "POLICY", crypto.KdfParams(t=1, m_kib=1024, p=1))
    with pytest.raises(ValueError, match="below"):
        crypto.policy_for_new_keys()


def test_real_policy_end_to_end_and_raised_on_unlock(paths, monkeypatch):
    """One profile with the real cost; then the policy rises and unlock re-wraps under it."""
    service = ProfileService(paths)
    info, _ = service.create("Real", "teacher", "", PASS)
    from app.models.store import open_db

    db = open_db(paths.database)
    t, m, p = db.execute("SELECT kdf_t, kdf_m, kdf_p FROM profiles").fetchone()
    assert crypto.KdfParams(t, m, p) == crypto.POLICY
    service.unlock(info.id, PASS).lock()

    stronger = crypto.KdfParams(t=4, m_kib=64 * 1024, p=1)
    monkeypatch.setattr(crypto, "POLICY", stronger)
    service.unlock(info.id, PASS).lock()
    t, m, p = db.execute("SELECT kdf_t, kdf_m, kdf_p FROM profiles").fetchone()
    assert crypto.KdfParams(t, m, p) == stronger
    service.unlock(info.id, PASS).lock()
    db.close()
