"""Month names of dates, read again from the page image where Tesseract's
reading is no month.

A date is ``day month year`` (``๑๒ ก.ย. ๒๕๕๙``). Tesseract reads most month
names right, but some come out as no month at all (``ก.ข.``, as near ก.พ. as
ก.ย.; a lone ``'`` for พฤษภาคม), and then the date is lost however well
the digit stage read the day and the year. This stage runs after the digit
stage: for a run of one or two digits followed on its line by a run of four
(a day and a year) with no month name between them in the text, the in-line
glyphs between the two runs are cut from the image and named by the letter
classifier (``letters.py``), and each month name, full or short, is scored
by its in-line letters (consonants by name; vowels written in line, like
``เ`` and ``า``, as OTHER), and by whether its letters carry a mark above
(``มี.ค.`` against ``ม.ค.``). The best name is written when it holds
``SHARE`` of all the names' probability mass: over Tesseract's words there,
or, where Tesseract wrote no word at all between the day and the year
(``๑๐\t๒๕๓๗`` for ``๑๐ กรกฎาคม ๒๕๓๗``), as a word of its own with the
glyphs' box.
"""

from __future__ import annotations

import re

import numpy as np
from PIL import Image

from pipeline.models import OcrPage
from pipeline.ocr.classifier import GlyphClassifier
from pipeline.ocr.digits_glyphs import OTHER, glyph_features
from pipeline.ocr.images import gray_pixels
from pipeline.ocr.letters import INDEX, Edit, letters_between, line_near, load_model, marked_above, rewrite
from pipeline.textutil import MONTHS, MONTHS_SHORT

SHARE = 0.8  # of all month names' probability mass, for the best one to be written
MIN_SCORE = 0.05  # a name whose letters the image gives less (product) is no reading of it
MARK_MISMATCH = 0.05  # factor for a letter with a mark above where the name has none, or none where it has one
MAX_BETWEEN = 16  # characters of text between a day and a year, at most, for them to be one date
_ABOVE = set("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")

_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# what may stand between a number and a year besides a month: the era ("ฉบับที่ ๒ พ.ศ. ๒๕๖๗")
_ERAS = {"พ.ศ.", "ค.ศ.", "พ.ศ", "ค.ศ"}
# month names by their letters without marks: Tesseract's reading is left as
# it is where it names one month (marks lost or read wrong: "ธนวาคม"), or is
# one exactly; "ม.ุค." is ม.ค. or มี.ค. by the mark above ม, which the image shows
_BY_LETTERS: dict[str, set[int]] = {}
for _number, _name in enumerate(MONTHS + MONTHS_SHORT):
    _BY_LETTERS.setdefault(_MARKS.sub("", _name), set()).add(_number % 12)
_EXACT = set(MONTHS + MONTHS_SHORT)
_DAY = re.compile(r"[๐-๙0-9]{1,2}")
# a number standing on its own between a day and a year: no date; a digit in
# a word is a letter Tesseract read as one ("5ิ.ค." for ธ.ค.)
_NUMBER = re.compile(r"(?<![ก-\u0e4e.])[๐-๙0-9]+(?![ก-\u0e4e.])")
_YEAR = re.compile(r"[๐-๙0-9]{4}")


def skeleton(name: str) -> list[tuple[int, bool]]:
    """A month name as the in-line glyphs it is printed with: (class index,
    carries a mark above) per glyph; dots left out (the stage drops specks)."""
    glyphs: list[list] = []
    for char in name:
        if char in _ABOVE or char in "\u0e38\u0e39\u0e3a":
            if glyphs and char in _ABOVE:
                glyphs[-1][1] = True
        elif char != ".":
            glyphs.append([INDEX.get(char, INDEX[OTHER]), False])
    return [(index, above) for index, above in glyphs]


_SKELETONS = {name: skeleton(name) for name in MONTHS + MONTHS_SHORT}


def reread_months(page: OcrPage, image: Image.Image, *, model: GlyphClassifier | None = None,
                  pixels: np.ndarray | None = None) -> OcrPage:
    """The page with the month names its dates lost read again from ``image``
    (module doc; ``pixels``: ``images.gray_pixels(image)``, when the caller has it)."""
    model = model or load_model()
    if model is None or len(page.digit_spans) < 2:
        return page
    gray: np.ndarray | None = None
    edits: list[Edit] = []
    spans = sorted(page.digit_spans, key=lambda s: s.start)
    for day, year in zip(spans, spans[1:]):
        between = page.text[day.end:year.start]
        if (not _DAY.fullmatch(day.text) or not _YEAR.fullmatch(year.text) or "\n" in between
                or len(between) > MAX_BETWEEN or _NUMBER.search(between)
                or _named(between.strip())):
            continue
        if gray is None:
            gray = pixels if pixels is not None else gray_pixels(image)
        found = month_from_image(gray, model, day.box, year.box)
        if found is not None:
            name, box = found
            edits.append((day.end, year.start, f" {name} ", name, box))
    return rewrite(page, edits) if edits else page


def _named(text: str) -> bool:
    """Whether Tesseract's text between a day and a year names the month
    (or the era) already: a month's name, or its letters those of one month only."""
    stripped = _MARKS.sub("", text)
    return text in _EXACT or stripped in _ERAS or len(_BY_LETTERS.get(stripped, ())) == 1


def month_from_image(gray: np.ndarray, model: GlyphClassifier, day_box,
                     year_box) -> tuple[str, tuple[int, int, int, int]] | None:
    """The month name the glyphs between a day's run and a year's run show
    clearly, and their box (left, top, width, height: the word written where
    Tesseract wrote none, "๑๐\t๒๕๓๗" for "๑๐ กรกฎาคม ๒๕๓๗"); None when none does."""
    left = day_box[0] + day_box[2]
    right = year_box[0]
    found = line_near(gray, day_box[0], right + year_box[2], day_box)
    if found is None or right <= left:
        return None
    line, x0, _ = found
    margin = 0.2 * line.x_height
    glyphs = letters_between(line, left - x0 + margin, right - x0 - margin)
    if not glyphs:
        return None
    probs = model.probabilities(glyph_features(glyphs, line))
    marks = [marked_above(glyph, found, gray) for glyph in glyphs]  # not the feet of the line above
    scores = {}
    for name, letters in _SKELETONS.items():
        if len(letters) != len(glyphs):
            continue
        score = 1.0
        for row, marked, (index, above) in zip(probs, marks, letters):
            score *= float(row[index]) * (1.0 if marked == above else MARK_MISMATCH)
        scores[name] = score
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    if scores[best] < MIN_SCORE or scores[best] < SHARE * sum(scores.values()):
        return None
    _, x0, y0 = found
    left, top = min(g.x0 for g in glyphs), min(g.y0 for g in glyphs)
    right, bottom = max(g.x1 for g in glyphs), max(g.y1 for g in glyphs)
    return best, (x0 + left, y0 + top, right - left, bottom - top)
