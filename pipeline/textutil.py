"""Small text helpers shared by every stage: Thai digits, widths, the letter
vocabulary (loaded once from ``pipeline/data/letter_terms.json``)."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources

import regex

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")


def to_arabic_digits(text: str) -> str:
    """Thai numerals to Arabic, one code point for one: offsets do not move."""
    return text.translate(_TO_ARABIC)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one code point."""
    if a == b:
        return 0
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def collapse_ws(text: str) -> str:
    return " ".join(text.split())


def visible_width(text: str) -> int:
    """Characters that take horizontal space (Thai vowel and tone marks do not)."""
    return sum(1 for c in text if not c.isspace() and unicodedata.category(c) not in ("Mn", "Me", "Cf"))


SPECKS = " \t.,:;'\"|`«»·•-_"


def strip_specks(text: str) -> str:
    """Without the dots, bars and quotes OCR reads off dust and rules at the
    ends of a field ("จำนวน 1 ชุด .", ".\t(นางรัชนี ทองสุข)")."""
    return text.strip(SPECKS)


def skeleton(text: str) -> str:
    """The text without its combining marks (vowels above and below, tone
    marks) and spaces: what is left when OCR drops marks, so ``บนทกขอความ``
    and ``บันทึกข้อความ`` compare equal."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Mn")


def is_thai_letter(ch: str) -> bool:
    """A Thai consonant, vowel or mark (not a Thai digit or symbol)."""
    return "\u0e01" <= ch <= "\u0e4e" and not ("\u0e50" <= ch <= "\u0e59") and ch not in "\u0e3f\u0e4f"


_CONJUNCTION_START = regex.compile(r"^(?:และ|หรือ|แต่|รวมทั้ง|ตลอดจน)")


def wrap_joint(left: str, right: str) -> str:
    """What stood where a line wrapped, between the end of ``left`` and the start
    of ``right``. Thai runs on without a space, so two Thai letters meet
    directly; a conjunction starting the next line was preceded by a space (Thai
    spacing before และ/หรือ between phrases); digits and Latin take a space."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return ""
    if is_thai_letter(left[-1]) and is_thai_letter(right[0]) and not _CONJUNCTION_START.match(right):
        return ""
    return " "


def join_wrapped(lines: list[str]) -> str:
    """Wrapped lines of one field joined into one line, whitespace collapsed."""
    out = ""
    for line in lines:
        line = collapse_ws(line)
        if line:
            out = out + wrap_joint(out, line) + line if out else line
    return out


@cache
def terms() -> dict:
    with resources.files("pipeline.data").joinpath("letter_terms.json").open(encoding="utf-8") as f:
        return json.load(f)


# The twelve months, January first: full names and abbreviations, as printed
# (``letter_terms.json`` "months", whose extra spellings stay with dates.py).
MONTHS: tuple[str, ...] = tuple(names[0] for names in terms()["months"].values())
MONTHS_SHORT: tuple[str, ...] = tuple(names[1] for names in terms()["months"].values())


def alternation(words: list[str]) -> str:
    """A regex alternation that tries the longest word first (มี.ค. before ม.ค.)."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


# A line that opens a labelled part of a letter, or a body paragraph: a
# wrapped line never starts with one of these.
LABEL_LINE = regex.compile(
    r"^\s*(?:(?:" + alternation(terms()["labels"]) + r")(?=[\s:.]|$)"
    r"|ที่\s*[ก-ฮ]{2,4}\.?\s*[0-9๐-๙]"
    r"|วันที่\s"
    r"|จึงเรียนมา)"  # the purpose sentence always opens its own paragraph
)
# The first words of a body paragraph: they end a header block (attachments,
# references) that has no blank line after it.
BODY_OPENER = regex.compile(r"^\s*(?:" + alternation(terms()["body_openers"]) + r")")
# The start of a personal name: a title (นาย, นางสาว, ดร., ...), perhaps after
# an opening parenthesis or quote.
PERSON_TITLE = regex.compile(r"[(\"“']?(?:" + alternation(terms()["person_titles"]) + r")")
# A line that starts a list item or a signature: "๑.", "1)", "(๒)", "-", "•", "(นาย".
START_ITEM = regex.compile(r"^\s*(?:[0-9๐-๙]{1,2}[.)]|\([0-9๐-๙]{1,2}\)|[-•●▪]\s|\((?:" + alternation(terms()["person_titles"]) + r"))")
