"""Lines Tesseract made of the marks above another line, dropped.

On scans, and most on faxes, Tesseract at times reads the row of upper
vowels and tone marks over a text line as a line of its own, and writes
them as digits, punctuation and letters: ``- 9 ซ่ ๑ / ๐ 7`` over
``สิ่งที่ส่งมาด้วย ... จำนวน ๓๒ ฉบับ`` on a fax. Those words name no text:
the line below holds its marks already (Tesseract's boxes of its letters
reach up over them), and the marks stage restores the tone marks Tesseract
lost. Left in, they are read
as digits beside the fields under them (the ``7`` over ``ฉบับ`` became a
quantity's first digit) and stand as junk lines in the record's text.

A line is a line of marks when its words are short (their median height at
most MARK_LINE_HEIGHT letter heights; a letter height is the page's: the
height a third of its word boxes do not pass, the rest reaching up over
marks or down under them), and nearly all of them (MARK_LINE_SHARE) stand
in the marks' band of the words right under them: their bottom from
MARK_BAND[0] to MARK_BAND[1] letter heights off those words' letters' top.
Each word is measured against the words under its own columns, not
against the whole line under it: on a page turned by a degree the lines
drift apart by more than a letter height from one side to the other. A
line of text above stands a line's spacing higher, its bottoms above the
band, so it is kept.
"""

from __future__ import annotations

import statistics

from pipeline.models import OcrPage, OcrWord
from pipeline.ocr.page_text import drop_words

# On 740 recorded pages of the digit benchmark (bench_digits.py's caches of
# ten seeds), these thresholds dropped 271 lines, every one of them marks
# read as junk, and no line of text; on the fixtures' recorded scans
# (fixtures/ocr) they drop nothing. A height limit of 0.6 dropped 171, 0.75
# 203: the rest hold marks read with a letter under them, boxes as tall as
# a letter ("= ซ่ !) %/ "ล ว ๐ 7", ". = ู เ ซ่ 7"). A line of text is at
# least a letter height tall; the marks' band is what tells the two apart.
MARK_LINE_HEIGHT = 0.9
MARK_BAND = (-0.9, 0.5)
MARK_LINE_SHARE = 0.75
# The words under a word: overlapping its columns, their bottoms below its
# bottom, their tops at most UNDER_REACH letter heights below it.
UNDER_REACH = 1.5


def drop_mark_lines(page: OcrPage, image=None, *, pixels=None) -> OcrPage:
    """PAGE without the words of its lines of marks (see the module's doc).
    IMAGE and PIXELS are not needed: the signature is the image stages'."""
    if not page.words:
        return page
    heights = sorted(w.height for w in page.words)
    letters = heights[len(heights) // 3]
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(page.words):
        lines.setdefault((word.block, word.par, word.line), []).append(index)
    dropped: list[int] = []
    for key, indices in lines.items():
        words = [page.words[i] for i in indices]
        if statistics.median(w.height for w in words) > MARK_LINE_HEIGHT * letters:
            continue
        # the words that may stand under this line's (a few lines' worth)
        top, bottom = min(w.top for w in words), max(w.top + w.height for w in words)
        others = [w for w in page.words if (w.block, w.par, w.line) != key
                  and w.top <= bottom + UNDER_REACH * letters and w.top + w.height > top]
        in_band = sum(_in_marks_band(word, others, letters) for word in words)
        if in_band >= MARK_LINE_SHARE * len(words):
            dropped.extend(indices)
    return drop_words(page, dropped) if dropped else page


def _in_marks_band(word: OcrWord, others: list[OcrWord], letters: float) -> bool:
    """Whether WORD's bottom stands in the marks' band of the words under it
    (see the module's doc); False where no word stands under it."""
    bottom = word.top + word.height
    under = [w for w in others
             if min(word.left + word.width, w.left + w.width) > max(word.left, w.left)
             and w.top + w.height > bottom and w.top <= bottom + UNDER_REACH * letters]
    if not under:
        return False
    nearest = min(w.top + w.height for w in under)
    # the letters' top: their baseline (the nearest bottoms; a letter reaching
    # down below the baseline stands lower) less a letter height
    baseline = statistics.median(w.top + w.height for w in under if w.top + w.height <= nearest + 0.5 * letters)
    low, high = MARK_BAND
    return baseline - letters + low * letters <= bottom <= baseline - letters + high * letters
