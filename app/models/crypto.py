"""Seals and opens journal values under a profile's data key; derives and wraps that key.

The format is DESIGN.md's "Encryption" section:
- a key-encryption key from the passphrase with Argon2id (policy below, never under the floor);
- the 32-byte data key stored only wrapped (AES-256-GCM), the wrap's AAD covering the KDF
  parameters, the salt and the slot, so tampering with them fails like a wrong passphrase;
- sealed values: version byte | 96-bit random nonce | ciphertext + tag, the plaintext padded to a
  size bucket, the AAD binding record kind, profile id and record id.
"""

from __future__ import annotations

import os
import secrets
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

SEAL_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: iterations (t), memory in KiB (m), lanes (p)."""

    t: int
    m_kib: int
    p: int

    def at_least(self, other: KdfParams) -> bool:
        return self.t >= other.t and self.m_kib >= other.m_kib

    def encode(self) -> bytes:
        return f"argon2id;t={self.t};m={self.m_kib};p={self.p}".encode()


# Our default, and OWASP's minimum for Argon2id. Tests may lower both through a fixture that
# patches this module; nothing in the app ever does.
POLICY = KdfParams(t=3, m_kib=64 * 1024, p=1)
FLOOR = KdfParams(t=2, m_kib=19 * 1024, p=1)


class CryptoError(Exception):
    """Base for failures to open something; never carries the secret or the plaintext."""


class MalformedSlot(CryptoError):
    """Stored key parameters, salt or wrapped key are not of a shape Casebook ever writes.

    Checked before any key derivation: a crafted file must not make Argon2 allocate gigabytes
    or run for minutes before the wrap's authentication can reject it."""


class WrongKey(CryptoError):
    """A wrapped key did not open: wrong passphrase or recovery code, or tampered parameters."""


class DamagedValue(CryptoError):
    """A sealed value did not open: corrupted, tampered, or copied from another record."""


# Upper bounds for parameters read from a file (a database or a backup header). Far above any
# policy Casebook has used or would use on a ward PC, far below what hangs or exhausts one.
MAX_T = 16
MAX_M_KIB = 1024 * 1024  # 1 GiB
MAX_P = 8
MAX_COST_KIB = 4 * 1024 * 1024  # t x m: about ten times the default policy's work, at most
MIN_SALT_BYTES = 8  # Argon2's own minimum
MAX_SALT_BYTES = 64
WRAPPED_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES


def _whole(value: object) -> int | None:
    # bool is an int in Python; a stored True is not an iteration count.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def checked_slot(
    t: object, m_kib: object, p: object, salt: object, wrapped: object
) -> tuple[KdfParams, bytes, bytes]:
    """Key parameters, salt and wrapped key as read from a file, checked for type and bounds.

    Raises MalformedSlot naming what is wrong (never the values themselves)."""
    tt, mm, pp = _whole(t), _whole(m_kib), _whole(p)
    if tt is None or mm is None or pp is None:
        raise MalformedSlot("the key parameters are not whole numbers")
    if not (1 <= tt <= MAX_T and 1 <= pp <= MAX_P and 8 * pp <= mm <= MAX_M_KIB):
        raise MalformedSlot("the key parameters are out of range")
    if tt * mm > MAX_COST_KIB:
        raise MalformedSlot("the key parameters ask for too much work")
    if not isinstance(salt, (bytes, bytearray, memoryview)):
        raise MalformedSlot("the salt is missing")
    if not MIN_SALT_BYTES <= len(salt) <= MAX_SALT_BYTES:
        raise MalformedSlot("the salt has the wrong size")
    if not isinstance(wrapped, (bytes, bytearray, memoryview)) or len(wrapped) != WRAPPED_BYTES:
        raise MalformedSlot("the wrapped key is missing or has the wrong size")
    return KdfParams(t=tt, m_kib=mm, p=pp), bytes(salt), bytes(wrapped)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def new_data_key() -> bytearray:
    return bytearray(os.urandom(KEY_BYTES))


def policy_for_new_keys() -> KdfParams:
    """The current policy, refusing to hand out anything below the floor."""
    if not POLICY.at_least(FLOOR):
        raise ValueError("the key-derivation policy is below the agreed minimum")
    return POLICY


def derive_kek(secret: str, salt: bytes, params: KdfParams) -> bytearray:
    """Argon2id over the UTF-8 secret. Slow on purpose (about 0.4 s at the default policy)."""
    checked_slot(params.t, params.m_kib, params.p, salt, bytes(WRAPPED_BYTES))
    kdf = Argon2id(
        salt=salt, length=KEY_BYTES, iterations=params.t, lanes=params.p, memory_cost=params.m_kib
    )
    return bytearray(kdf.derive(secret.encode("utf-8")))


def _wrap_aad(slot: str, params: KdfParams, salt: bytes, profile_id: str) -> bytes:
    return b"casebook-wrap-v1\x00" + b"\x00".join(
        [slot.encode(), params.encode(), salt, profile_id.encode()]
    )


def wrap_key(
    kek: bytes | bytearray,
    data_key: bytes | bytearray,
    *,
    slot: str,
    params: KdfParams,
    salt: bytes,
    profile_id: str,
) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    aad = _wrap_aad(slot, params, salt, profile_id)
    return nonce + AESGCM(bytes(kek)).encrypt(nonce, bytes(data_key), aad)


def unwrap_key(
    kek: bytes | bytearray,
    wrapped: bytes,
    *,
    slot: str,
    params: KdfParams,
    salt: bytes,
    profile_id: str,
) -> bytearray:
    if len(wrapped) != NONCE_BYTES + KEY_BYTES + TAG_BYTES:
        raise WrongKey("the wrapped key has the wrong size")
    aad = _wrap_aad(slot, params, salt, profile_id)
    try:
        return bytearray(
            AESGCM(bytes(kek)).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        )
    except InvalidTag:
        raise WrongKey("the key did not open") from None


# --- padding -------------------------------------------------------------------------------

_MIN_BUCKET = 256
_LARGE_STEP = 64 * 1024


def bucket_size(n: int) -> int:
    """Powers of two from 256 bytes to 64 KiB, then whole 64 KiB steps: sizes leak little."""
    size = _MIN_BUCKET
    while size < n and size < _LARGE_STEP:
        size *= 2
    if size >= n:
        return size
    return -(-n // _LARGE_STEP) * _LARGE_STEP


def pad(data: bytes) -> bytes:
    framed = struct.pack(">I", len(data)) + data
    return framed + bytes(bucket_size(len(framed)) - len(framed))


def unpad(padded: bytes) -> bytes:
    if len(padded) < 4:
        raise DamagedValue("too short")
    (n,) = struct.unpack(">I", padded[:4])
    if n > len(padded) - 4 or padded.count(0, 4 + n) != len(padded) - 4 - n:
        raise DamagedValue("bad padding")
    return padded[4 : 4 + n]


# --- sealed values -------------------------------------------------------------------------


def _seal_aad(kind: str, profile_id: str, record_id: str) -> bytes:
    parts = [kind.encode(), profile_id.encode(), record_id.encode()]
    # Length-prefixed so that no two different (kind, profile, record) triples collide.
    return bytes([SEAL_VERSION]) + b"".join(struct.pack(">H", len(p)) + p for p in parts)


class Sealer:
    """Seals and opens values under one data key. `forget()` drops the cipher object."""

    def __init__(self, key: bytes | bytearray) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._aead: AESGCM | None = AESGCM(bytes(key))

    def _cipher(self) -> AESGCM:
        if self._aead is None:
            raise CryptoError("the journal is locked")
        return self._aead

    def seal(self, plaintext: bytes, *, kind: str, profile_id: str, record_id: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        body = self._cipher().encrypt(nonce, pad(plaintext), _seal_aad(kind, profile_id, record_id))
        return bytes([SEAL_VERSION]) + nonce + body

    def open(self, sealed: bytes, *, kind: str, profile_id: str, record_id: str) -> bytes:
        if not isinstance(sealed, (bytes, bytearray)) or len(sealed) < 1 + NONCE_BYTES + TAG_BYTES:
            raise DamagedValue("too short")
        if sealed[0] != SEAL_VERSION:
            raise DamagedValue("unknown version")
        nonce = bytes(sealed[1 : 1 + NONCE_BYTES])
        try:
            padded = self._cipher().decrypt(
                nonce, bytes(sealed[1 + NONCE_BYTES :]), _seal_aad(kind, profile_id, record_id)
            )
        except InvalidTag:
            raise DamagedValue("did not open") from None
        return unpad(padded)

    def forget(self) -> None:
        self._aead = None


# --- recovery codes ------------------------------------------------------------------------

# Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand survives.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
RECOVERY_GROUPS = 6
RECOVERY_GROUP_LEN = 5  # 30 characters x 5 bits = 150 bits of randomness


def new_recovery_code() -> str:
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_LEN))
    return "-".join(
        chars[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(chars), RECOVERY_GROUP_LEN)
    )


def normalise_recovery_code(code: str) -> str:
    """Accepts any case, spaces or dashes, and the letters people confuse with digits."""
    cleaned = "".join(c for c in code.upper() if c.isalnum()).translate(_CONFUSABLE)
    return "-".join(
        cleaned[i : i + RECOVERY_GROUP_LEN] for i in range(0, len(cleaned), RECOVERY_GROUP_LEN)
    )


def wipe(buf: bytearray | None) -> None:
    """Overwrites a key buffer in place (Python may still hold copies; see docs/security.md)."""
    if buf is not None:
        for i in range(len(buf)):
            buf[i] = 0
