"""Which of Tesseract's words each of the digit stage's runs replaces.

Step 5 of the digit stage (``digits.py``), before the text is written
(``digit_text.apply_edits``): the words a run covers and those that only
reach into it (``words_under``); the word of a run no word covers, whose box
Tesseract put off its glyph (``words_beside``); the letters of those words
outside the run, which stay (``letters_outside``, ``names_letter_past``);
stray digits just outside a run that are punctuation or nothing
(``stray_digits``); and a run cut where Tesseract wrote it as several words
of Arabic digits (``split_at_arabic_words``).
"""

from __future__ import annotations

import re

import numpy as np

from pipeline.models import OcrPage
from pipeline.ocr.digit_pieces import DIGIT_CLASSES
from pipeline.ocr.digit_runs import Run
from pipeline.ocr.digit_text import DIGITISH, PUNCTUATION_WORD, TRAILING_PUNCTUATION, leading_letters
from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line

# A run lies within a garbled word's box (see digits.GARBLED_WIDTH) when this share of
# its width does: the word is the run's, though its middle stands over another run
# (TH Garuda on an office scan: "11" 740 px wide over "ลงวันที่ ๒๘ สิงหาคม ๒๕๔๙").
GARBLED_WITHIN = 0.8
# A word of marks alone: ที่'s "่" Tesseract wrote apart, its box over the glyph
# after it, may be all a run covers; or part of Tesseract's garbling of a digit
# (TH Garuda's ๙ on a fax written as the words "ค" and "่")
MARKS_ONLY = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+")
# A word of one digit at most STRAY_GAP x-heights outside a run, over one glyph
# that reads as punctuation at least this surely, is that punctuation.
STRAY_GAP = 0.5
# A run no word of Tesseract's overlaps takes a word of one or two digits
# whose box is a sliver (narrower than SLIVER_BOX x-heights: Tesseract could not
# place the glyph) at most SLIVER_GAP x-heights beside it.
SLIVER_BOX = 0.3
SLIVER_GAP = 1.0
# A run of this many glyphs at most that no word covers takes the one word beside it
# whose digits (as many at most) reach into it, the word's letters kept (words_beside)
GLUED_DIGITS = 2
# (a box over no ink at all right beside a run, as stray_digits finds it, at most this wide)
BLANK_BOX = 0.45
STRAY_MIN_PROBABILITY = 0.75  # the fax's "." of "โทร." read 0.83
# A word of one digit at most PHANTOM_GAP x-heights outside a run, whose box
# holds no glyph's middle and overlaps only glyphs read as letters at least this
# surely, is a letter's stroke Tesseract wrote as a digit, and is dropped.
PHANTOM_GAP = 1.0
# A word of letters a run covers stays where a letter glyph stands at most this
# many x-heights past the run's side (see names_letter_past).
LETTER_PAST_GAP = 0.3
PHANTOM_LETTER_PROBABILITY = 0.99


def words_under(page: OcrPage, indices: list[int], taken: set[int], run: Run,
                garbled: set[int] = frozenset()) -> tuple[list[int], dict[int, str], list[int]]:
    """The words of the line (not TAKEN by an earlier run) that RUN covers
    (their middle over it, or 60% of their box; a GARBLED word, Tesseract's
    box over glyphs it could not read, when the run lies within it), the new
    text of those that only reach into it (their digits on the run's side
    dropped), and the garbled words covered only because the run lies within them."""
    covered, trims, within = [], {}, []
    for index in indices:
        if index in taken:
            continue
        word = page.words[index]
        overlap = min(run.x1, word.left + word.width) - max(run.x0, word.left)
        if overlap <= 0:
            continue
        centre = word.left + word.width / 2
        if run.x0 <= centre <= run.x1 or overlap >= 0.6 * word.width:
            covered.append(index)
        elif index in garbled and overlap >= GARBLED_WITHIN * (run.x1 - run.x0):
            covered.append(index)
            within.append(index)
        elif PUNCTUATION_WORD.fullmatch(word.text):
            # the "." of "๒." past the run's last digit, the "/" between a unit code and
            # a running number read as two runs: the run does not own it
            continue
        elif centre < run.x0:
            trims[index] = word.text.rstrip("".join(DIGITISH))
        else:
            trims[index] = word.text.lstrip("".join(DIGITISH))
    return covered, trims, within


def words_beside(page: OcrPage, indices: list[int], taken: set[int], trims: dict[int, str],
                  lookalikes: set[int], run: Run, line: Line) -> list[int]:
    """The words that may be a run's that no word covers (it has one when
    there is exactly one): Tesseract's box of a lone digit may sit well off
    its glyph. Words of one or two digits reaching into the run that overlap
    it by 40%; failing those, boxes a sliver wide beside it ("๕" 1 px wide, 3
    px left of the ๘ it names on a fax; 2 px wide, 0.8 x-heights left of a ๔
    of TH Garuda; or a lookalike: "/ว ต" for ๗, the ต's box a pixel wide);
    failing those, for a run of a glyph or two, the one word whose digits glued
    to its letters reach into the run (GLUED_DIGITS)."""
    def digits_only(i: int) -> bool:
        return set(page.words[i].text) <= DIGITISH

    near = [i for i in trims if len(page.words[i].text) <= 2 and digits_only(i)
            and min(run.x1, page.words[i].left + page.words[i].width) - max(run.x0, page.words[i].left)
            >= 0.4 * page.words[i].width]
    if not near:
        near = [i for i in indices if i not in taken and len(page.words[i].text) <= 2
                and (digits_only(i) and set(page.words[i].text) & DIGIT_CLASSES or i in lookalikes)
                and page.words[i].width < SLIVER_BOX * line.x_height
                and max(run.x0 - (page.words[i].left + page.words[i].width), page.words[i].left - run.x1)
                <= SLIVER_GAP * line.x_height]
    if not near and len(run.glyphs) <= GLUED_DIGITS:
        # a digit or two Tesseract glued to the word beside the run, reaching into it
        # ("วันที «ตุลาคม" for "วันที่ ๙ ตุลาคม", TH Niramit AS, office: the « is the ๙'s)
        glued = [i for i in trims if trims[i] and trims[i] != page.words[i].text
                 and len(page.words[i].text) - len(trims[i]) <= GLUED_DIGITS]
        near = glued if len(glued) == 1 else []
    return near



def letters_outside(page: OcrPage, indices: list[int], first: int, last: int, garbled: set[int], run: Run,
                     line: Line, probs: np.ndarray, x0: int) -> tuple[str, str]:
    """The letters Tesseract wrote in words FIRST and LAST outside the run
    ("/ว", "ที่๒"), kept before and after it: punctuation after the run ("๑."
    of a numbered item, "๒๕๖๗)") too, as a run ends on a digit; and a whole
    word of letters at the run's edge whose box Tesseract put over the run's
    last glyph, naming the letter just past it ("/ว": the ว's box over the
    "/"). A garbled word's letters name no glyph: the run takes all of it."""
    margin = 0.3 * line.x_height
    head, tail = page.words[first], page.words[last]
    prefix = leading_letters(head.text) if head.left < run.x0 - margin and first not in garbled else ""
    suffix = (leading_letters(tail.text[::-1])[::-1]
              if tail.left + tail.width > run.x1 + margin and last not in garbled else "")
    if not suffix:
        suffix = TRAILING_PUNCTUATION.search(tail.text).group()
    if first != last and not suffix and names_letter_past(page, indices, last, run.x1, 1, line, probs, x0):
        suffix = tail.text
    if first != last and not prefix and names_letter_past(page, indices, first, run.x0, -1, line, probs, x0):
        prefix = head.text
    return prefix, suffix


def split_at_arabic_words(page: OcrPage, indices: list[int], run: Run, x0: int) -> list[Run]:
    """RUN cut where Tesseract wrote it as two or more words of Arabic digits
    holding one character for each of the run's glyphs under them (the
    glyphs' middles in their boxes): Tesseract reads Arabic numerals and the
    spaces between them right, where the run's gap rule may not (TH Niramit
    AS: a narrow 1 before the space of "0 2931 1646" made the space a 1's
    cell, and the phone number "0 29311646"). RUN itself otherwise."""
    arabic = set(ARABIC_DIGITS + PUNCT)
    middles = [(g.x0 + g.x1) / 2 + x0 for g in run.glyphs]
    parts, seen = [], 0
    for index in indices:
        word = page.words[index]
        under = [k for k, m in enumerate(middles) if word.left <= m <= word.left + word.width]
        if not under:
            continue
        if not set(word.text) <= arabic or len(word.text) != len(under) or under[0] != seen:
            return [run]
        parts.append(under)
        seen = under[-1] + 1
    if len(parts) < 2 or seen != len(run.glyphs):
        return [run]
    shift = run.x0 - run.glyphs[0].x0  # crop to page coordinates
    return [Run(glyphs=[run.glyphs[k] for k in part], probs=run.probs[part[0]:part[-1] + 1],
                x0=run.glyphs[part[0]].x0 + shift, y0=run.y0, x1=run.glyphs[part[-1]].x1 + shift, y1=run.y1,
                raw=None if run.raw is None else run.raw[part[0]:part[-1] + 1]) for part in parts]


def names_letter_past(page: OcrPage, indices: list[int], index: int, edge: int, side: int, line: Line,
                       probs: np.ndarray, x0: int) -> bool:
    """Whether word INDEX is Thai letters only and a glyph that surely reads
    as a letter, no other word's, stands just past EDGE (a run's side, page
    coordinates) on SIDE (1: right, -1: left), LETTER_PAST_GAP x-heights at
    most (where another word names that letter, Tesseract read the run's own
    glyph as letters: "๓/ร่ ว")."""
    word = page.words[index]
    if not re.fullmatch("[\u0e01-\u0e2e\u0e30-\u0e4e]+", word.text) or not re.search("[ก-ฮ]", word.text):
        return False
    other = CLASSES.index(OTHER)
    gap = LETTER_PAST_GAP * line.x_height
    for glyph, q in zip(line.glyphs, probs):
        distance = glyph.x0 + x0 - edge if side == 1 else edge - (glyph.x1 + x0)
        if -1 <= distance <= gap:
            # (another word of letters over a third of it names it)
            return q[other] >= 0.9 and not any(
                i != index and re.search("[ก-ฮๆ]", page.words[i].text)
                and min(page.words[i].left + page.words[i].width, glyph.x1 + x0)
                - max(page.words[i].left, glyph.x0 + x0) >= glyph.width / 3 for i in indices)
    return False


def stray_digits(page: OcrPage, indices: list[int], skip: set[int], run: Run, line: Line,
                  probs: np.ndarray, x0: int, runs: list[Run] = ()) -> dict[int, str]:
    """Words of one digit Tesseract wrote just outside a run, over one glyph
    that surely reads as punctuation (the "." of "โทร." before a phone number
    on a fax, written ๐): the punctuation mark, to put in place of the digit.
    And words of one digit a little farther out (PHANTOM_GAP) over no glyph
    at all, beside letters only, between two of the line's RUNS (TH Niramit
    AS: the tail of the ว of "/ว" written as a digit of its own, "/ว9 ๔๕"):
    nothing, the digit is dropped (one before a letter number's unit code,
    "ศ8", stands for a letter of its prefix and stays)."""
    found = {}
    gap = STRAY_GAP * line.x_height
    other = CLASSES.index(OTHER)
    for index in indices:
        word = page.words[index]
        if index in skip or len(word.text) != 1 or word.text not in THAI_DIGITS + ARABIC_DIGITS:
            continue
        right = word.left + word.width
        distance = max(run.x0 - right, word.left - run.x1)
        if distance < 0 or distance > PHANTOM_GAP * line.x_height:
            continue
        under = [q for g, q in zip(line.glyphs, probs) if word.left <= (g.x0 + g.x1) / 2 + x0 <= right]
        if distance <= gap and len(under) == 1 and CLASSES[int(under[0].argmax())] in PUNCT \
                and under[0].max() >= STRAY_MIN_PROBABILITY:
            found[index] = CLASSES[int(under[0].argmax())]
            continue
        beside = [(g, q) for g, q in zip(line.glyphs, probs) if min(g.x1 + x0, right) > max(g.x0 + x0, word.left)]
        between = any(r.x1 <= word.left for r in runs) and any(r.x0 >= right for r in runs)
        # each letter beside it is another word's (the ว's): the digit names no glyph ("๑๑ 5ิ.ค."
        # for ธ.ค.: the ธ is the 5's alone, and it stays)
        if between and beside and not under and all(
                q[other] >= PHANTOM_LETTER_PROBABILITY and letter_word_over(page, indices, index, g, x0)
                for g, q in beside):
            found[index] = ""
            continue
        # a narrow box over no ink at all, right beside the run, with no other run near it:
        # the rest of Tesseract's reading of the run's glyph (๖ written ๐๒, the ๒ a sliver
        # past the ๖: "วันที่๐๒" for "วันที่ ๖"; TH Niramit AS's ๗ written ๓๓, the second
        # ๓ 0.36 x-heights wide past the ๗: "วันที่ ๗๓ เมษายน")
        if not beside and distance <= gap and word.width < BLANK_BOX * line.x_height and not any(
                r is not run and max(r.x0 - right, word.left - r.x1) <= SLIVER_GAP * line.x_height for r in runs):
            found[index] = ""
    return found


def letter_word_over(page: OcrPage, indices: list[int], skip: int, glyph: Glyph, x0: int) -> bool:
    """Whether a word of the line other than SKIP, holding a Thai consonant
    (or ๆ, which Tesseract writes for the ว of "/ว"), has the middle of GLYPH
    (crop coordinates, X0: the crop's left) in its box."""
    middle = (glyph.x0 + glyph.x1) / 2 + x0
    return any(i != skip and re.search("[ก-ฮๆ]", page.words[i].text)
               and page.words[i].left <= middle <= page.words[i].left + page.words[i].width for i in indices)
