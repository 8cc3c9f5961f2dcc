"""Normalise stage: OCR text in, clean text with a trace of every change out.

``normalise`` runs the steps of ``STEPS`` in this order (each a small pure
function in ``steps.py``):

1. ``unicode_nfc``          canonical composition
2. ``remove_zero_width``    zero-width spaces, joiners, BOMs, soft hyphens
3. ``recompose_sara_am``    ``ํา`` -> ``ำ`` (Tesseract writes sara am in two parts)
4. ``reorder_marks``        tone mark after its vowel; duplicated marks once
5. ``restore_dropped_marks`` marks Tesseract cannot write (``ที`` -> ``ที่``, ``น้า`` -> ``น้ำ``), by a language model
6. ``strip_markup``         ``^(*)``, ``**``, HTML tags from table extraction
7. ``drop_page_furniture``  page-continuation lines (``/อันเนื่องมาจาก...``), page numbers
8. ``rejoin_wrapped_lines`` wrapped lines of one paragraph joined

Then Thai numerals become Arabic. That last step maps one code point to one,
so it moves no offset and is not a repair: ``Normalised.thai_digit_text`` is
the same text with the document's own digits, and any span of ``text`` read
at the same offsets there gives the ``raw`` value of a field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.models import Repair
from pipeline.normalise import steps
from pipeline.normalise.tracked import Edit, TrackedText, undo_repairs
from pipeline.textutil import to_arabic_digits

Step = Callable[[str], list[Edit]]

STEPS: tuple[Step, ...] = (
    steps.unicode_nfc,
    steps.remove_zero_width,
    steps.recompose_sara_am,
    steps.reorder_marks,
    steps.restore_dropped_marks,
    steps.strip_markup,
    steps.drop_page_furniture,
    steps.rejoin_wrapped_lines,
)


@dataclass
class Normalised:
    text: str  # Arabic digits
    thai_digit_text: str  # same offsets, the document's own digits
    repairs: list[Repair] = field(default_factory=list)
    page_starts: list[int] = field(default_factory=list)  # offset where page 2, 3, ... begin
    first_page: int | None = None  # number of the first page; None for unpaged text

    def page_of(self, offset: int) -> int | None:
        if self.first_page is None:
            return None
        return self.first_page + sum(1 for p in self.page_starts if p <= offset)

    def original_text(self) -> str:
        """The input as it was before normalisation."""
        return undo_repairs(self.thai_digit_text, self.repairs)


def normalise(text: str, *, steps_to_run: tuple[Step, ...] = STEPS) -> Normalised:
    return normalise_pages([text], first_page=None, steps_to_run=steps_to_run)


def normalise_pages(
    pages: list[str], *, first_page: int | None = 1, steps_to_run: tuple[Step, ...] = STEPS
) -> Normalised:
    """Normalises the pages of one input as one text, so a paragraph broken by
    a page break is rejoined, while remembering where each page begins."""
    starts, offset = [], 0
    for page in pages[:-1]:
        offset += len(page) + 1
        starts.append(offset)
    tracked = TrackedText("\n".join(pages), page_starts=starts)
    for step in steps_to_run:
        tracked.apply(step(tracked.text))
    repairs = [r.model_copy(update={"replacement": to_arabic_digits(r.replacement)}) for r in tracked.repairs]
    return Normalised(
        text=to_arabic_digits(tracked.text),
        thai_digit_text=tracked.text,
        repairs=repairs,
        page_starts=tracked.page_starts,
        first_page=first_page,
    )
