"""Thai dates: ``16 มิถุนายน 2568``, ``27 พ.ค. 2565``, ``10 ต.ค.60``, ``พ.ศ. 2565``.

Day, a full or abbreviated month (thai-letter-standard.md, section 6.2), and a
Buddhist-era year of four digits or two (``60`` means 2560). Whitespace between
the parts may include line breaks: OCR splits dates over lines. A date that
does not exist (31 เมษายน) or a year outside a sane range gives no date.
"""

from __future__ import annotations

import datetime as dt

import regex

from pipeline.models import ThaiDate
from pipeline.textutil import edit_distance, terms

MIN_BE_YEAR, MAX_BE_YEAR = 2400, 2700  # Buddhist era: about 1857-2157 CE

_MONTH_OF: dict[str, int] = {}
for _number, _names in terms()["months"].items():
    for _name in _names:
        _MONTH_OF[_name] = int(_number)
        if "." in _name:  # "พ.ค." is also printed "พ.ค" or "พ. ค."
            _MONTH_OF[_name.replace(".", "")] = int(_number)


# An abbreviated month whose marks or dots OCR mangled ("กุย." for "ก.ย.",
# "ก.ุย.": the dot's speck read as a vowel below, "ม.ุย,": the last dot read
# as a comma, "เม ยุ": the first as a space and the last as a vowel below):
# two letters, each perhaps with a mark, perhaps dotted. Read by its letters
# alone, when they name one month only (ม.ค. and มี.ค. share theirs).
_MANGLED_ABBREVIATION = (r"เ?[ก-ฮ][\u0e31-\u0e4e]?\.?\s?[\u0e38\u0e39]?[ก-ฮ][\u0e31-\u0e4e]?[.,]"
                         r"|เ?[ก-ฮ][\u0e31\u0e34-\u0e37\u0e47-\u0e4e]?[.\s][ก-ฮ][\u0e38\u0e39]")

# A full month name OCR damaged: a letter read as another or a speck read into
# it ("สิงหาคร|", "กุงเภาพันธ์", "ฉันวาคม" for ธันวาคม, "พฤศจิก“ยน"), its
# marks lost or doubled. Matched as the name's in-line letters with at most DAMAGE letters
# wrong (marks between them free), and read only when its letters are that
# close to one month's and clearly farther from every other's
# (``damaged_month``): a serious tool must not invent a month.
DAMAGE = 2
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"


def _in_line(printed: str) -> str:
    """The letters and vowels printed in line ("ำ" as "า"), marks, dots and specks left out."""
    return "".join("า" if c == "ำ" else c for c in printed if "ก" <= c <= "ฮ" or "ะ" <= c <= "ๅ" and c not in
                   "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a")


_FULL_NAMES = {_in_line(name): int(number) for number, names in terms()["months"].items()
               for name in names if "." not in name}
MIN_DAMAGED = 4  # in-line letters of a damaged full name, at least


def damaged_month(printed: str) -> int | None:
    """The month a damaged full name stands for: its in-line letters within
    one edit of a month's (two for names of six letters or more), and every
    other month's farther (twice as far for two edits); None otherwise."""
    letters = _in_line(printed)
    if len(letters) < MIN_DAMAGED:
        return None
    ranked = sorted((edit_distance(letters, name), number, name) for name, number in _FULL_NAMES.items())
    best, number, name = ranked[0]
    rivals = [d for d, n, _ in ranked[1:] if n != number]
    if best > (DAMAGE if len(name) >= 6 else 1) or (rivals and rivals[0] < max(best + 1, 2 * best)):
        return None
    return number


def _letters(printed: str) -> str:
    return "".join(c for c in printed if "ก" <= c <= "ฮ" or c == "เ")


_MONTH_BY_LETTERS: dict[str, int] = {}
for _name, _number in _MONTH_OF.items():
    if "." in _name:
        _key = _letters(_name)
        _MONTH_BY_LETTERS[_key] = 0 if _MONTH_BY_LETTERS.get(_key, _number) != _number else _number


def _month_pattern() -> str:
    alts = []
    for name in sorted(_MONTH_OF, key=len, reverse=True):
        if "." in name:
            parts = [regex.escape(p) for p in name.split(".") if p]
            alts.append(r"\.\s?".join(parts) + r"\.?")
        else:
            alts.append(regex.escape(name))
    damaged = "|".join(f"[{_MARKS}]*".join(name) for name in sorted(_FULL_NAMES))
    return "|".join(alts + [_MANGLED_ABBREVIATION, f"(?=[ก-ฮเ-ไ][ก-\u0e4e]{{3}})(?:{damaged}){{e<={DAMAGE}:[^\\s0-9๐-๙]}}"])


DATE = regex.compile(
    r"(?<!\d)(?P<day>\d{1,2})\s*[.\-“”\"'`]?\s*(?P<month>" + _month_pattern() + r")"
    r"[" + _MARKS + r"]{0,2}(?![ก-ฮ])\s*[.,|']?\s*"
    r"(?:(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?(?P<year>\d{4}|\d{2})(?!\d)"
)


def month_number(printed: str) -> int | None:
    key = regex.sub(r"\s", "", printed)
    return (_MONTH_OF.get(key) or _MONTH_OF.get(key.replace(".", "")) or _MONTH_BY_LETTERS.get(_letters(key))
            or damaged_month(key))


def month_read_through_damage(printed: str) -> bool:
    """Whether a month name that ``month_number`` reads is read only as a
    damaged full name (``damaged_month``): not a name or abbreviation of the
    table, nor the letters of one; such a date is worth a warning."""
    key = regex.sub(r"\s", "", printed)
    return not (_MONTH_OF.get(key) or _MONTH_OF.get(key.replace(".", "")) or _MONTH_BY_LETTERS.get(_letters(key)))


def parse_date(match: regex.Match, raw: str) -> ThaiDate | None:
    """A ThaiDate from a DATE match and the printed text, or None when it is not a real date."""
    month = month_number(match.group("month"))
    year = int(match.group("year"))
    if len(match.group("year")) == 2:
        year += 2500
    elif match.group("era") and match.group("era").startswith("ค"):
        year += 543
    if month is None or not MIN_BE_YEAR <= year <= MAX_BE_YEAR:
        return None
    try:
        iso = dt.date(year - 543, month, int(match.group("day"))).isoformat()
    except ValueError:
        return None
    return ThaiDate(raw=raw, iso=iso, buddhist_year=year)
