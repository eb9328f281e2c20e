"""Password protection for a report sent by email or on a USB stick: AES-256, never RC4."""

from __future__ import annotations

import os
import secrets

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from reportlab.lib.pdfencrypt import StandardEncryption

from app.errors import CasebookError


class _Aes256Encryption(StandardEncryption):
    """reportlab's AES-256 (revision 5), repaired where reportlab 5.1 departs from the PDF
    specification, so that poppler, pypdf and Acrobat-like readers all accept it.

    - /UE and /OE (a 32-byte key) and /Perms (16 bytes) are written PKCS#7-padded, 48 and 32
      bytes long; readers then refuse the password. They are AES-CBC with a zero IV, so the
      padding only appends a final block: the first 32 (or 16) bytes are exactly the unpadded
      values, and cutting there repairs them.
    - Strings and streams are padded twice (by hand, then again by pyaes), so a strict reader
      finds stray bytes after the data. `encode` pads once, with `cryptography` (also far
      faster than pure-Python pyaes on embedded fonts).
    """

    def encode(self, t):
        if self.revision != 5:
            return super().encode(t)
        if not self.prepared or self.objnum is None:
            return super().encode(t)  # reportlab raises its own clear error
        data = t.encode("utf-8") if isinstance(t, str) else bytes(t)
        padder = padding.PKCS7(128).padder()
        padded = padder.update(data) + padder.finalize()
        iv = os.urandom(16)
        encryptor = Cipher(algorithms.AES(bytes(self.key)), modes.CBC(iv)).encryptor()
        return iv + encryptor.update(padded) + encryptor.finalize()

    def prepare(self, document, overrideID=None):  # noqa: N803  (reportlab's signature)
        super().prepare(document, overrideID)
        if self.revision == 5:
            self.UE = self.UE[:32]
            self.OE = self.OE[:32]
            self.Perms = self.Perms[:16]


def encryption_for(password: str | None) -> StandardEncryption | None:
    """AES-256 (PDF 1.7 extension level 3) when a password is given; None for an open PDF."""
    if not password:
        return None
    try:
        import pyaes  # noqa: F401  (reportlab needs it for AES-256)
    except ImportError:
        raise CasebookError(
            "Password protection needs the pyaes package, which is missing. "
            "Reinstall Casebook, or export without a password."
        ) from None
    # A random owner password: nobody can lift the restrictions without re-exporting.
    enc = _Aes256Encryption(password, ownerPassword=secrets.token_urlsafe(24), strength=256)
    enc.setAllPermissions(1)
    return enc
