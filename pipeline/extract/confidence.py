"""Per-field confidence from the digit stage, and warnings where it was unsure.

The OCR stage's digit stage (``pipeline/ocr/digits.py``) reads Thai digit runs
again from the page image and records each run with its lowest character
confidence and the next most probable readings (``DigitSpan``). Normalise and
segment carry those runs to the record's text; the extractors note where each
field that holds digits was read (``DocText.sources``). Here the two meet:

* ``record.confidence[path]`` is the lowest confidence of the digit runs that
  overlap the field's source. A field no run overlaps (text input, a PDF text
  layer, Arabic digits Tesseract read alone) gets no entry.
* A run is unsure when its confidence is below ``UNSURE_BELOW`` or its reading
  does not fit the field's shape (``plausible`` is False). The field keeps the
  best reading, and a warning names the field and the alternative readings:
  ``digits: letter_number read '๓๕๑๖' (confidence 0.62); alternatives '๓๕๑๘' (0.30), '๓๕๑๙' (0.05)``.
* The letter code before a unit code, where the letter-code stage
  (``pipeline/ocr/codes.py``) read it (``DigitSpan.code``), counts towards
  the field's confidence the same way, and is warned about the same way:
  ``code: letter_number read 'สธ' (confidence 0.71; Tesseract read 'สร'); alternatives 'สร' (0.20)``.
"""

from __future__ import annotations

from pipeline.models import CodeReading, DigitSpan

UNSURE_BELOW = 0.9
"""A digit run read with a lower confidence (its least certain glyph) is warned about."""


def digit_confidence(
    sources: dict[str, tuple[int, int]], spans: list[DigitSpan]
) -> tuple[dict[str, float], list[str]]:
    """Confidence per field path and the warnings about unsure runs, from the
    fields' sources and the digit runs (offsets in the same text)."""
    confidence: dict[str, float] = {}
    warnings: list[str] = []
    for path, (start, end) in sources.items():
        inside = [s for s in spans if s.start < end and start < s.end]
        if not inside:
            continue
        codes = [s.code for s in inside if s.code is not None]
        confidence[path] = min([s.confidence for s in inside] + [c.confidence for c in codes])
        warnings += [unsure_warning(path, s) for s in inside if is_unsure(s)]
        warnings += [unsure_code_warning(path, c) for c in codes if c.confidence < UNSURE_BELOW]
    return confidence, warnings


def unsure_code_warning(path: str, code: CodeReading) -> str:
    doubt = f"confidence {code.confidence:.2f}"
    if code.text != code.ocr_text:
        doubt += f"; Tesseract read '{code.ocr_text}'"
    if not code.alternatives:
        return f"code: {path} read '{code.text}' ({doubt}); no alternative code"
    listed = ", ".join(f"'{a.text}' ({_probability(a.probability)})" for a in code.alternatives)
    return f"code: {path} read '{code.text}' ({doubt}); alternatives {listed}"


def is_unsure(span: DigitSpan) -> bool:
    return span.confidence < UNSURE_BELOW or span.plausible is False


def unsure_warning(path: str, span: DigitSpan) -> str:
    doubt = f"confidence {span.confidence:.2f}"
    if span.plausible is False:
        doubt += f", not a plausible {span.kind.replace('_', ' ')}"
    readings = alternatives(span)
    if not readings:
        return f"digits: {path} read '{span.text}' ({doubt}); no alternative reading"
    listed = ", ".join(f"'{text}' ({_probability(p)})" for text, p in readings)
    return f"digits: {path} read '{span.text}' ({doubt}); alternatives {listed}"


def alternatives(span: DigitSpan) -> list[tuple[str, float]]:
    """The run's next readings, most probable first; when the stage recorded
    none, the reading with one glyph replaced by its runner-up, per glyph."""
    if span.alternatives:
        return [(a.text, a.probability) for a in span.alternatives]
    singles = [
        (span.text[:i] + c.alternative + span.text[i + 1 :], c.alternative_confidence)
        for i, c in enumerate(span.chars)
        if c.alternative and i < len(span.text)
    ]
    return sorted(singles, key=lambda r: -r[1])


def _probability(p: float) -> str:
    return f"{p:.2f}" if p >= 0.005 else "<0.01"
