"""The sealed-value and key-wrap formats of DESIGN.md, byte for byte."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.models import crypto
from app.models.crypto import DamagedValue, KdfParams, Sealer, WrongKey

TOY = KdfParams(t=1, m_kib=64, p=1)
KEY = bytes(range(32))


def sealer() -> Sealer:
    return Sealer(bytearray(KEY))


def test_seal_open_round_trip_and_layout():
    s = sealer()
    sealed = s.seal(b"hello", kind="entry", profile_id="p1", record_id="e1")
    assert sealed[0] == crypto.SEAL_VERSION
    # version | 12-byte nonce | padded plaintext (256-byte bucket) | 16-byte tag
    assert len(sealed) == 1 + 12 + 256 + 16
    assert s.open(sealed, kind="entry", profile_id="p1", record_id="e1") == b"hello"


def test_each_seal_uses_a_fresh_nonce():
    s = sealer()
    a = s.seal(b"same", kind="entry", profile_id="p", record_id="e")
    b = s.seal(b"same", kind="entry", profile_id="p", record_id="e")
    assert a[1:13] != b[1:13] and a != b


@pytest.mark.parametrize("where", [{"kind": "revision"}, {"profile_id": "p2"}, {"record_id": "e2"}])
def test_aad_binds_kind_profile_and_record(where):
    s = sealer()
    sealed = s.seal(b"private", kind="entry", profile_id="p1", record_id="e1")
    ids = {"kind": "entry", "profile_id": "p1", "record_id": "e1"} | where
    with pytest.raises(DamagedValue):
        s.open(sealed, **ids)


def test_other_key_does_not_open():
    sealed = sealer().seal(b"x", kind="entry", profile_id="p", record_id="e")
    with pytest.raises(DamagedValue):
        Sealer(bytearray(os.urandom(32))).open(sealed, kind="entry", profile_id="p", record_id="e")


def test_every_single_byte_flip_is_detected():
    s = sealer()
    sealed = s.seal(b"a short reflection", kind="entry", profile_id="p", record_id="e")
    for i in range(len(sealed)):
        broken = bytearray(sealed)
        broken[i] ^= 0x01
        with pytest.raises(DamagedValue):
            s.open(bytes(broken), kind="entry", profile_id="p", record_id="e")


def test_truncated_and_empty_values_are_damaged_not_errors():
    s = sealer()
    sealed = s.seal(b"x", kind="entry", profile_id="p", record_id="e")
    for value in (b"", sealed[:5], sealed[:-1], b"\x02" + sealed[1:]):
        with pytest.raises(DamagedValue):
            s.open(value, kind="entry", profile_id="p", record_id="e")


def test_forgotten_sealer_refuses():
    s = sealer()
    s.forget()
    with pytest.raises(crypto.CryptoError):
        s.seal(b"x", kind="entry", profile_id="p", record_id="e")


@pytest.mark.parametrize(
    ("n", "bucket"),
    [(0, 256), (256, 256), (257, 512), (4000, 4096), (65536, 65536), (65537, 131072)],
)
def test_buckets(n, bucket):
    assert crypto.bucket_size(n) == bucket
    # the 4-byte length prefix counts towards the bucket
    assert len(crypto.pad(b"x" * max(0, n - 4))) == bucket


def test_sizes_within_a_bucket_are_indistinguishable():
    s = sealer()
    short = s.seal(b"ok", kind="entry", profile_id="p", record_id="e")
    longer = s.seal(b"a" * 200, kind="entry", profile_id="p", record_id="e")
    assert len(short) == len(longer)


@settings(max_examples=200, deadline=None)
@given(
    data=st.binary(max_size=5000),
    kind=st.text(max_size=20),
    profile_id=st.text(max_size=40),
    record_id=st.text(max_size=40),
)
def test_property_round_trip(data, kind, profile_id, record_id):
    s = sealer()
    sealed = s.seal(data, kind=kind, profile_id=profile_id, record_id=record_id)
    assert len(sealed) == 1 + 12 + crypto.bucket_size(len(data) + 4) + 16
    assert s.open(sealed, kind=kind, profile_id=profile_id, record_id=record_id) == data


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=600), position=st.integers(min_value=0), bit=st.integers(0, 7))
def test_property_any_bit_flip_fails(data, position, bit):
    s = sealer()
    sealed = bytearray(s.seal(data, kind="entry", profile_id="p", record_id="e"))
    sealed[position % len(sealed)] ^= 1 << bit
    with pytest.raises(DamagedValue):
        s.open(bytes(sealed), kind="entry", profile_id="p", record_id="e")


@settings(max_examples=100, deadline=None)
@given(garbage=st.binary(max_size=400))
def test_property_garbage_never_raises_anything_but_damaged(garbage):
    with pytest.raises(DamagedValue):
        sealer().open(garbage, kind="entry", profile_id="p", record_id="e")


# --- key wrapping --------------------------------------------------------------------------


def _wrapped(secret="correct horse", params=TOY, slot="passphrase"):
    salt = crypto.new_salt()
    key = crypto.new_data_key()
    kek = crypto.derive_kek(secret, salt, params)
    wrapped = crypto.wrap_key(kek, key, slot=slot, params=params, salt=salt, profile_id="p")
    return key, salt, wrapped


def test_wrap_unwrap_round_trip():
    key, salt, wrapped = _wrapped()
    kek = crypto.derive_kek("correct horse", salt, TOY)
    assert (
        crypto.unwrap_key(kek, wrapped, slot="passphrase", params=TOY, salt=salt, profile_id="p")
        == key
    )


def test_wrong_secret_fails():
    _, salt, wrapped = _wrapped()
    kek = crypto.derive_kek("wrong horse", salt, TOY)
    with pytest.raises(WrongKey):
        crypto.unwrap_key(kek, wrapped, slot="passphrase", params=TOY, salt=salt, profile_id="p")


@pytest.mark.parametrize(
    "change",
    [
        {"params": KdfParams(t=2, m_kib=64, p=1)},
        {"slot": "recovery"},
        {"profile_id": "other"},
        {"salt": b"\x00" * 16},
    ],
)
def test_tampered_parameters_fail_like_a_wrong_passphrase(change):
    _, salt, wrapped = _wrapped()
    kek = crypto.derive_kek("correct horse", salt, TOY)
    args = {"slot": "passphrase", "params": TOY, "salt": salt, "profile_id": "p"} | change
    with pytest.raises(WrongKey):
        crypto.unwrap_key(kek, wrapped, **args)


def test_wipe_overwrites_in_place():
    buf = bytearray(b"secret-key-material")
    view = buf
    crypto.wipe(buf)
    assert view == bytearray(len(view))


def test_recovery_codes_are_random_and_forgiving():
    codes = {crypto.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    code = next(iter(codes))
    assert len(code) == 35 and code.count("-") == 5
    sloppy = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert crypto.normalise_recovery_code(sloppy) == code
