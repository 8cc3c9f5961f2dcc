"""Digit stage: read the page's digit runs again from the image.

Stock Tesseract ``tha`` has no ๔ ๖ ๗ ๘ ๙ in its character set (it writes
๔->๕, ๖->๒/๐/๒๐, ๗->๓, ๘->๕, ๙->๕ or «), and its boxes around glyphs it cannot
recognise are unreliable. So, for every text line whose OCR text holds a
digit (or a character Tesseract writes for one, or a word much wider than
its characters: Tesseract's box over glyphs it could not read), this stage

1. cuts the line out of the page image (the union of the line's word boxes,
   with a margin; around their median top and bottom when Tesseract's boxes
   reach into other lines: ``digit_lines.py``), binarises it and segments it into glyphs itself
   (``digits_glyphs.segment_line``: connected components, baseline fitted
   along the line, marks told from in-line glyphs, broken glyphs merged);
2. classifies the in-line glyphs near Tesseract's digits with a small MLP
   (``pipeline/data/digit_model.npz``, trained by ``scripts/train_digits.py``
   on glyphs rendered from Thai fonts and cut the same way): ๐-๙, 0-9,
   ``. , / - :`` or other; joins pieces of digits a fax's threshold broke,
   two or three (``merge_broken``), cuts digits blur joined
   (``split_touching``: a glyph two digits wide always, after taking the
   broken-off pieces standing within its columns; a digit and a "/" or "-"
   touching it a slash's width from its side), joins and cuts again touching
   pieces broken across two digits' edges (``regroup_pieces``), gives a ๗
   its tail back where the tail joined the next digit (``give_back_tails``),
   and leaves out specks and pieces floating above the baseline (no digit
   does): these glyph-piece repairs are ``digit_pieces.py``;
3. groups the glyphs into runs (digits, with punctuation only between
   digits, split at spaces; an Arabic 1 in a digit-wide cell is no space);
4. weighs each run's readings by the shape of the field it is in (day
   before a month name, valid for the month; Buddhist-era year 2480-2600
   after one; a letter number's unit code ``0ddd(.d)*/`` after
   ``ที่ <prefix>``, its running number after ``/ว``; a rare shape such as a
   five-digit unit code counts for less) and picks the most probable
   plausible reading among the classifier's alternatives (a glyph too many
   may be dropped; the field shapes are ``digit_fields.py``); where
   Tesseract wrote Arabic digits one for one, its reading stands unless the
   classifier finds it far less probable (runs and readings: ``digit_runs.py``);
5. writes the reading into the page text in place of the Tesseract words
   under the run (one OcrWord replaces them) and records an
   ``OcrPage.digit_spans`` entry (offsets, Tesseract's text, kind,
   plausibility, per-character confidences and alternatives); a lone digit
   Tesseract wrote just outside the run over a glyph that reads as
   punctuation (the "." of "โทร.") becomes that punctuation, and one between
   two runs over no glyph of its own (the tail of the ว of "/ว") is dropped.
   A run no word overlaps takes a lone digit whose box is a sliver beside it
   (the words under a run are found here; the text and word edits, and the
   words Tesseract wrote as letters where digits stand, are ``digit_text.py``).

The stage never adds a run where Tesseract wrote nothing but a few letters
or a symbol or two standing where a day, a count or a running number stands
(``ซ`` for ๗ before a month name or a unit, ``สีซอ`` for ๕๔๙ after a letter
number's unit code), and then only when the glyphs surely read as Thai
digits. Where Tesseract wrote nothing at all, the glyphs alone are written
in three places, when they surely read as digits: a running number right
after a unit code's run (its "/", at most the ว of "/ว" between;
``_running_number_place``); a letter number after a line's bare head
(``ที่ อว`` and nothing more), starting with ๐; and a day between "วันที่"
and a month name (these two: ``digit_places.py``). Before all this, lines
Tesseract made of the marks above the next line and wrote as digits are
dropped (``mark_lines``). It also puts back the ธ of a letter number's
prefix that Tesseract wrote as 5 (``ย5`` for ``ยธ``) where the image shows
a letter.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.models import OcrPage
from pipeline.ocr.classifier import GlyphClassifier, load_classifier
from pipeline.ocr.digit_pieces import (
    DIGIT_CLASSES, drop_floating_pieces, give_back_tails, merge_broken, regroup_pieces, specks_are_no_digits,
    split_touching,
)
from pipeline.ocr.digit_lines import line_band, line_pitch, mark_lines, median, page_lines
from pipeline.ocr.digit_places import (
    DAY_REACH, HEAD_GAP, HEAD_REACH, LOOKALIKE_MIN_PROBABILITY, bare_head, in_day_place, missing_day,
    surely_digits, surely_thai_digits,
)
from pipeline.ocr.digit_runs import PHONE_WORD, Run, find_runs, slashes_by_shape
from pipeline.ocr.digit_text import (
    ABOVE_BELOW, DIGITISH, LOOKALIKE_LETTERS, PUNCTUATION_WORD, TRAILING_PUNCTUATION, TRIGGER, apply_edits,
    drop_words, leading_letters, lookalike_words, prefix_letters, put_letters, word_offsets,
)
from pipeline.ocr.digits_glyphs import (
    ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line, glyph_features, segment_line,
)
from pipeline.ocr.images import gray_pixels

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "digit_model.npz"

# Margins of the line crop, in line heights.
MARGIN_X, MARGIN_Y = 0.6, 0.25
# Glyphs farther than this many x-heights from every word in which Tesseract
# wrote a digit are not classified (a digit run it misread entirely as
# letters is lost, but the stage stays cheap).
CONTEXT = 4.0
# A word of one digit at most STRAY_GAP x-heights outside a run, over one glyph
# that reads as punctuation at least this surely, is that punctuation.
STRAY_GAP = 0.5
# A run no word of Tesseract's overlaps takes a word of one or two digits
# whose box is a sliver (narrower than SLIVER_BOX x-heights: Tesseract could not
# place the glyph) at most SLIVER_GAP x-heights beside it.
SLIVER_BOX = 0.3
SLIVER_GAP = 1.0
STRAY_MIN_PROBABILITY = 0.75  # the fax's "." of "โทร." read 0.83
# A word of one digit at most PHANTOM_GAP x-heights outside a run, whose box
# holds no glyph's middle and overlaps only glyphs read as letters at least this
# surely, is a letter's stroke Tesseract wrote as a digit, and is dropped.
PHANTOM_GAP = 1.0
# A word of letters a run covers stays where a letter glyph stands at most this
# many x-heights past the run's side (see _names_letter_past).
LETTER_PAST_GAP = 0.3
PHANTOM_LETTER_PROBABILITY = 0.99
# A word much wider than its characters (over GARBLED_WIDTH of the page's median word
# heights a character) is Tesseract's box over glyphs it could not read: the glyphs
# under it are classified, and a run there of GARBLED_DIGITS digits or more that
# surely reads as digits is written. TH Garuda on office scans: "ส" 4.1 and "า" 12.6
# over a letter number's digits; the widest words of letters on the development pages
# ("ภา", "แฟ", "ถนน") are 2.5-3.6.
GARBLED_WIDTH = 4.0  # (and GARBLED_DIGITS: digit_places.py)


def load_model(path: Path = MODEL_PATH) -> GlyphClassifier | None:
    """The shipped classifier; None when the file is missing (the stage is then a no-op)."""
    return load_classifier(path, CLASSES)


# --------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------


def reread_digits(
    page: OcrPage, image: Image.Image, *, model: GlyphClassifier | None = None, pixels: np.ndarray | None = None
) -> OcrPage:
    """The page with its Thai digit runs read again from ``image`` (see module
    doc; ``pixels``: ``images.gray_pixels(image)``, when the caller has it)."""
    model = model or load_model()
    if model is None or not page.words:
        return page
    lines = page_lines(page)
    marks = mark_lines(page, lines)
    if marks:
        page = drop_words(page, marks)
        lines = page_lines(page)
    offsets = word_offsets(page)
    gray: np.ndarray | None = None
    edits: list[tuple[int, int, Run, list[int], dict[int, str]]] = []  # (first, last word, run, words, trims)
    letters: dict[int, str] = {}  # word index -> its text with a digit that is a letter put right
    pitch: float | None = None
    size = median([w.height for w in page.words])  # the page's median word height (GARBLED_WIDTH)
    for indices in lines.values():
        lookalikes = lookalike_words(page, indices, offsets)
        garbled = {i for i in indices if page.words[i].width > GARBLED_WIDTH * size * len(page.words[i].text)}
        head = bare_head(page, indices, offsets)
        day = missing_day(page, indices, offsets)
        if not lookalikes and not garbled and head is None and day is None and not any(
                TRIGGER & set(page.words[i].text) for i in indices):
            continue
        if gray is None:
            gray = pixels if pixels is not None else gray_pixels(image)
        if pitch is None:
            pitch = line_pitch([[page.words[i] for i in line] for line in lines.values()]) or 0.0
        edits += _line_edits(page, indices, gray, model, lookalikes, offsets, letters, pitch, garbled, head, day)
    if letters:
        page = put_letters(page, letters, offsets)
    if not edits:
        return page
    return apply_edits(page, edits, offsets)


def _line_edits(page: OcrPage, indices: list[int], gray: np.ndarray, model: GlyphClassifier,
                lookalikes: set[int] = frozenset(), offsets: list[int | None] | None = None,
                letters: dict[int, str] | None = None, pitch: float | None = None,
                garbled: set[int] = frozenset(), head: int | None = None, day: int | None = None):
    words = [page.words[i] for i in indices]
    top, bottom = line_band(words, pitch)
    height = bottom - top
    x0 = max(0, int(min(w.left for w in words) - MARGIN_X * height))
    right = max(w.left + w.width for w in words) + (HEAD_REACH * height if head is not None else 0)
    x1 = min(gray.shape[1], int(right + MARGIN_X * height))
    y0 = max(0, int(top - MARGIN_Y * height))
    y1 = min(gray.shape[0], int(bottom + MARGIN_Y * height))
    line = segment_line(gray[y0:y1, x0:x1], line_height=height)
    if line is None or not line.glyphs:
        return []
    # classify only the glyphs near Tesseract's digit-bearing words (the rest
    # of the line is "other"): most of a line is Thai text
    windows = [(w.left - x0 - CONTEXT * line.x_height, w.left + w.width - x0 + CONTEXT * line.x_height)
               for i, w in zip(indices, words) if TRIGGER & set(w.text) or i in lookalikes or i in garbled]
    if head is not None:  # the room after a letter number's bare head
        end = page.words[head].left + page.words[head].width - x0
        windows.append((end, end + HEAD_REACH * height))
    if day is not None:  # the room between "วันที่" and the month name
        end = page.words[day].left + page.words[day].width - x0
        windows.append((end - DAY_REACH * height, end + DAY_REACH * height))
    near = [i for i, g in enumerate(line.glyphs) if any(a <= (g.x0 + g.x1) / 2 <= b for a, b in windows)]
    probs = np.zeros((len(line.glyphs), len(CLASSES)), dtype=np.float32)
    probs[:, CLASSES.index(OTHER)] = 1.0
    if near:
        probs[near] = model.probabilities(glyph_features([line.glyphs[i] for i in near], line))
        # and those a running number may stand on past a "/" (see _running_number_place)
        beyond = _past_slashes(line, probs, near)
        if beyond:
            probs[beyond] = model.probabilities(glyph_features([line.glyphs[i] for i in beyond], line))
    line, probs = merge_broken(line, probs, model)
    line, probs = split_touching(line, probs, model)
    line, probs = regroup_pieces(line, probs, model)
    line, probs = give_back_tails(line, probs, model)
    probs = specks_are_no_digits(line, probs)
    probs = slashes_by_shape(line, probs)
    line, probs = drop_floating_pieces(line, probs)
    if letters is not None and offsets is not None:
        letters.update(prefix_letters(page, indices, offsets, line, probs, x0))
    runs = find_runs(line, probs, offset=(x0, y0),
                     phone_line=bool(PHONE_WORD.search("".join(page.words[i].text for i in indices))))
    runs = [part for run in runs for part in _split_at_arabic_words(page, indices, run, x0)]
    edits = []
    taken: set[int] = set()
    strays: set[int] = set()  # words an earlier run's edit rewrites (_stray_digits)
    previous = None  # the run of the last edit
    for run in runs:
        covered, trims = [], {}
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
            else:  # a word reaching into the run: drop its digits on the run's side
                if PUNCTUATION_WORD.fullmatch(word.text):
                    # the "." of "๒." past the run's last digit, the "/" between a unit code and
                    # a running number read as two runs: the run does not own it
                    continue
                if centre < run.x0:
                    trims[index] = word.text.rstrip("".join(DIGITISH))
                else:
                    trims[index] = word.text.lstrip("".join(DIGITISH))
        if not covered:
            # Tesseract's box of a lone digit may sit well off its glyph: a word
            # of one or two digits that overlaps the run by 40% is its word
            near = [i for i in trims if len(page.words[i].text) <= 2 and set(page.words[i].text) <= DIGITISH and min(
                run.x1, page.words[i].left + page.words[i].width) - max(run.x0, page.words[i].left)
                >= 0.4 * page.words[i].width]
            if not near:
                # or a box a sliver wide, beside the glyph ("๕" 1 px wide, 3 px left of the ๘ it
                # names on a fax; 2 px wide, 0.8 x-heights left of a ๔ of TH Garuda)
                # (or a lookalike: "/ว ต" for ๗, the ต's box a pixel wide)
                near = [i for i in indices if i not in taken and len(page.words[i].text) <= 2
                        and (set(page.words[i].text) <= DIGITISH and set(page.words[i].text) & DIGIT_CLASSES
                             or i in lookalikes)
                        and page.words[i].width < SLIVER_BOX * line.x_height
                        and max(run.x0 - (page.words[i].left + page.words[i].width), page.words[i].left - run.x1)
                        <= SLIVER_GAP * line.x_height]
            if (not near and not trims and not edits and head is not None and 0 <= run.x0 - (
                    page.words[head].left + page.words[head].width) <= HEAD_GAP * line.x_height
                    and CLASSES[int(run.probs[0].argmax())] == "๐" and surely_digits(run)):
                # a letter number Tesseract wrote nothing for after its head ("ที่ อว" for
                # "ที่ อว ๐๓๕๖/๑"): written after the head's code, by the image alone
                edits.append((head, head, run, None, {}, page.words[head].text, ""))
                previous = run
                continue
            if (not near and day is not None and not any(trims[i] != page.words[i].text for i in trims)
                    and in_day_place(page, day, run, line) and len(run.glyphs) <= 2 and surely_thai_digits(run)):
                # a day Tesseract wrote nothing for ("ลงวันที่ ม.ค. ๒๕๓๕" for "ลงวันที่ ๗ ม.ค. ๒๕๓๕"):
                # written after "วันที่", by the image alone
                edits.append((day, day, run, None, {}, page.words[day].text, ""))
                previous = run
                continue
            if not near and not trims and edits and edits[-1][2] is previous and _running_number_place(
                    runs, run, line) and surely_thai_digits(run):
                # a running number Tesseract wrote nothing for, right after the unit code
                # just written (TH Garuda: "/ว ๔๔" after a word over the unit code it could
                # not read): written after that unit's words ("ทีอป สว" for "ที่ ลป ๐๙๔๓.๙/ว ๔๔")
                anchor = max([edits[-1][1]] + [i for i in indices
                                                if page.words[i].left + page.words[i].width / 2 < run.x0])
                edits.append((anchor, anchor, run, [], {}, page.words[anchor].text, ""))
                previous = run
                continue
            if len(near) != 1:
                continue
            covered = near
            trims.pop(near[0], None)
        if not any(set(page.words[i].text) & DIGITISH for i in covered) and not (
                set(covered) <= lookalikes and all(CLASSES[int(p.argmax())] in THAI_DIGITS for p in run.probs)
                and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY) and not (
                _running_number_place(runs, run, line)
                and _RUNNING_LOOKALIKE.fullmatch("".join(page.words[i].text for i in covered))
                and len(ABOVE_BELOW.sub("", "".join(page.words[i].text for i in covered))) <= LOOKALIKE_LETTERS
                and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY) and not (
                set(covered) & garbled and surely_digits(run)):
            continue  # Tesseract saw no digit here: do not trust a lone classifier
        first, last = min(covered), max(covered)
        if any(i in taken for i in range(first, last + 1)):
            continue
        between = [i for i in range(first, last + 1) if i in indices]
        taken.update(between)
        # letters Tesseract wrote in the same word as the digits, outside the run ("/ว", "ที่๒")
        margin = 0.3 * line.x_height
        head, tail = page.words[first], page.words[last]
        # (a garbled word's letters name no glyph: the run takes all of it)
        prefix = leading_letters(head.text) if head.left < run.x0 - margin and first not in garbled else ""
        suffix = (leading_letters(tail.text[::-1])[::-1]
                  if tail.left + tail.width > run.x1 + margin and last not in garbled else "")
        # a run ends on a digit, so punctuation Tesseract wrote after it ("๑." of
        # a numbered item, "๒๕๖๗)") is not the run's: keep it
        if not suffix:
            suffix = TRAILING_PUNCTUATION.search(tail.text).group()
        # a word of letters at the run's edge whose box Tesseract put over the run's last
        # glyph, naming the letter just past it ("/ว": the ว's box over the "/"), is kept
        if first != last and not suffix and _names_letter_past(page, indices, last, run.x1, 1, line, probs, x0):
            suffix = tail.text
        if first != last and not prefix and _names_letter_past(page, indices, first, run.x0, -1, line, probs, x0):
            prefix = head.text
        if first == last and len(prefix) + len(suffix) >= len(head.text):
            continue
        stray = _stray_digits(page, indices, taken | set(trims) | strays, run, line, probs, x0, runs)
        strays.update(stray)
        trims.update(stray)
        edits.append((first, last, run, between, {i: t for i, t in trims.items() if i not in taken},
                      prefix, suffix))
        previous = run
    return edits


def _split_at_arabic_words(page: OcrPage, indices: list[int], run: Run, x0: int) -> list[Run]:
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


# Letters and symbols Tesseract writes for a running number (ๆ for ๗ or 4, ดลวะ for ๑๑๐๖)
_RUNNING_LOOKALIKE = re.compile(r"(?:[\u0e01-\u0e4e]|[^\s\u0e50-\u0e59A-Za-z0-9])+")
# ... where at most this many glyphs (the ว of "/ว") stand between it and a run ending in "/"
RUNNING_GAP_GLYPHS = 1
RUNNING_GAP = 2.5  # x-heights
RUNNING_REACH = 8.0  # x-heights past the "/": the ว and six digits


def _past_slashes(line: Line, probs: np.ndarray, near: list[int]) -> list[int]:
    """Glyphs not yet classified that stand at most RUNNING_REACH x-heights
    right of a glyph read as "/": a running number Tesseract wrote as letters
    may reach past the CONTEXT of the unit code's digits ("/ร ดลวะ")."""
    slash = CLASSES.index("/")
    ends = [line.glyphs[i].x1 for i in near if int(probs[i].argmax()) == slash]
    if not ends:
        return []
    done = set(near)
    reach = RUNNING_REACH * line.x_height
    return [i for i, g in enumerate(line.glyphs)
            if i not in done and any(0 <= (g.x0 + g.x1) / 2 - end <= reach for end in ends)]


def _running_number_place(runs: list[Run], run: Run, line: Line) -> bool:
    """Whether RUN stands where a letter number's running number stands, by
    the image alone: right after a run ending in "/" (a unit code), with at
    most RUNNING_GAP_GLYPHS glyphs (the ว of "/ว") and RUNNING_GAP x-heights
    between them. Tesseract may write the running number as letters and the
    ว as a letter like it ("/ร ดลวะ" for "/ว ๑๑๐๖", "/ว ๆ" for "/ว ๗")."""
    position = next((k for k, r in enumerate(runs) if r is run), 0)
    if position == 0:
        return False
    before = runs[position - 1]
    if CLASSES[int(before.probs[-1].argmax())] != "/" or run.x0 - before.x1 > RUNNING_GAP * line.x_height:
        return False
    left = next((k for k, g in enumerate(line.glyphs) if g is before.glyphs[-1]), None)
    right = next((k for k, g in enumerate(line.glyphs) if g is run.glyphs[0]), None)
    return left is not None and right is not None and 0 <= right - left - 1 <= RUNNING_GAP_GLYPHS


def _names_letter_past(page: OcrPage, indices: list[int], index: int, edge: int, side: int, line: Line,
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


def _stray_digits(page: OcrPage, indices: list[int], skip: set[int], run: Run, line: Line,
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
                q[other] >= PHANTOM_LETTER_PROBABILITY and _letter_word_over(page, indices, index, g, x0)
                for g, q in beside):
            found[index] = ""
            continue
        # a sliver of a box over no ink at all, right beside the run, with no other run near it:
        # the rest of Tesseract's reading of the run's glyph (๖ written ๐๒, the ๒ a sliver
        # past the ๖: "วันที่๐๒" for "วันที่ ๖")
        if not beside and distance <= gap and word.width < SLIVER_BOX * line.x_height and not any(
                r is not run and max(r.x0 - right, word.left - r.x1) <= SLIVER_GAP * line.x_height for r in runs):
            found[index] = ""
    return found


def _letter_word_over(page: OcrPage, indices: list[int], skip: int, glyph: Glyph, x0: int) -> bool:
    """Whether a word of the line other than SKIP, holding a Thai consonant
    (or ๆ, which Tesseract writes for the ว of "/ว"), has the middle of GLYPH
    (crop coordinates, X0: the crop's left) in its box."""
    middle = (glyph.x0 + glyph.x1) / 2 + x0
    return any(i != skip and re.search("[ก-ฮๆ]", page.words[i].text)
               and page.words[i].left <= middle <= page.words[i].left + page.words[i].width for i in indices)
