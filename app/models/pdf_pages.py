"""Draws PDF pages as PNG images, and reads their text, in memory with PDFium (pypdfium2).

PDFium ships inside pypdfium2's wheels for Windows, macOS and Linux, so a preview needs no
program installed beside Casebook, starts no process (no console flashes on Windows) and
writes no file: the PDF, which holds journal text, stays in this process's memory.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence

import pypdfium2 as pdfium

from app.errors import CasebookError

# PDFium is not thread-safe: previews drawn by worker threads take turns.
_PDFIUM = threading.Lock()
POINTS_PER_INCH = 72


def _open(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise CasebookError(
            "The preview could not be drawn. The export itself still works."
        ) from exc


def page_images(pdf: bytes, pages: Sequence[int], dpi: int = 50) -> list[bytes]:
    """PNG images of the given pages (1-based) at `dpi` dots per inch."""
    images = []
    with _PDFIUM:
        document = _open(pdf)
        try:
            total = len(document)
            for number in pages:
                if not 1 <= number <= total:
                    raise CasebookError(f"The PDF has no page {number} (it has {total}).")
                page = document[number - 1]
                try:
                    bitmap = page.render(scale=dpi / POINTS_PER_INCH)
                    picture = bitmap.to_pil()
                finally:
                    page.close()
                out = io.BytesIO()
                picture.save(out, format="PNG")
                images.append(out.getvalue())
        finally:
            document.close()
    return images


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, in order (for finding the page with a given heading)."""
    texts = []
    with _PDFIUM:
        document = _open(pdf)
        try:
            for page in document:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
                    page.close()
        finally:
            document.close()
    return texts
