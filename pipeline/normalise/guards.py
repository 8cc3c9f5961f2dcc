"""What the repair layers never alter, and the runs of Thai they may.

Never altered (precision first): personal names (a word starting with a
person title such as นาย, นาง, นางสาว, and the surname after it; the two
words after a title written alone), abbreviations (a run of Thai next to a
full stop: ``สป.มท.``, ``ก.พ.ร.``, ``โทร.``; a word of two to four
consonants only: the letter codes ``มท``, ``พย``), e-mail addresses and URLs.
English words are Latin, which the layers read only inside a Thai word.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from pipeline.normalise.lexicon import lexicon
from pipeline.textutil import PERSON_TITLE, alternation

TOKEN = regex.compile(r"\S+")
THAI_RUN = regex.compile(r"[\u0e01-\u0e4e]+")
# positions that start like a title: นาย + อำเภอ is not a man called อำเภอ
_POSITION = regex.compile(r"[(\"“']?(?:นายอำเภอ|นายกเทศมนตรี|นายกองค์การ|นายกรัฐมนตรี|นายกสมาคม)")
_ADDRESS = regex.compile(r"@|://|^www\.|\.(?:go|ac|or|co|in)\.th\b", regex.IGNORECASE)
_FOREIGN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\p{Cyrillic}\u0e80-\u0eff\ue000-\uf8ff\ufffd]|[a-zA-Z]")
_CONSONANT_CODE = regex.compile(r"[\u0e01-\u0e2e]{2,4}")


@dataclass(frozen=True)
class Run:
    start: int  # offset in the text
    text: str
    token: str  # the whitespace-delimited word it is part of


def _title_only(word: str) -> bool:
    m = PERSON_TITLE.match(word)
    return bool(m) and m.end() == len(word.rstrip(")"))


def open_tokens(text: str) -> Iterator[regex.Match]:
    """Whitespace-delimited words that are neither names nor addresses."""
    protect_next = 0
    for token in TOKEN.finditer(text):
        word = token.group()
        if protect_next:
            protect_next -= 1
            continue
        if PERSON_TITLE.match(word) and not _POSITION.match(word):
            protect_next = 2 if _title_only(word) else 1
            continue
        if _ADDRESS.search(word):
            continue
        yield token


@cache
def _abbreviation() -> regex.Pattern:
    return regex.compile(alternation(list(lexicon().abbreviations)))


def _abbreviation_spans(word: str) -> list[tuple[int, int]]:
    if "." not in word:
        return []
    return [m.span() for m in _abbreviation().finditer(word)]


def thai_runs(text: str, pattern: regex.Pattern = THAI_RUN) -> Iterator[Run]:
    """The runs (of ``pattern``, Thai letters by default) the repair layers may
    read: in open tokens, and not abbreviations. A run of Thai letters that
    touches a letter of another script is part of a word that layer 2 could
    not read: the word layers leave it too."""
    for token in open_tokens(text):
        word = token.group()
        spans = _abbreviation_spans(word)
        for m in pattern.finditer(word):
            s, e = m.span()
            if any(a < e and s < b for a, b in spans):
                continue
            if pattern is THAI_RUN and (_FOREIGN.match(word[s - 1 : s]) or _FOREIGN.match(word[e : e + 1])):
                continue
            if (s > 0 and word[s - 1] == ".") or (e < len(word) and word[e] == "."):
                continue
            if _CONSONANT_CODE.fullmatch(m.group()) and (e == len(word) or not word[e].isalpha()) and (s == 0 or not word[s - 1].isalpha()):
                continue  # a letter code: มท, พย
            yield Run(token.start() + s, m.group(), word)
