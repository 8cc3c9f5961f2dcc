"""Letters of other scripts inside Thai text (layer 2 of the repair).

* Lao letters are the Thai ones' twins (same origin, same shape): mapped one
  for one (``data/lookalikes.json``), wherever they stand in a word with Thai
  letters or make a word of the lexicon.
* Latin and Cyrillic letters inside a Thai word stand for Thai letters of the
  same shape or sound (``ปrongดอง``, ``ฟุตбол``). Each may stand for a few
  (``o``: อ or โ); the lattice reads the word every way and keeps the reading
  only when it is a listed word and clearly the best (``MARGIN``). A Cyrillic
  letter with no Thai counterpart (``ь``) leaves the run unreadable.
* A CJK character inside a Thai word is a syllable OCR lost: it is filled with
  1-3 Thai letters when one filling is clearly the best, else left.

What is left is reported by ``unreadable`` (the stage's warnings), never guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from pipeline.normalise import lattice
from pipeline.normalise.guards import THAI_RUN, Run, thai_runs
from pipeline.normalise.lexicon import lexicon, lookalikes

MARGIN = math.log(30)
"""A reading of foreign letters must be 30 times likelier than the next best."""
CONTEXT = 10
"""Letters read on each side of a foreign letter (longer than a word)."""
LATIN_MAX = 5
"""Longer Latin inside a Thai word is an English word run on, left alone."""

CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}"
LAO_RUN = regex.compile(r"[\u0e80-\u0eff]+")
# A word of Thai with foreign letters in it: Thai on at least one side of each
# Cyrillic or CJK run, on both sides of a Latin run.
MIXED_RUN = regex.compile(
    rf"(?:[\u0e01-\u0e4e]|[\p{{Cyrillic}}{CJK}]|(?<=[\u0e01-\u0e4e])[a-zA-Z]{{1,{LATIN_MAX}}}(?=[\u0e01-\u0e4e]))+"
)
FOREIGN = regex.compile(rf"[a-zA-Z\p{{Cyrillic}}{CJK}]")
_CJK_CHAR = regex.compile(rf"[{CJK}]")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")


def lao_edits(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Thai) for each run of Lao letters standing in a Thai word."""
    table = lookalikes()["lao"]
    out = []
    for m in LAO_RUN.finditer(text):
        mapped = "".join(table.get(ch, ch) for ch in m.group())
        if mapped == m.group() or any(ch not in table for ch in m.group()):
            continue
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        in_thai_word = _is_thai(before) or _is_thai(after)
        if in_thai_word or lexicon().is_listed(mapped):
            out.append((m.start(), m.end(), mapped))
    return out


def _is_thai(ch: str) -> bool:
    return bool(ch) and "\u0e01" <= ch <= "\u0e4e"


def _options(run: str) -> tuple[tuple, frozenset[int]] | None:
    """The lattice's readings of each foreign letter of ``run``, or None when one has none."""
    table = lookalikes()
    maps, fills = [], set()
    j = 0
    while j < len(run):
        ch = run[j]
        if _CJK_CHAR.match(ch):
            if _CJK_CHAR.match(run[j + 1 : j + 2]) or (j and _CJK_CHAR.match(run[j - 1])):
                return None  # CJK words, not a syllable lost in a Thai one
            fills.add(j)
        elif _CYRILLIC.match(ch):
            readings = table["cyrillic"].get(ch) or table["cyrillic"].get(ch.lower())
            if not readings:
                return None
            maps.append((j, tuple((1, r) for r in readings)))
        elif ch.isascii() and ch.isalpha():
            options = [(1, r) for r in table["latin"].get(ch) or table["latin"].get(ch.lower(), [])]
            pair = run[j : j + 2].lower()
            options += [(2, r) for r in table["latin"].get(pair, []) if len(pair) == 2]
            if not options:
                return None
            maps.append((j, tuple(options)))
        j += 1
    return tuple(maps), frozenset(fills)


def read_run(run: str, favoured: frozenset[str] = frozenset()) -> list[lattice.Token]:
    """The tokens of ``run`` read from foreign letters, each clearly the best
    reading (``favoured``: words the document has intact, ``lattice.decode``)."""
    options = _options(run)
    if options is None:
        return []
    maps, fills = options
    settings = {"tones": False, "maps": maps, "fills": fills, "favoured": favoured}
    reading = lattice.decode(run, **settings)
    out = []
    for token in lattice.edited(reading):
        if not token.kinds & (lattice.MAP | lattice.FILL):
            continue
        if lattice.margin(run, reading, token, context=len(reading.tokens), **settings)[0] >= MARGIN:
            out.append(token)
    return out


def lookalike_edits(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, Thai, reason) for the words with Latin, Cyrillic or CJK letters read."""
    out = []
    favoured = None
    for run in thai_runs(text, MIXED_RUN):
        if not FOREIGN.search(run.text) or not regex.search(r"[\u0e01-\u0e4e]", run.text):
            continue
        if favoured is None:
            favoured = lattice.document_words(text, THAI_RUN.finditer(text))
        for a, b in _windows(run.text):
            for token in read_run(run.text[a:b], favoured):
                span = run.text[a + token.start : a + token.end]
                kind = "cjk" if _CJK_CHAR.search(span) else "cyrillic" if _CYRILLIC.search(span) else "latin"
                out.append((run.start + a + token.start, run.start + a + token.end, token.word, f"script-{kind}"))
    return out


def _windows(run: str) -> list[tuple[int, int]]:
    """Stretches of ``run`` around its foreign letters, ``CONTEXT`` letters on
    each side: all the lattice needs to read the words that hold them."""
    spans: list[list[int]] = []
    for m in FOREIGN.finditer(run):
        a, b = max(0, m.start() - CONTEXT), min(len(run), m.end() + CONTEXT)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


# What no layer could read: other scripts standing in Thai text, legacy glyph
# forms with no standard code point, replacement characters.
_UNREADABLE = regex.compile(
    rf"[\p{{Cyrillic}}{CJK}\u0e80-\u0eff\ue000-\uf8ff\ufffd]+"
    r"|(?<=[\u0e01-\u0e4e])[a-zA-Z]{1,5}(?=[\u0e01-\u0e4e])"
)


def _stands_for_thai(latin: str) -> bool:
    """Is this Latin run inside a Thai word one the look-alike table reads
    (``rong``)? An English word run on to Thai (``Zoom``) is not damage."""
    if not latin.isascii():
        return True
    table = lookalikes()["latin"]
    return all(ch in table for ch in latin)


_WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class Unreadable:
    """A run of ``text`` no layer could read."""

    start: int  # offset in the text
    run: str
    context: str  # the word it stands in (15 letters each side at most); "" when it is the word

    def warning(self, offset: int = 0) -> str:
        """The warning of a record whose text starts at ``offset`` of this one."""
        where = f" in '{self.context}'" if self.context else ""
        return f"repair: unreadable run '{self.run}'{where} at {self.start - offset}"


def unreadable(text: str) -> list[Unreadable]:
    """The runs of ``text`` no layer could read, with their offsets."""
    out = []
    for m in _UNREADABLE.finditer(text):
        if not _stands_for_thai(m.group()):
            continue
        start = max(text.rfind(c, 0, m.start()) for c in " \t\n") + 1
        word = _WORD.match(text, start).group()
        word = word[max(0, m.start() - start - 15) : m.end() - start + 15]
        out.append(Unreadable(m.start(), m.group(), word if word != m.group() else ""))
    return out


__all__ = ["Run", "Unreadable", "lao_edits", "lookalike_edits", "read_run", "unreadable"]
