"""Tone marks Tesseract dropped, put back where the page image shows them.

Stock Tesseract ``tha`` drops a tone mark written above an upper vowel or
above the circle of ``ำ`` (``เสี่ยง`` -> ``เสียง``, ``น้ำ`` -> ``นํา``). Both
readings are often words, so text alone cannot tell them apart (the
normalise stage's language model restores only what the sentence makes
clear). The image can: a mark stands as a small blot of ink just above the
vowel's box. Where there is one and Tesseract wrote no mark, the mark is
restored, and which one (``่ ้ ๊ ๋ ์``) is the one whose word the lexicon
finds likeliest. A reading more than ``MAX_EXTRA_COST`` less likely than
Tesseract's is not taken: the ink may be a speck.
"""

from __future__ import annotations

import numpy as np
import regex
from PIL import Image
from scipy import ndimage

from pipeline.models import DigitSpan, OcrPage
from pipeline.ocr.page_text import word_offsets
from pipeline.ocr.digits_glyphs import otsu_threshold
from pipeline.ocr.images import gray_pixels
from pipeline.textutil import PERSON_TITLE

UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d"  # vowels written above, and the circle of ำ
MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
REGION_HEIGHT = 0.9  # of the vowel's box height, above it
MIN_AREA, MAX_AREA = 0.02, 0.6  # of the vowel box's area, for a blot to count as a mark
MAX_EXTRA_COST = 4.6  # nats: the restored word may be up to 100 times rarer
CONTEXT = 16  # characters read on each side of the mark
_THAI_RUN = regex.compile(r"[\u0e01-\u0e4e]+")


def restore_marks(page: OcrPage, image: Image.Image, *, pixels: np.ndarray | None = None) -> OcrPage:
    """Page text with the marks the image shows and Tesseract dropped
    (``pixels``: ``images.gray_pixels(image)``, when the caller has it)."""
    gray = pixels if pixels is not None else gray_pixels(image)
    # the page's ink level from every 4th pixel of every 4th row (70 ms for
    # all 8.7 million of an A4 page, 5 ms for these); bands are binarised as read
    ink = _Ink(gray, otsu_threshold(gray[::4, ::4]))
    offsets = word_offsets(page)
    insert_at: list[int] = []
    for i, word in enumerate(page.words):
        if not word.text or offsets[i] is None:
            continue
        last = word.text.rstrip("\u0e32")  # "ํา": the circle is before the า
        if not last or last[-1] not in UPPER:
            continue
        following = page.words[i + 1] if i + 1 < len(page.words) else None
        if following is not None and following.text[:1] in MARKS:
            continue
        if last[-1] == "\u0e4d":  # the circle of ำ: Tesseract's box for it is unreliable
            found = i > 0 and _two_marks_above(ink, page.words[i - 1], word, _x_height(page, word))
        else:
            found = _blot_above(ink, word.left, word.top, word.width, word.height)
        if found:
            # a tone of ำ goes before its circle: "น้ํา", which normalise writes "น้ำ"
            insert_at.append(offsets[i] + len(last) - (last[-1] == "\u0e4d"))
    text = page.text
    spans = page.digit_spans
    for position in sorted(insert_at, reverse=True):
        if not _in_a_name(text, position):
            restored = _with_likeliest_mark(text, position)
            spans = _shift_spans(spans, position, len(restored) - len(text))
            text = restored
    return page if text == page.text else page.model_copy(update={"text": text, "digit_spans": spans})


def _shift_spans(spans: list[DigitSpan], position: int, inserted: int) -> list[DigitSpan]:
    """The digit stage's spans after ``inserted`` characters went in at
    ``position`` (a mark follows a Thai vowel, so never inside a digit run)."""
    if not inserted:
        return spans
    return [s if s.end <= position else s.model_copy(update={"start": s.start + inserted, "end": s.end + inserted})
            for s in spans]


def _x_height(page: OcrPage, word) -> int:
    """Height of a plain consonant on the word's line (its median box height)."""
    heights = sorted(
        w.height for w in page.words
        if (w.block, w.par, w.line) == (word.block, word.par, word.line) and len(w.text) == 1 and "ก" <= w.text <= "ฮ"
    )
    return heights[len(heights) // 2] if heights else word.height


def _two_marks_above(ink: _Ink, consonant, circle, x_height: int) -> bool:
    """Above the consonant that carries ำ: its circle alone, or the circle and
    a tone mark over it (two blots above the consonant's body)."""
    left = min(consonant.left, circle.left) - 2
    right = max(consonant.left + consonant.width, circle.left + circle.width) + 2
    bottom = consonant.top + consonant.height
    column = ink[max(0, bottom - int(2.6 * x_height)) : bottom, max(0, left) : right]
    if column.size == 0:
        return False
    labels, _ = ndimage.label(column)
    boxes = [b for b in ndimage.find_objects(labels) if b is not None]
    if not boxes:
        return False
    body = max(boxes, key=lambda b: (b[0].stop, (b[0].stop - b[0].start) * (b[1].stop - b[1].start)))
    above = [b for b in boxes if b[0].stop <= body[0].start and b[0].start > 0 and (b[0].stop - b[0].start) >= 3]
    return len(above) >= 2


class _Ink:
    """The page as ink or paper, binarised only where it is looked at."""

    def __init__(self, gray: np.ndarray, threshold: float):
        self.gray, self.threshold = gray, threshold

    def __getitem__(self, region) -> np.ndarray:
        return self.gray[region] <= self.threshold


def _blot_above(ink: _Ink, left: int, top: int, width: int, height: int) -> bool:
    """A component of ink wholly inside the band above the box (one that
    reaches its top edge comes from the line above)."""
    reach = max(4, int(REGION_HEIGHT * height))
    band = ink[max(0, top - reach) : max(0, top - 1), max(0, left - 2) : left + width + 2]
    if band.size == 0 or not band.any():
        return False
    labels, count = ndimage.label(band)
    box_area = max(1, width * height)
    for index, found in enumerate(ndimage.find_objects(labels), start=1):
        if found is None or found[0].start == 0:
            continue
        area = int((labels[found] == index).sum())
        if MIN_AREA * box_area <= area <= MAX_AREA * box_area:
            return True
    return False


def _in_a_name(text: str, position: int) -> bool:
    """Inside a personal name (a word starting with a title, or the word after
    it): a name is no word of the lexicon, which would pick นี้ for รัชนี."""
    start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position), text.rfind("\t", 0, position)) + 1
    before = text[max(0, start - 40) : start].split()
    return bool(PERSON_TITLE.match(text[start:position]) or (before and PERSON_TITLE.match(before[-1])))


def _sara_am(text: str) -> str:
    """ำ as the lexicon spells it (Tesseract writes ํา)."""
    return regex.sub("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32", lambda m: m[1] + m[2] + "\u0e33", text)


def _with_likeliest_mark(text: str, position: int) -> str:
    from pipeline.normalise.lattice import segment  # the lexicon's unigram model

    run = _THAI_RUN.search(text, max(0, position - 40))
    while run and run.end() < position:
        run = _THAI_RUN.search(text, run.end())
    if not run or run.start() > position:
        return text
    # the words around the mark decide; a whole paragraph of Thai need not be read
    before = text[max(run.start(), position - CONTEXT) : position]
    after = text[position : min(run.end(), position + CONTEXT)]
    as_read = segment(_sara_am(before + after)).cost
    best, best_cost = None, None
    for mark in MARKS:
        cost = segment(_sara_am(before + mark + after)).cost
        if best_cost is None or cost < best_cost:
            best, best_cost = mark, cost
    if best is None or best_cost > as_read + MAX_EXTRA_COST:
        return text
    return text[:position] + best + text[position:]
