"""The page's text and words around the digit stage's runs.

Step 5 of the digit stage (``digits.py``): which words Tesseract wrote as
letters where digits stand (lookalikes), and as digits where letters stand
(``digits_over_letters``), and the writing of the chosen readings into the
text and the words, with their ``DigitSpan`` records (where each word stands
in the text: ``page_text.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from pipeline.models import DigitSpan, OcrPage, OcrWord
from pipeline.ocr.digit_fields import MONTH_PATTERN, field_kind, without_marks
from pipeline.ocr.digit_pieces import DIGIT_CLASSES
from pipeline.ocr.digit_runs import TESSERACT_SLASHES, Run, choose_reading, digit_span
from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Line
from pipeline.ocr.page_text import line_after, line_before

# Characters Tesseract writes for Thai digits besides digits (seen: « for ๙ on
# the memo fixture, "«<" for one ๔ of TH Garuda): a line holding any of these
# (or a digit) is re-read.
SUBSTITUTES = "«»<"
TRIGGER = set(THAI_DIGITS + ARABIC_DIGITS + SUBSTITUTES)
DIGITISH = set(THAI_DIGITS + ARABIC_DIGITS + SUBSTITUTES + PUNCT)

LOOKALIKE_LETTERS = 4  # letters in such a word (๙๗๘ read ตเซต; marks not counted)
UNITS = ("ชุด", "ฉบับ", "คน", "แผ่น", "เล่ม", "บาท", "รายการ", "เรื่อง", "หน้า")
PREFIX_LETTER_MIN_PROBABILITY = 0.9

# A letter number's prefix ("ที่ สธ ๐๒๐๗/...") where Tesseract wrote a digit
# for a letter: ธ read as 5 (สธ ศธ ยธ). Put right when the image shows no digit there.
PREFIX_DIGITS = {"5": "ธ"}
_PREFIX_WORD = re.compile(rf"[ก-ฮ]{{0,2}}[{''.join(PREFIX_DIGITS)}]")
_BEFORE_PREFIX_WORD = re.compile(r"(^|\s)ที?่?\s*[ก-ฮ]{0,2}\s?$")  # Tesseract may lose the marks of ที่
_BEFORE_UNIT_CODE = re.compile(r"^\s*[๐-๙0-9]")


def prefix_letters(page: OcrPage, indices: list[int], offsets: list[int | None], line: Line,
                    probs: np.ndarray, x0: int) -> dict[int, str]:
    """Words of a letter number's prefix in which Tesseract wrote a digit
    where the line's glyphs are surely letters, with the letter put back."""
    found = {}
    other = CLASSES.index(OTHER)
    for index in indices:
        word, offset = page.words[index], offsets[index]
        if offset is None or not _PREFIX_WORD.fullmatch(word.text):
            continue
        if not (_BEFORE_PREFIX_WORD.search(line_before(page.text, offset))
                and _BEFORE_UNIT_CODE.match(page.text[offset + len(word.text):])):
            continue
        # the glyphs under the digit: the word's last character's share of its box
        left = word.left + word.width * (len(word.text) - 1) / len(word.text) - x0
        right = word.left + word.width - x0
        under = [i for i, g in enumerate(line.glyphs) if min(g.x1, right) - max(g.x0, left) >= 0.25 * g.width]
        if under and all(probs[i, other] >= PREFIX_LETTER_MIN_PROBABILITY for i in under):
            found[index] = word.text[:-1] + PREFIX_DIGITS[word.text[-1]]
    return found


# Thai letters, vowels and marks (no digits), with symbols among them ("ฒ@" for ๗๑),
# and the marks and vowels above and below
_LOOKALIKE = re.compile(r"(?=.*[\u0e01-\u0e2e])(?:[\u0e01-\u0e4e]|[^\s\u0e50-\u0e59A-Za-z0-9])+")
ABOVE_BELOW = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Punctuation Tesseract wrote for an Arabic day (".?" for 7 on a fax)
_LOOKALIKE_SYMBOLS = re.compile(r"[^\s\u0e01-\u0e59A-Za-z0-9]{1,2}")
# ... or marks alone, or ๆ, for a Thai day (TH Sarabun New's ๗ before "ม.ค." written
# "ี่", TH Sarabun PSK's "ี่ ๆ" before "พฤษภาคม" on office scans)
_LOOKALIKE_MARKS = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e46-\u0e4e]{1,3}")
# ที่ as Tesseract may write it: its vowel and tone mark perhaps lost or misread (ทิ ที ที่)
THI = r"ท[\u0e34-\u0e37]?[\u0e48-\u0e4b]?"
_AFTER_WO = re.compile(r"[/๐-๙0-9]\s*ว\s+$")  # a running number's place: after "/ว "
# ... or after the unit code of a letter number whose "/ว" Tesseract wrote as letters
# ("ทิ นร ๐๓สญา " for "ที่ นร ๐๔๙๓/ว "; ท and its marks as Tesseract may write them)
_AFTER_UNIT_CODE = re.compile(rf"(^|\s){THI}\s*[ก-ฮ]{{1,3}}\.?\s*[๐-๙0-9]\S*\s+$")
_FOLLOWED_BY_UNIT = re.compile(rf"^\s*({MONTH_PATTERN}|{'|'.join(without_marks(u) for u in UNITS)})")


# Arabic digits Tesseract wrote for a Thai letter, glued to the letters beside it
# ("มกราค3ม" and "3เกราคม" for มกราคม, "ว3" for the ว of "/ว", "ตี่9" for ต่อ; TH
# Sarabun New and TH Niramit AS on faxes): a word of one or two Arabic digits with a
# Thai letter or mark right before or after it in the text, every glyph under whose
# box reads as other at least LETTER_DIGIT_MIN surely, is dropped from the text; but
# not in a letter number's prefix, before its unit code (``_PREFIX_PLACE``: "ที่ า0
# ๐๓๙๗.๘/๓๐" for "ที่ พณ ๐๓๙๗.๘/๓๐", TH Garuda on an office scan): the code stage
# (codes.py) reads the two letters there again, where Tesseract wrote two characters.
_ARABIC_WORD = re.compile(r"[0-9]{1,2}")
_PREFIX_PLACE = re.compile(rf"(^|\s){THI}\s*\S{{0,2}}$")
_BEFORE_DIGITS = re.compile(r"\S*\s+[๐-๙0-9]")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e4e]")
LETTER_DIGIT_MIN = 0.9


def digits_over_letters(page: OcrPage, indices: list[int], offsets: list[int | None], line: Line,
                        probs: np.ndarray, x0: int) -> set[int]:
    """The words of the line (INDICES) that are Arabic digits Tesseract wrote
    for letters (see LETTER_DIGIT_MIN); LINE, PROBS: its glyphs and their
    probabilities, X0 the crop's left edge."""
    other = CLASSES.index(OTHER)
    found = set()
    for index in indices:
        word, offset = page.words[index], offsets[index]
        if offset is None or not _ARABIC_WORD.fullmatch(word.text):
            continue
        end = offset + len(word.text)
        if not (_THAI_LETTER.fullmatch(page.text[offset - 1:offset] if offset else "")
                or _THAI_LETTER.fullmatch(page.text[end:end + 1])):
            continue
        if _PREFIX_PLACE.search(line_before(page.text, offset)) and _BEFORE_DIGITS.match(page.text[end:]):
            continue
        left, right = word.left - x0, word.left + word.width - x0
        under = [i for i, g in enumerate(line.glyphs) if left <= (g.x0 + g.x1) / 2 <= right]
        if under and all(int(probs[i].argmax()) == other and probs[i, other] >= LETTER_DIGIT_MIN for i in under):
            found.add(index)
    return found


def line_tokens(page: OcrPage, indices: list[int], offsets: list[int | None]) -> list[list[int]]:
    """The line's words grouped as the page text joins them: words with no
    space between them in the text are one token."""
    tokens: list[list[int]] = []
    end = None
    for index in indices:
        offset = offsets[index]
        if offset is None:
            end = None
            continue
        if tokens and end == offset:
            tokens[-1].append(index)
        else:
            tokens.append([index])
        end = offset + len(page.words[index].text)
    return tokens


def lookalike_words(page: OcrPage, indices: list[int], offsets: list[int | None]) -> set[int]:
    """Words that stand where a day, a count or a running number stands
    (alone, before a month name or a unit, after "/ว " or after a letter
    number's unit code) and are Thai letters, at most LOOKALIKE_LETTERS of
    them (marks not counted), a symbol or two, or marks alone: Tesseract's
    reading of digits it cannot write (๗ as ซ ฆ ฒ ี่, ๓ as ถ่า, ๙๗๘ as ตเซต,
    7 as .?)."""
    found = set()
    text = page.text
    for token in line_tokens(page, indices, offsets):
        for start in range(len(token)):
            offset = offsets[token[start]]
            before = text[:offset]
            # a token's start, or after a ที่ Tesseract joined to what follows ("วันที่'" for วันที่ ๗)
            if before and not (start == 0 and before[-1].isspace()) and not before.endswith("ที่"):
                continue
            # the first words may be the digits, the rest a month name or a unit
            # Tesseract joined to them ("ซเมษายน")
            for end_word in range(start, len(token)):
                end = offsets[token[end_word]] + len(page.words[token[end_word]].text)
                word = text[offset:end]
                letters = _LOOKALIKE.fullmatch(word) and len(ABOVE_BELOW.sub("", word)) <= LOOKALIKE_LETTERS
                if not (letters or _LOOKALIKE_SYMBOLS.fullmatch(word) or _LOOKALIKE_MARKS.fullmatch(word)):
                    break
                if (_FOLLOWED_BY_UNIT.match(without_marks(text[end:end + 40])) or _AFTER_WO.search(before[-12:])
                        or _AFTER_UNIT_CODE.search(line_before(text, offset))):
                    found.update(token[start:end_word + 1])
    return found


TRAILING_PUNCTUATION = re.compile(r"[.,:;)\]]*$")
PUNCTUATION_WORD = re.compile(r"[.,:;)\]/\-]+")


def leading_letters(text: str) -> str:
    for index, char in enumerate(text):
        if char in DIGITISH:
            return text[:index]
    return text


@dataclass
class RunEdit:
    """A run written over the words Tesseract wrote for it: words FIRST to
    LAST (COVERED: the line's words among them, all replaced), keeping PREFIX
    (letters of word FIRST before the run) and SUFFIX (of word LAST after
    it); TRIMS: other words' new text (their digits on the run's side
    dropped, a stray digit made the punctuation under it, or nothing).
    SPACED: the run is set apart from what stands before it though Tesseract
    glued its word to the one before (a word it garbled over a date, "๕11"
    for "๕ ลงวันที่ ๒๘ สิงหาคม ๒๕๔๙")."""

    first: int
    last: int
    run: Run
    covered: list[int]
    trims: dict[int, str] = field(default_factory=dict)
    prefix: str = ""
    suffix: str = ""
    spaced: bool = False  # a space before the reading where the text before it has none


@dataclass
class RunInsert:
    """A run over no word of Tesseract's, written after word ANCHOR (and a
    space). AFTER_PREVIOUS: only when the edit just before it was written (the
    unit code's run, whose running number this is; the run before it over the
    same garbled word); otherwise always (a letter number after a bare head, a
    day after "วันที่")."""

    anchor: int
    run: Run
    after_previous: bool = False


def apply_edits(page: OcrPage, edits: list[RunEdit | RunInsert], offsets: list[int | None],
                dropped: set[int] = frozenset()) -> OcrPage:
    """Write the runs into the text and the words, and drop the words in
    DROPPED (``digits_over_letters``) that no run's edit touches. Each edit is
    one unit of text replacements and word changes; a unit that touches text
    or words an earlier unit changed is dropped whole, so text and words stay
    in step."""
    text = page.text
    used_words: set[int] = set()
    used_ranges: list[tuple[int, int]] = []
    replacements: list[tuple[int, int, str, Run | None, str]] = []  # (start, end, new, run, ocr_text)
    changes: dict[int, list[OcrWord]] = {}  # word index -> the words that replace it
    inserts: dict[int, list[OcrWord]] = {}  # word index -> the words written after it
    applied = False  # whether the last unit was written
    trimmed_to: dict[int, str] = {}  # word index -> the text an earlier unit trimmed it to
    for edit in edits:
        was_applied, applied = applied, False
        run = edit.run
        if isinstance(edit, RunInsert):
            offset = offsets[edit.anchor]
            if offset is None or (edit.after_previous and not was_applied):
                continue
            anchor = page.words[edit.anchor]
            end = offset + len(anchor.text)
            if any(a < end < b for a, b in used_ranges):
                continue
            kind = field_kind(line_before(text, end), line_after(text, end))
            chosen = choose_reading(run, kind, line_after(text, end), line_before(text, end), "")
            replacements.append((end, end, " " + chosen[0], run, ""))
            inserts.setdefault(edit.anchor, []).append(OcrWord(
                text=chosen[0], conf=round(100 * chosen[2], 2), left=run.x0, top=run.y0, width=run.x1 - run.x0,
                height=run.y1 - run.y0, block=anchor.block, par=anchor.par, line=anchor.line))
            run.chosen = chosen  # type: ignore[attr-defined]
            run.kind = kind  # type: ignore[attr-defined]
            applied = True
            continue
        first, last, covered, trims, prefix, suffix = (
            edit.first, edit.last, edit.covered, edit.trims, edit.prefix, edit.suffix)
        start, end_word = offsets[first], offsets[last]
        if start is None or end_word is None:
            continue
        start += len(prefix)
        end = end_word + len(page.words[last].text) - len(suffix)
        ocr_text = text[start:end]
        kind = field_kind(line_before(text, start), line_after(text, end))
        chosen = choose_reading(run, kind, line_after(text, end), line_before(text, start), ocr_text)
        head, tail = page.words[first], page.words[last]
        margin = 0.6 * (run.y1 - run.y0)
        cut_short = head.left < run.x0 - margin or tail.left + tail.width > run.x1 + margin
        if cut_short and loses_arabic_digits(ocr_text, chosen[0]):
            continue
        space = " " if edit.spaced and start > 0 and not text[start - 1].isspace() else ""
        unit_text = [(start, end, space + chosen[0], run, ocr_text)]
        head, tail = page.words[first], page.words[last]
        run_word = OcrWord(
            text=chosen[0], conf=round(100 * chosen[2], 2), left=run.x0, top=run.y0,
            width=run.x1 - run.x0, height=run.y1 - run.y0, block=head.block, par=head.par, line=head.line)
        replaced = [run_word]
        if prefix:  # the letters before the run keep the left part of their box
            replaced.insert(0, head.model_copy(update={"text": prefix, "width": max(1, run.x0 - head.left)}))
        if suffix:
            right = tail.left + tail.width
            replaced.append(tail.model_copy(update={"text": suffix, "left": run.x1, "width": max(1, right - run.x1)}))
        unit_words: dict[int, list[OcrWord]] = {index: [] for index in covered}
        unit_words[first] = replaced
        unit_trims: dict[int, str] = {}
        for index, trimmed in trims.items():
            offset = offsets[index]
            word = page.words[index]
            # (two runs may trim one word from both sides alike: Tesseract's "0865" over
            # "๗.๔/ว ๑๐๒๒", the digits of both runs' sides dropped; the first unit did it)
            if offset is None or trimmed == word.text or trimmed_to.get(index) == trimmed:
                continue
            unit_trims[index] = trimmed
            # a trim is a replacement of the dropped characters by nothing, or of a
            # stray digit by the punctuation mark under it (digit_words.stray_digits)
            if len(word.text) == 1 and len(trimmed) == 1 and trimmed in PUNCT:
                unit_text.append((offset, offset + 1, trimmed, None, ""))
            elif word.text.startswith(trimmed):
                unit_text.append((offset + len(trimmed), offset + len(word.text), "", None, ""))
            else:
                unit_text.append((offset, offset + len(word.text) - len(trimmed), "", None, ""))
            unit_words[index] = [word.model_copy(update={"text": trimmed})] if trimmed else []
        if used_words & set(unit_words) or any(
                a < d and c < b for a, b, *_ in unit_text for c, d in used_ranges):
            continue
        used_words.update(unit_words)
        trimmed_to.update(unit_trims)
        used_ranges += [(a, b) for a, b, *_ in unit_text]
        replacements += unit_text
        changes.update(unit_words)
        run.chosen = chosen  # type: ignore[attr-defined]
        run.kind = kind  # type: ignore[attr-defined]
        applied = True
    for index in sorted(dropped):
        offset = offsets[index]
        if offset is None or index in used_words:
            continue
        end = offset + len(page.words[index].text)
        if any(a < end and offset < b for a, b in used_ranges):
            continue
        replacements.append((offset, end, "", None, ""))
        changes[index] = []
    replacements.sort(key=lambda r: r[0])
    pieces: list[str] = []
    spans: list[DigitSpan] = []
    cursor, shift = 0, 0
    for start, end, new, run, ocr_text in replacements:
        pieces.append(text[cursor:start])
        pieces.append(new)
        if run is not None:
            # (a run written after a word, or spaced, has a space before it: see above)
            spans.append(digit_span(run, start + shift + new.startswith(" "), ocr_text))
        shift += len(new) - (end - start)
        cursor = end
    pieces.append(text[cursor:])
    words: list[OcrWord] = []
    for index, word in enumerate(page.words):
        words.extend(changes.get(index, [word]))
        words.extend(inserts.get(index, []))
    return page.model_copy(update={"text": "".join(pieces), "words": words,
                                   "digit_spans": page.digit_spans + spans})


def loses_arabic_digits(ocr_text: str, reading: str) -> bool:
    """Tesseract wrote Arabic digits only (and punctuation; its "|" for a "/"
    counts as one) and the reading holds fewer digits: where Tesseract's words
    also reach well past the run, the run was cut short ("0843.9/6" read
    "0843.9", "..0-8190-9340" read "0-9340", "0797.6.5|3" read "0797.6.5")
    and Tesseract, which reads Arabic numerals right, is kept."""
    text = "".join("/" if c in TESSERACT_SLASHES else c for c in ocr_text)
    if not text.strip() or any(c not in ARABIC_DIGITS + PUNCT + " " for c in text):
        return False
    return sum(c in DIGIT_CLASSES for c in reading) < sum(c in ARABIC_DIGITS for c in text)
