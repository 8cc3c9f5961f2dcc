"""Letter numbers: ``ที่ มท 0207.5/ว 8603`` (thai-letter-standard.md, section 2).

The shape is a 2-4 letter code, a department code of digits with optional
dotted sub-units, ``/``, an optional ``พิเศษ`` and ``ว`` (circular), and the
running number. Spacing around ``/`` and ``ว`` varies, ``ที่`` may be glued to
the code, and the running number may be missing or damaged (``18.6533``).
"""

from __future__ import annotations

import regex

from pipeline.models import LetterNumber

# An agency code is two to four consonants (ระเบียบงานสารบรรณ: รหัสตัวพยัญชนะ);
# a vowel or tone mark inside one is OCR noise ("ขุก" for ขก), dropped from
# the parsed prefix but kept in raw.
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
CODE = f"[ก-ฮ](?:[{_MARK}]?[ก-ฮ]){{1,3}}[{_MARK}]?"

# Works on text with Arabic digits. The running number must not swallow a
# following date ("... ว 1689 ลงวันที่"), so it is digits and dots only.
# OCR noise the pattern reads through: a doubled "/" ("0604.5//ว"), a lost
# "/" before the circular's ว and its number ("0995ว 43"), ๆ for the
# circular's ว ("/ๆ 3332": ๆ never follows a letter number's "/"), specks
# read around it: a mark or two or a เ before or on it ("/่ว", "/ั่ว",
# "/เว", "ว์ 1"), ๆ or "-" after it ("/ว ๆ43", "/ว-75"); a speck read before
# the unit code ("ทส .0924", "กค-0706.4", "ชม'0959.2", "ลป| 0486.7") or
# before its "/" ("0927.5,/78", "0981.9@/5") or right after it ("0418.5/.6708");
# a dot of the unit code read as ":" or "," ("0061:2.6", "0757.1,3": no unit
# code holds a comma).
_AFTER_CODE = (
    r"\s*[.\-'|]?\s*"
    r"(?P<unit>\d{2,5}(?:\s?[.:,]\s?\d{1,3})*)\s*(?:[,@'`]\s*)?(?:/(?:\s*/)?(?:[.,'`](?=\d))?|(?=ว\s*\d))\s*"
    r"(?:(?P<special>พิเศษ)\s*)?"
    r"(?:(?:เ|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{0,2})(?P<circ>[วๆ])[\u0e48-\u0e4c]?(?![ก-ฮะ-ฺเ-๎])\s*[.\-]?\s*(?:ๆ\s*(?=\d))?)?"
    r"(?P<seq>\d+(?:\.\d+)*)?"
)
# ที่ read without its tone mark (Tesseract drops it over an upper vowel:
# "ทีนร 0679/433"), a speck after it ("ที่'ศธ", "ที่.ยธ", "ที่-ยธ", "ที่:สธ")
LETTER_NUMBER = regex.compile(r"(?P<thi>ที่?)[\s'\".\-:]*(?P<prefix>" + CODE + r")" + _AFTER_CODE)

# A line of a letter's head that starts as the number's does, read through
# OCR damage: ที่ printed bold and read without its marks ("ท") or without
# its ท ("ี่"), a speck or a stray character inside the code ("ส5ธ" for สธ).
# Only where no number reads cleanly in the head (``header.letter_number``),
# and warned about.
DAMAGED_HEAD_NUMBER = regex.compile(
    r"^[ \t]*(?P<thi>ท[\u0e34-\u0e37\u0e48-\u0e4b]{0,2}|[\u0e34-\u0e37][\u0e48-\u0e4b]?)[ \t]+"
    r"(?P<prefix>[ก-ฮ](?:[^\sก-ฮ]?[ก-ฮ]){1,3})(?![ก-ฮ])" + _AFTER_CODE
)


def parse_letter_number(match: regex.Match, raw: str) -> LetterNumber:
    """A LetterNumber from a LETTER_NUMBER match and the printed text of the match."""
    unit = regex.sub(r"\s", "", match.group("unit")).replace(":", ".").replace(",", ".")  # a dot read ":" or ","
    prefix = regex.sub(r"[^ก-ฮ]", "", match.group("prefix"))  # a code is consonants only
    seq = match.group("seq")
    circular = bool(match.group("circ"))
    tail = " ".join(p for p in ("พิเศษ" if match.group("special") else None, "ว" if circular else None, seq) if p)
    return LetterNumber(
        raw=raw,
        normalised=f"{prefix} {unit}/{tail}",
        prefix=prefix,
        unit_code=unit,
        circular=circular,
        sequence=seq,
    )


def letter_number_end(match: regex.Match) -> int:
    """Where the number ends: trailing spaces matched before a missing running number are not part of it."""
    end = match.end()
    while end > match.start() and match.string[end - 1].isspace():
        end -= 1
    return end
