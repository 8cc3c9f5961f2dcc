"""The normalise steps: small pure functions ``text -> list[Edit]``.

Each step looks at its input and says what to change; it never changes the
text itself (``TrackedText`` does, recording a repair per edit). The order in
which they run is ``pipeline.normalise.STEPS``.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cache

import regex

from pipeline.normalise import guards, lattice, marks, script, words
from pipeline.normalise.lexicon import lookalikes
from pipeline.normalise.tracked import Edit
from pipeline.textutil import LABEL_LINE, START_ITEM, visible_width, wrap_joint

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
# Vowels written above or below a consonant; a tone mark follows them.
UPPER_LOWER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47"
NIKHAHIT = "\u0e4d"
SARA_AA = "\u0e32"
SARA_AM = "\u0e33"


def _edits_from_diff(old: str, new: str, reason: str) -> list[Edit]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        Edit(i1, i2, new[j1:j2], reason)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def unicode_nfc(text: str) -> list[Edit]:
    """Canonical composition (NFC); most OCR output is already NFC. (NFC also
    puts a tone mark typed before ``ุ``/``ู`` after it: canonical order.)"""
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in regex.finditer(r"\S+", text):
        composed = unicodedata.normalize("NFC", m.group())
        if composed != m.group():
            edits += [
                Edit(e.start + m.start(), e.end + m.start(), e.replacement, e.reason)
                for e in _edits_from_diff(m.group(), composed, "unicode-nfc")
            ]
    return edits


def remove_zero_width(text: str) -> list[Edit]:
    """Zero-width spaces, joiners, BOMs and soft hyphens: invisible, and they break matching."""
    return [Edit(m.start(), m.end(), "", "zero-width") for m in regex.finditer(f"[{ZERO_WIDTH}]+", text)]


def map_legacy_pua(text: str) -> list[Edit]:
    """Thai glyph forms of legacy fonts (Private Use Area: U+F700-F71A
    Microsoft/WTT, U+F884-F89E Apple), as text extracted from old PDFs has
    them, back to the standard code points (``data/lookalikes.json``)."""
    table = lookalikes()["pua"]
    return [
        Edit(m.start(), m.end(), "".join(table[c] for c in m.group()), "unicode-pua")
        for m in _pua_run().finditer(text)
    ]


@cache
def _pua_run() -> regex.Pattern:
    return regex.compile("[" + "".join(lookalikes()["pua"]) + "]+")


def map_lao_letters(text: str) -> list[Edit]:
    """Lao letters OCR wrote for their Thai twins (``ແຄลง``), one for one (``script``)."""
    return [Edit(s, e, thai, "script-lao") for s, e, thai in script.lao_edits(text)]


def read_lookalikes(text: str) -> list[Edit]:
    """Latin and Cyrillic letters inside a Thai word read as the Thai letters
    they stand for (``ปrongดอง``, ``ฟุตбол``), a CJK character as the syllable
    it took the place of (``อำเภอ率ร่อง``), when the lexicon makes one reading
    clearly best (``script``); the rest is left and reported."""
    return [Edit(s, e, thai, reason) for s, e, thai, reason in script.lookalike_edits(text)]


_SARA_AM_SPLIT = regex.compile(f"{NIKHAHIT}([{TONE_MARKS}]?){SARA_AA}|([{TONE_MARKS}]){NIKHAHIT}{SARA_AA}")
_AM_BEFORE_TONE = regex.compile(f"{SARA_AM}([{TONE_MARKS}])")


def recompose_sara_am(text: str) -> list[Edit]:
    """``ํา`` (nikhahit + sara aa, as Tesseract writes it) becomes ``ำ``; a tone
    mark on the way moves before it (``น้ำ`` is น + ้ + ำ)."""
    edits = [
        Edit(m.start(), m.end(), (m.group(1) or m.group(2) or "") + SARA_AM, "sara-am")
        for m in _SARA_AM_SPLIT.finditer(text)
    ]
    taken = {i for e in edits for i in range(e.start, e.end)}
    edits += [
        Edit(m.start(), m.end(), m.group(1) + SARA_AM, "sara-am")
        for m in _AM_BEFORE_TONE.finditer(text)
        if m.start() not in taken
    ]
    return edits


_TONE_BEFORE_VOWEL = regex.compile(f"([{TONE_MARKS}\u0e4c])([{UPPER_LOWER_VOWELS}])")
_DUPLICATE_MARK = regex.compile(f"([{UPPER_LOWER_VOWELS}{TONE_MARKS}\u0e4c\u0e4d])\\1+")


def reorder_marks(text: str) -> list[Edit]:
    """Tone marks typed before the upper/lower vowel they sit on are put after
    it; a mark repeated on one consonant is kept once."""
    edits = [Edit(m.start(), m.end(), m.group(2) + m.group(1), "mark-order") for m in _TONE_BEFORE_VOWEL.finditer(text)]
    taken = {i for e in edits for i in range(e.start, e.end)}
    edits += [
        Edit(m.start(), m.end(), m.group(1), "duplicate-mark")
        for m in _DUPLICATE_MARK.finditer(text)
        if not taken.intersection(range(m.start(), m.end()))
    ]
    return edits


def restore_dropped_marks(text: str) -> list[Edit]:
    """Tone marks Tesseract drops over upper vowels and the ``ำ`` it writes as
    ``า`` after a tone mark, restored where the sentence makes the restored
    reading clearly likelier (``marks.restored_tokens``); near a fragment the
    lexicon cannot read they are left to ``repair_words``, which reads them
    with the letters (``ห้องถิน``). Names, abbreviations and addresses are left
    alone (``guards``)."""
    return [
        Edit(run.start + token.start, run.start + token.end, token.word, "tesseract-marks")
        for run in guards.thai_runs(text)
        for token in marks.restored_tokens(run.text)
    ]


def repair_words(text: str) -> list[Edit]:
    """Words the lexicon cannot cover, repaired against it (``words``): a word
    with a confused letter or a dropped vowel or mark (``ห้องถิน``, ``ดีลิศ``),
    else a garbled span a domain phrase explains (``พภบดตราชการแทน``), when
    clearly best; words the page has intact elsewhere count for more."""
    edits = []
    favoured = None
    for run in guards.thai_runs(text):
        if not any(lattice.suspects(run.text)):
            continue
        if favoured is None:
            favoured = lattice.document_words(text, guards.THAI_RUN.finditer(text))
        edits += [Edit(run.start + s, run.start + e, w, reason) for s, e, w, reason in words.repairs(run.text, favoured)]
    return edits


# Footnote and emphasis markup left by OCR-to-markdown tools, and HTML tags
# from table extraction. A table cell's <p> becomes a line break, the rest go.
_MARKUP = regex.compile(
    r"\^\([^()\n]{0,4}\)"  # ^(*) ^(1)
    r"|\*\*+"  # **bold**
    r"|</?(?:p|ul|ol|li|br|span|div|b|i|u|strong|em|td|tr|th|table|tbody|thead)\b[^<>\n]{0,200}>",
    regex.IGNORECASE,
)


def strip_markup(text: str) -> list[Edit]:
    edits = []
    for m in _MARKUP.finditer(text):
        tag = m.group().lower()
        replacement = "\n" if tag.startswith("<p") and not tag.startswith("</") and m.start() > 0 else ""
        edits.append(Edit(m.start(), m.end(), replacement, "markup"))
    return edits


# "/อันเนื่องมาจาก..." or "/๒. วัตถุประสงค์..." at the foot of a page repeats
# the first words of the next page; page numbers such as "- ๒ -" or "หน้า 2/5".
_CONTINUATION_LINE = regex.compile(r"^[ \t]*/[^\n/]{1,60}?(?:\.{2,}|…)[ \t]*\n?", regex.MULTILINE)
_PAGE_NUMBER_LINE = regex.compile(
    r"^[ \t]*(?:-[ \t]*[0-9๐-๙]{1,3}[ \t]*-|หน้า[ \t]*[0-9๐-๙]{1,3}(?:[ \t]*/[ \t]*[0-9๐-๙]{1,3})?)[ \t]*\n?",
    regex.MULTILINE,
)


def drop_page_furniture(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "", "continuation-line") for m in _CONTINUATION_LINE.finditer(text)]
    edits += [Edit(m.start(), m.end(), "", "page-number") for m in _PAGE_NUMBER_LINE.finditer(text)]
    return sorted(edits, key=lambda e: e.start)


FULL_LINE_WIDTH = 55
"""A line of A4 at 16 pt holds 70-95 visible characters; one of at least this
many visible characters was filled to the margin, so the next line of the same
paragraph continues it."""

def rejoin_wrapped_lines(text: str, full_width: int = FULL_LINE_WIDTH) -> list[Edit]:
    """Joins a paragraph's wrapped lines, with what ``wrap_joint`` says stood at the break."""
    edits = []
    pos = 0
    lines = text.split("\n")
    for line, nxt in zip(lines, lines[1:]):
        end = pos + len(line)
        pos = end + 1
        if visible_width(line) < full_width or not nxt.strip():
            continue
        if LABEL_LINE.match(nxt) or START_ITEM.match(nxt):
            continue
        left = line.rstrip()
        right = nxt.lstrip()
        joint = wrap_joint(left, right)
        start = end - (len(line) - len(left))
        edits.append(Edit(start, pos + (len(nxt) - len(right)), joint, "rejoin-wrapped-line"))
    return edits
