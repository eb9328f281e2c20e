"""Password protection for a report sent by email or on a USB stick: AES-256, never RC4."""

from __future__ import annotations

import secrets

from reportlab.lib.pdfencrypt import StandardEncryption

from app.errors import CasebookError


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
    enc = StandardEncryption(password, ownerPassword=secrets.token_urlsafe(24), strength=256)
    enc.setAllPermissions(1)
    return enc
