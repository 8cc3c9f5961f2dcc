"""Field shapes of the digit stage (``digits.py``): which kind of field a
run stands in (``field_kind``: day, year, letter number, phone, number, from
the text around it) and how well a reading fits it (``shape_weight``,
``plausible``): days valid for their month, Buddhist-era years in a sane
range, a letter number's unit code ``0ddd(.d)*`` and running number.
"""

from __future__ import annotations

import re

from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, THAI_DIGITS
from pipeline.textutil import MONTHS, MONTHS_SHORT, edit_distance


# A rare shape of a field (a five-digit unit code) counts as this much less probable.
RARE_SHAPE = 0.01


# Month names are matched without tone marks and the like (Tesseract adds and
# drops them: ธันว่าคม), on both sides.
_MARKS = re.compile("[\u0e47-\u0e4e]")


def without_marks(text: str) -> str:
    return _MARKS.sub("", text)

MONTH_PATTERN = "|".join(re.escape(without_marks(m)) for m in sorted(MONTHS + MONTHS_SHORT, key=len, reverse=True))
FOLLOWED_BY_MONTH = re.compile(rf"^\s*({MONTH_PATTERN})")
_AFTER_MONTH = re.compile(rf"({MONTH_PATTERN}|พ\.\s?ศ\.)\s*$")
# (ที่ with its mark lost, "ที มท ๐๙๐๖/...", as a word of its own: then "๐๙๐๖๖/", a fax's
# broken ๖ read twice, had no unit code's shape to check)
_AFTER_PREFIX = re.compile(r"(?:ที่|(?:^|\s)ที)\s*[ก-ฮ]{1,4}\.?\s*[ก-ฮ]{0,3}\s*$")
AFTER_SLASH = re.compile(r"/\s*ว?\s*$")
_AFTER_PHONE = re.compile(r"(โทร(ศัพท์|สาร)?\.?|ต่อ)\s*([๐-๙0-9\- ]*)$")
_YEAR_RANGE = (2480, 2600)  # Buddhist era
TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)


# A month name Tesseract misread by one character still names the month before a
# year: a vowel lost ("มนาคม" for มีนาคม on a fax) or a "." read ":" ("พ.ค:"); then
# "๒๕๖๓" read "๒๕๖๖๓" (a fax's broken ๖) had no year's shape to check. Names this
# long at least (the short names hold dots) are matched so.
FUZZY_MONTH_MIN = 4
_DOTS = str.maketrans(":,;", "...")
_MONTH_NAMES = [without_marks(m) for m in MONTHS + MONTHS_SHORT]


def near_month(word: str) -> bool:
    """Whether WORD is a month name, full or short, but for one character
    (an edit: a vowel lost or added, a letter misread; ":" "," ";" for ".")."""
    word = without_marks(word).translate(_DOTS)
    if len(word) < FUZZY_MONTH_MIN:
        return False
    # (a name two or more characters longer or shorter is two edits away at least: skipped unmeasured)
    return any(edit_distance(word, name) <= 1 for name in _MONTH_NAMES
               if len(name) >= FUZZY_MONTH_MIN and abs(len(name) - len(word)) <= 1)


def field_kind(before: str, after: str) -> str:
    """The kind of field a run is, from the text before and after it on its line."""
    if FOLLOWED_BY_MONTH.match(without_marks(after)):
        return "day"
    if _AFTER_MONTH.search(without_marks(before)):
        return "year"
    if before.split() and near_month(before.split()[-1]):
        return "year"
    if _AFTER_PREFIX.search(before) or AFTER_SLASH.search(before):
        return "letter_number"
    if _AFTER_PHONE.search(before):
        return "phone"
    return "number"

_UNIT_CODE = r"0\d{3}(\.\d{1,2})*"
_UNIT_CODE_RARE = r"0\d{3,4}(\.\d{1,3})*"  # longer codes of some sub-units
_SEQUENCE = r"[1-9]\d{0,5}|0\d{0,2}"
_FOLLOWED_BY_WO = re.compile(r"^\s*ว(?![\u0e01-\u0e4e])")  # the ว of /ว, not a word (วันที่)


def plausible(text: str, kind: str, after: str = "", before: str | None = None) -> bool | None:
    """Whether a reading fits its field kind; None when the kind has no check.

    BEFORE (the text before the run on its line), when given, tells a letter
    number's unit code (after ``ที่ <prefix>``: ``0ddd(.d)*``, then ``/`` and
    the running number when no ``ว`` comes between, or ``/`` when one does)
    from its running number (after ``/`` or ``/ว``)."""
    weight = shape_weight(text, kind, after, before)
    return None if weight is None else weight > 0


def shape_weight(text: str, kind: str, after: str = "", before: str | None = None) -> float | None:
    """How well a reading fits its field kind: 1 for the usual shape,
    RARE_SHAPE for a rare one (a five-digit unit code), 0 for none; None
    when the kind has no check."""
    if kind == "letter_number":
        digits = text.translate(TO_ARABIC)
        if before is not None and AFTER_SLASH.search(before):
            return float(bool(re.fullmatch(_SEQUENCE, digits)))
        slash = "/" if _FOLLOWED_BY_WO.match(after) else f"(/({_SEQUENCE})?)?"
        if before is not None and _AFTER_PREFIX.search(before):
            shapes = [rf"{_UNIT_CODE}{slash}"], [rf"{_UNIT_CODE_RARE}{slash}"]
        else:
            shapes = [rf"{_UNIT_CODE}{slash}", _SEQUENCE], [rf"{_UNIT_CODE_RARE}{slash}"]
        if any(re.fullmatch(shape, digits) for shape in shapes[0]):
            return 1.0
        return RARE_SHAPE if any(re.fullmatch(shape, digits) for shape in shapes[1]) else 0.0
    ok = _plausible_date_part(text, kind, after)
    return None if ok is None else float(ok)


def _plausible_date_part(text: str, kind: str, after: str) -> bool | None:
    digits = text.translate(TO_ARABIC)
    if kind == "day":
        if not digits.isdigit():
            return False
        day = int(digits)
        after = without_marks(after)
        month_match = FOLLOWED_BY_MONTH.match(after)
        month = _month_number(month_match.group(1)) if month_match else None
        limit = 31 if month is None else (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
        year = re.match(r"^\s*\S+\s*([๐-๙0-9]{4})\b", after)
        if month == 2 and year:
            be = int(year.group(1).translate(TO_ARABIC))
            limit = 29 if (be - 543) % 4 == 0 and ((be - 543) % 100 != 0 or (be - 543) % 400 == 0) else 28
        return 1 <= day <= limit and len(digits) <= 2
    if kind == "year":
        return digits.isdigit() and len(digits) == 4 and _YEAR_RANGE[0] <= int(digits) <= _YEAR_RANGE[1]
    return None


def _month_number(name: str) -> int | None:
    """1-12 for a month name, full or short, with or without its marks."""
    for names in (MONTHS, MONTHS_SHORT):
        unmarked = [without_marks(m) for m in names]
        if without_marks(name) in unmarked:
            return unmarked.index(without_marks(name)) + 1
    return None
