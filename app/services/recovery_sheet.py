"""A one-page PDF holding a profile's recovery code, for printing or keeping offline.

Written only when the person asks for it; it holds the code and the profile name, never
journal text.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from app.models.report.styles import FONT, FONT_BOLD, register_fonts
from app.models.report.text import markup

# Built-in PDF fonts lack most non-Latin letters, and profile names can be in any script:
# the bundled DejaVu fonts, registered in one place for every PDF the app writes.
_FONT = FONT
_BOLD = FONT_BOLD


def write_recovery_sheet(path: Path, profile_name: str, code: str) -> Path:
    """Write the sheet to `path` (user-only permissions) and return the path."""
    register_fonts()
    body = ParagraphStyle("body", fontName=_FONT, fontSize=11, leading=15)
    title = ParagraphStyle("title", parent=body, fontName=_BOLD, fontSize=18, leading=24)
    code_style = ParagraphStyle("code", parent=body, fontName=_BOLD, fontSize=16, leading=26)
    today = datetime.now().strftime("%d %B %Y")
    story = [
        Paragraph("Casebook recovery code", title),
        Spacer(1, 4 * mm),
        Paragraph(f"Profile: {markup(profile_name)}", body),
        Paragraph(f"Made on: {today}", body),
        Spacer(1, 8 * mm),
        Paragraph(markup(code), code_style),
        Spacer(1, 8 * mm),
        Paragraph(
            "If you forget your passphrase, this code lets you set a new one and keep your "
            "journal.",
            body,
        ),
        Spacer(1, 3 * mm),
        Paragraph(
            "Anyone holding this code can open your journal. Keep it somewhere private, "
            "away from the computer you use Casebook on.",
            body,
        ),
    ]
    path = Path(path)
    old_umask = os.umask(0o077)
    try:
        SimpleDocTemplate(
            str(path),
            pagesize=A4,
            title="Casebook recovery code",
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=25 * mm,
        ).build(story)
    finally:
        os.umask(old_umask)
    return path
