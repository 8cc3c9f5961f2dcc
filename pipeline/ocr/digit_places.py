"""Places where the digit stage writes digits Tesseract wrote none for.

The stage (``digits.py``) writes a run only where Tesseract wrote a digit or a
lookalike, except in a few places the text itself names: after a letter
number's bare head (``bare_head``), between "วันที่" and a month name
(``missing_day``, ``in_day_place``), and over a word Tesseract garbled. There
the glyphs alone decide, so they must read surely (``surely_digits``,
``surely_thai_digits``).
"""

from __future__ import annotations

import re

from pipeline.models import OcrPage
from pipeline.ocr.digit_fields import FOLLOWED_BY_MONTH, without_marks
from pipeline.ocr.digit_pieces import DIGIT_CLASSES
from pipeline.ocr.digit_runs import Run
from pipeline.ocr.digit_text import THI
from pipeline.ocr.digits_glyphs import CLASSES, PUNCT, THAI_DIGITS, Line

# A lone letter where a day or a count stands is read as a Thai digit when
# every glyph reads as one with this probability; and so must every glyph of
# a run written where Tesseract wrote nothing.
LOOKALIKE_MIN_PROBABILITY = 0.9
# Digits at least in a run written over a word Tesseract garbled (see digits.GARBLED_WIDTH).
GARBLED_DIGITS = 2


def surely_digits(run: Run) -> bool:
    """Whether every glyph of RUN reads as a digit or punctuation at least
    LOOKALIKE_MIN_PROBABILITY surely, GARBLED_DIGITS of them digits."""
    named = [CLASSES[int(p.argmax())] for p in run.probs]
    return (sum(c in DIGIT_CLASSES for c in named) >= GARBLED_DIGITS
            and all(c in DIGIT_CLASSES or c in PUNCT for c in named)
            and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY)


# A line that opens with a letter number's head alone, ที่ (its marks perhaps lost)
# and a code of two letters, with no word after them before the line's end or a tab
# (see bare_head): Tesseract wrote nothing for the number ("ที่ อว" for
# "ที่ อว ๐๓๕๖/๑", TH Garuda on an office scan). The crop reaches HEAD_REACH line
# heights past the code (a unit code, "/ว" and a running number of four: about 5.5
# on the bench pages), and a run starting with ๐ at most HEAD_GAP x-heights after
# the code that surely reads as digits (and punctuation) is written. One such line
# in the seven development caches.
_BARE_HEAD = re.compile(rf"{THI}\s*[ก-ฮ]{{2}}")
HEAD_REACH = 6.0
HEAD_GAP = 2.0


def bare_head(page: OcrPage, indices: list[int], offsets: list[int | None]) -> int | None:
    """The last word of a letter number's bare head (``_BARE_HEAD``) that
    opens a line and ends it or the line's first column (a tab follows it)."""
    first = offsets[indices[0]]
    if first is None:
        return None
    head = _BARE_HEAD.match(page.text, first)
    if head is None or page.text[head.end():head.end() + 1] not in ("\t", "\n", ""):
        return None
    return next((i for i in indices if offsets[i] is not None
                 and offsets[i] + len(page.words[i].text) == head.end()), None)


# "วันที่" (its marks perhaps lost) with a month name right after it and no day between
# (see missing_day): Tesseract wrote nothing for a ๗ (TH Sarabun New on an office
# scan, "ลงวันที่ ม.ค. ๒๕๓๕"; on a fax, "วันที กันยายน ๒๕๕๒"). The glyphs within
# DAY_REACH line heights of the word's end are classified, and a run of one or two
# glyphs that surely read as Thai digits, standing past the word's last consonant and
# before the month name, is written after the word.
_DAY_WORD = re.compile(rf"วัน{THI}$")
DAY_REACH = 1.5


def missing_day(page: OcrPage, indices: list[int], offsets: list[int | None]) -> int | None:
    """The word ending in "วันที่" (``_DAY_WORD``) that a month name follows
    with no digit between them (only a space), or None."""
    for index in indices:
        offset = offsets[index]
        if offset is None:
            continue
        end = offset + len(page.words[index].text)
        # (Tesseract's words of Thai text are a character or two each: the text says "วันที่")
        if _DAY_WORD.search(page.text[max(0, end - 8):end]) and page.text[end:end + 1] == " " \
                and FOLLOWED_BY_MONTH.match(without_marks(page.text[end:end + 40])):
            return index
    return None


def in_day_place(page: OcrPage, day: int, run: Run, line: Line) -> bool:
    """Whether RUN stands after the last glyph under word DAY's first 80 %
    (its last consonant, ท; the marks Tesseract may have taken from the day
    stand over the rest) and before the next word of the line."""
    word = page.words[day]
    following = [w for w in page.words if (w.block, w.par, w.line) == (word.block, word.par, word.line)
                 and w.left > word.left + word.width / 2 and w is not word]
    right = min((w.left for w in following), default=word.left + word.width + 10 * line.x_height)
    return word.left + 0.8 * word.width <= run.x0 and run.x1 <= right + 0.2 * line.x_height


def surely_thai_digits(run: Run) -> bool:
    """Whether every glyph of RUN reads as a Thai digit at least LOOKALIKE_MIN_PROBABILITY surely."""
    return (all(CLASSES[int(p.argmax())] in THAI_DIGITS for p in run.probs)
            and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY)
