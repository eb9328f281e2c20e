"""The finishing pass over a report's bytes, in memory: document metadata readers show, and
password protection with AES-256 at revision 6 (PDF 2.0's hardened password hash).

reportlab writes only revision 5, where checking a guess costs one SHA-256; revision 6 costs
dozens of rounds of AES and SHA-2 per guess. qpdf (through pikepdf) does the encryption: no
hand-patched encryption code of our own, and the clear PDF never touches the disk.
"""

from __future__ import annotations

import io
import secrets

import pikepdf

from app.models.profiles import MIN_PASSPHRASE_LENGTH

# poppler (many Linux viewers, pdftotext) cannot open passwords longer than this.
POPPLER_MAX_PASSWORD = 32


def password_warnings(password: str | None) -> list[str]:
    """Sentences to show before protecting a PDF with `password` (empty when it is fine)."""
    if not password:
        return []
    found = []
    if len(password) > POPPLER_MAX_PASSWORD:
        found.append(
            f"The password is longer than {POPPLER_MAX_PASSWORD} characters: some PDF readers "
            "(those built on poppler, common on Linux) cannot open it. A shorter one is safer "
            "to share."
        )
    if len(password) < MIN_PASSPHRASE_LENGTH:
        found.append(
            f"The password is shorter than {MIN_PASSPHRASE_LENGTH} characters, so it can be "
            "guessed quickly by anyone who gets the file. A few unrelated words are stronger."
        )
    return found


def finish(data: bytes, *, password: str | None = None) -> bytes:
    """The PDF with DisplayDocTitle and XMP metadata set and, when a password is given,
    encrypted with AES-256 revision 6 (a random owner password: nobody can lift the
    restrictions without exporting again). Everything happens in memory."""
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        prefs = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        prefs.DisplayDocTitle = True
        pdf.Root.ViewerPreferences = prefs
        _copy_info_to_xmp(pdf)
        encryption: pikepdf.Encryption | bool = False
        if password:
            encryption = pikepdf.Encryption(
                user=password,
                owner=secrets.token_urlsafe(24),
                R=6,
                aes=True,
                metadata=True,
                allow=pikepdf.Permissions(),
            )
        pdf.save(out, encryption=encryption, deterministic_id=not password)
    return out.getvalue()


def _copy_info_to_xmp(pdf: pikepdf.Pdf) -> None:
    """The document information (title, author, subject) also as XMP, which PDF 2.0 readers
    and accessibility checkers read. Only the fields reportlab set; never journal text."""
    info = {k: str(v) for k, v in pdf.docinfo.items() if isinstance(v, pikepdf.String)}
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if info.get("/Title"):
            meta["dc:title"] = info["/Title"]
        if info.get("/Author"):
            meta["dc:creator"] = [info["/Author"]]
        if info.get("/Subject"):
            meta["dc:description"] = info["/Subject"]
        if info.get("/Creator"):
            meta["xmp:CreatorTool"] = info["/Creator"]
        if info.get("/Producer"):
            meta["pdf:Producer"] = info["/Producer"]
