"""Is a PDF page's text layer worth reading instead of OCR?

A born-digital PDF (from an e-document system) carries the letter's real
text, Thai digits included, which beats any OCR. But a text layer can be
garbage: mojibake from a legacy font without a Unicode map (``ºÑ¹·Ö¡``, TIS-620
bytes shown as Latin-1), a scanner's poor OCR, or a few stray characters on
a scanned page. A page's layer is used when it has enough text and nearly
all of it is what Thai letters are written with; legacy Private Use Area
forms of Thai marks count as Thai (the normalise stage maps them back).
"""

from __future__ import annotations

import regex

MIN_VISIBLE = 40  # a letter page has hundreds; a scanned page's stray layer has a few
MIN_GOOD_SHARE = 0.97
MIN_THAI_SHARE = 0.3  # of the letters: a Thai circular is mostly Thai

_GOOD = regex.compile(r"[\u0e00-\u0e7f\uf700-\uf71a\x20-\x7e\s“”‘’–—•●…]")
_THAI = regex.compile(r"[\u0e01-\u0e4e\uf700-\uf71a]")
_LETTER = regex.compile(r"\p{L}")
_COLUMN_GAP = regex.compile(r"(?<=\S) {3,}(?=\S)")


def usable(page_text: str) -> bool:
    visible = [c for c in page_text if not c.isspace()]
    if len(visible) < MIN_VISIBLE:
        return False
    good = sum(1 for c in visible if _GOOD.match(c))
    letters = [c for c in visible if _LETTER.match(c) or _THAI.match(c)]
    thai = sum(1 for c in letters if _THAI.match(c))
    return good / len(visible) >= MIN_GOOD_SHARE and bool(letters) and thai / len(letters) >= MIN_THAI_SHARE


def as_ocr_text(page_text: str) -> str:
    """``pdftotext -layout`` lines written as the OCR stage writes them: no
    indentation, and a wide gap between columns as a tab."""
    return "\n".join(_COLUMN_GAP.sub("\t", line.strip()) for line in page_text.splitlines())
