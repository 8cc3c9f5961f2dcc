"""Marks Tesseract dropped from personal names, restored from name lists.

The repair layers never touch a name (``guards.py``): names are not words of
the lexicon, and a language model would happily "correct" ``สีบุญเรือง`` to
``สีบุญเรื่อง``. But Tesseract drops the marks over upper vowels in names too
(``นายสมศักดิ`` for ``นายสมศักดิ์``). PyThaiNLP ships lists of Thai given
names and family names; a name that is not in its list, and becomes a listed
name in exactly one way by restoring one dropped mark, is restored. Any other
name is left exactly as it is.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from importlib import resources

import regex

from pipeline.normalise.tracked import Edit
from pipeline.textutil import alternation, terms

UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37"
DROPPABLE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # tone marks and thanthakhat
_TITLE = regex.compile(r"(?P<open>\(?)(?P<title>" + alternation(terms()["person_titles"]) + r")(?P<given>[ก-๎]+)")
_SURNAME = regex.compile(r"\s+(?P<family>[ก-๎]+)")
# นาย + อำเภอ is a position, not a man called อำเภอ (nor นาย + กเทศมนตรี)
_POSITION_TAILS = ("อำเภอ", "กเทศมนตรี", "กองค์การ", "กรัฐมนตรี", "กสมาคม")


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    corpus = resources.files("pythainlp.corpus")

    def read(name: str) -> frozenset[str]:
        with corpus.joinpath(name).open(encoding="utf-8") as f:
            return frozenset(line.strip() for line in f if line.strip())

    given = read("person_names_male_th.txt") | read("person_names_female_th.txt")
    return given, read("family_names_th.txt")


def _with_one_mark_restored(name: str) -> Iterator[str]:
    for i, ch in enumerate(name):
        if ch in UPPER_VOWELS and (i + 1 == len(name) or name[i + 1] not in DROPPABLE_MARKS):
            for mark in DROPPABLE_MARKS:
                yield name[: i + 1] + mark + name[i + 1 :]


def restored_name(name: str, listed: frozenset[str]) -> str | None:
    if name in listed:
        return None
    candidates = {c for c in _with_one_mark_restored(name) if c in listed}
    return candidates.pop() if len(candidates) == 1 else None


def restore_name_marks(text: str) -> list[Edit]:
    given, family = _names()
    edits = []
    for m in _TITLE.finditer(text):
        if m["title"] == "นาย" and m["given"].startswith(_POSITION_TAILS):
            continue
        fixed = restored_name(m["given"], given)
        if fixed:
            edits.append(Edit(m.start("given"), m.end("given"), fixed, "name-marks"))
        surname = _SURNAME.match(text, m.end())
        if surname:
            fixed = restored_name(surname["family"], family)
            if fixed:
                edits.append(Edit(surname.start("family"), surname.end("family"), fixed, "name-marks"))
    return edits
