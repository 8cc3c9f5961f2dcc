"""Normalise stage: OCR text in, clean text with a trace of every change out.

``normalise`` runs the steps of ``STEPS`` in this order (each a small pure
function ``text -> list[Edit]`` in ``steps.py``), in four layers:

Unicode (code points, no judgement):

1. ``unicode_nfc``          canonical composition
2. ``remove_zero_width``    zero-width spaces, joiners, BOMs, soft hyphens
3. ``map_legacy_pua``       legacy Thai glyph forms (PUA U+F700-F71A, U+F884-F89E) to standard code points
4. ``map_lao_letters``      Lao letters OCR wrote for their Thai twins (``ແຄ`` -> ``แค``)
5. ``recompose_sara_am``    ``ํา`` -> ``ำ`` (Tesseract writes sara am in two parts)
6. ``reorder_marks``        tone mark after its vowel; duplicated marks once

Script look-alikes (read with the lexicon, ``script.py``):

7. ``read_lookalikes``      Latin/Cyrillic letters inside a Thai word (``ปrongดอง``), a CJK character for a lost syllable (``อำเภอ率ร่อง``)

Layout:

8. ``strip_markup``         ``^(*)``, ``**``, HTML tags from table extraction
9. ``drop_page_furniture``  page-continuation lines (``/อันเนื่องมาจาก...``), page numbers
10. ``rejoin_wrapped_lines`` wrapped lines of one paragraph joined

Words, against the lexicon (``lexicon.py``, ``lattice.py``), on joined lines:

11. ``restore_dropped_marks`` marks Tesseract cannot write (``ที`` -> ``ที่``, ``น้า`` -> ``น้ำ``), where the lexicon covers the text
12. ``repair_words``        where it cannot (``words.py``): marks and letters read together (``ห้องถิน``,
    ``ดีลิศ``), a garbled domain phrase (``พภบดตราชการแทน``)

Names (``names.py``):

13. ``restore_name_marks``  a mark Tesseract dropped from a personal name, when
    exactly one restored spelling is in PyThaiNLP's name lists (``นายสมศักดิ`` -> ``นายสมศักดิ์``)

A word a repair may touch is one the plain segmentation cannot cover: an
uncovered letter, a corpus fragment, a rare short word (``lattice.is_suspect``:
``ไต้`` read where ``ได้`` stood); a common word of the lexicon is never
changed. The lexicon (PyThaiNLP's
shipped word list and TNC frequencies, our ``data/domain_lexicon.json`` and
``data/letter_terms.json``) and the tables (``data/ocr_confusions.json``,
``data/lookalikes.json``) are data files, loaded once (``lexicon.py``).

Each repair's ``reason`` names its step and layer: ``unicode-nfc``,
``zero-width``, ``unicode-pua``, ``script-lao``, ``sara-am``, ``mark-order``,
``duplicate-mark``; ``script-latin``, ``script-cyrillic``, ``script-cjk``;
``markup``, ``continuation-line``, ``page-number``, ``rejoin-wrapped-line``;
``tesseract-marks``, ``lexicon-word``, ``lexicon-phrase``; ``name-marks``. Names,
abbreviations, e-mail addresses and URLs are never altered (``guards.py``).

What no layer could read (a CJK or Cyrillic run with no reading that is
clearly best, Lao or PUA letters with no twin) stays in the text and is
listed in ``Normalised.warnings`` with its offset in ``text``
(``Normalised.warnings_in(start, end)``: those of one document, offsets
counted from its start).

Then Thai numerals become Arabic. That last step maps one code point to one,
so it moves no offset and is not a repair: ``Normalised.thai_digit_text`` is
the same text with the document's own digits, and any span of ``text`` read
at the same offsets there gives the ``raw`` value of a field.

The digit runs the OCR stage read again from the image (``OcrPage.digit_spans``,
offsets in their page) are carried along: ``normalise_pages`` moves them to
the joined text and through every repair (``tracked.map_through_repairs``),
so ``Normalised.digit_spans`` have offsets in ``text`` and the extract stage
can tell which fields hold them (per-field confidence, ``extract/confidence.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.models import DigitSpan, Repair
from pipeline.normalise import names, steps
from pipeline.normalise.script import Unreadable, unreadable
from pipeline.normalise.tracked import Edit, TrackedText, map_through_repairs, undo_repairs
from pipeline.textutil import to_arabic_digits

Step = Callable[[str], list[Edit]]

STEPS: tuple[Step, ...] = (
    steps.unicode_nfc,
    steps.remove_zero_width,
    steps.map_legacy_pua,
    steps.map_lao_letters,
    steps.recompose_sara_am,
    steps.reorder_marks,
    steps.read_lookalikes,
    steps.strip_markup,
    steps.drop_page_furniture,
    steps.rejoin_wrapped_lines,
    steps.restore_dropped_marks,
    steps.repair_words,
    names.restore_name_marks,
)


@dataclass
class Normalised:
    text: str  # Arabic digits
    thai_digit_text: str  # same offsets, the document's own digits
    repairs: list[Repair] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offset where page 2, 3, ... begin
    first_page: int | None = None  # number of the first page; None for unpaged text
    warnings: list[str] = field(default_factory=list)  # what could not be repaired, with its offset in `text`
    unreadable: list[Unreadable] = field(default_factory=list)  # the same, as data
    digit_spans: list[DigitSpan] = field(default_factory=list)  # the OCR stage's digit runs, offsets in `text`

    def page_of(self, offset: int) -> int | None:
        if self.first_page is None:
            return None
        return self.first_page + sum(1 for p in self.page_starts if p <= offset)

    def warnings_in(self, start: int, end: int) -> list[str]:
        """The warnings about ``text[start:end]``, their offsets counted from
        ``start`` (for the record of a document that spans them)."""
        return [u.warning(start) for u in self.unreadable if start <= u.start < end]

    def digit_spans_in(self, start: int, end: int) -> list[DigitSpan]:
        """The digit runs in ``text[start:end]``, their offsets counted from
        ``start`` (cut at its ends, should a repair have grown one across them)."""
        return [
            s.model_copy(update={"start": max(s.start, start) - start, "end": min(s.end, end) - start})
            for s in self.digit_spans
            if s.start < end and start < s.end
        ]

    def original_text(self) -> str:
        """The input as it was before normalisation."""
        return undo_repairs(self.thai_digit_text, self.repairs)


def normalise(text: str, *, steps_to_run: tuple[Step, ...] = STEPS) -> Normalised:
    return normalise_pages([text], first_page=None, steps_to_run=steps_to_run)


def normalise_pages(
    pages: list[str],
    *,
    first_page: int | None = 1,
    steps_to_run: tuple[Step, ...] = STEPS,
    digit_spans: list[list[DigitSpan]] | None = None,
) -> Normalised:
    """Normalises the pages of one input as one text, so a paragraph broken by
    a page break is rejoined, while remembering where each page begins.
    ``digit_spans``: per page, the OCR stage's digit runs (offsets in the page)."""
    starts, offset = [], 0
    for page in pages[:-1]:
        offset += len(page) + 1
        starts.append(offset)
    tracked = TrackedText("\n".join(pages), page_starts=starts)
    for step in steps_to_run:
        tracked.apply(step(tracked.text))
    repairs = [r.model_copy(update={"replacement": to_arabic_digits(r.replacement)}) for r in tracked.repairs]
    unreadable_runs = unreadable(tracked.text)
    return Normalised(
        text=to_arabic_digits(tracked.text),
        thai_digit_text=tracked.text,
        repairs=repairs,
        page_starts=tracked.page_starts,
        first_page=first_page,
        warnings=[u.warning() for u in unreadable_runs],
        unreadable=unreadable_runs,
        digit_spans=_carry_digit_spans(pages, [0] + starts, digit_spans or [], tracked.repairs),
    )


def _carry_digit_spans(
    pages: list[str], page_offsets: list[int], per_page: list[list[DigitSpan]], repairs: list[Repair]
) -> list[DigitSpan]:
    """The digit runs of every page with offsets in the normalised text. A run
    whose offsets do not hold its text in its page is stale and dropped, as is
    one whose text a repair removed (a page number)."""
    joined = [
        s.model_copy(update={"start": s.start + page_offsets[i], "end": s.end + page_offsets[i]})
        for i, spans in enumerate(per_page[: len(pages)])
        for s in spans
        if pages[i][s.start : s.end] == s.text
    ]
    moved = map_through_repairs([(s.start, s.end) for s in joined], repairs)
    return [s.model_copy(update={"start": a, "end": b}) for s, (a, b) in zip(joined, moved) if a < b]
