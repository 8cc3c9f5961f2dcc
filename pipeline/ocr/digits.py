"""Digit stage: read the page's digit runs again from the image.

Stock Tesseract ``tha`` has no ๔ ๖ ๗ ๘ ๙ in its character set (it writes
๔->๕, ๖->๒/๐/๒๐, ๗->๓, ๘->๕, ๙->๕ or «), and its boxes around glyphs it cannot
recognise are unreliable. So, for every text line whose OCR text holds a
digit (or a character Tesseract writes for one), this stage

1. cuts the line out of the page image (the union of the line's word boxes,
   with a margin; around their median top and bottom when Tesseract's boxes
   reach into other lines), binarises it and segments it into glyphs itself
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
   classifier finds it far less probable;
5. writes the reading into the page text in place of the Tesseract words
   under the run (one OcrWord replaces them) and records an
   ``OcrPage.digit_spans`` entry (offsets, Tesseract's text, kind,
   plausibility, per-character confidences and alternatives); a lone digit
   Tesseract wrote just outside the run over a glyph that reads as
   punctuation (the "." of "โทร.") becomes that punctuation, and one between
   two runs over no glyph of its own (the tail of the ว of "/ว") is dropped.
   A run no word overlaps takes a lone digit whose box is a sliver beside it.

The stage never adds a run where Tesseract wrote nothing but a few letters
or a symbol or two standing where a day, a count or a running number stands
(``ซ`` for ๗ before a month name or a unit, ``สีซอ`` for ๕๔๙ after a letter
number's unit code), and then only when the glyphs surely read as Thai
digits. It also puts back the ธ of a letter number's prefix that Tesseract
wrote as 5 (``ย5`` for ``ยธ``) where the image shows a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.models import DigitChar, DigitReading, DigitSpan, OcrPage, OcrWord
from pipeline.ocr.classifier import GlyphClassifier, load_classifier
from pipeline.ocr.digit_fields import MONTH_PATTERN, field_kind, shape_weight, without_marks
from pipeline.ocr.digit_pieces import (
    ARABIC_INDEX, DIGIT_CLASSES, THAI_INDEX, drop_floating_pieces, give_back_tails, merge_broken, one_script,
    regroup_pieces, specks_are_no_digits, split_touching, stroke_lean,
)
from pipeline.ocr.digits_glyphs import (
    ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line, glyph_features, segment_line,
)
from pipeline.ocr.images import gray_pixels


MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "digit_model.npz"

# Characters Tesseract writes for Thai digits besides digits (seen: « for ๙ on
# the memo fixture, "«<" for one ๔ of TH Garuda): a line holding any of these
# (or a digit) is re-read.
SUBSTITUTES = "«»<"
TRIGGER = set(THAI_DIGITS + ARABIC_DIGITS + SUBSTITUTES)
DIGITISH = set(THAI_DIGITS + ARABIC_DIGITS + SUBSTITUTES + PUNCT)

# A gap wider than this many x-heights between two glyphs is a space.
SPACE_GAP = 0.42
# ... or, on a line with a phone number (_PHONE_WORD) and between two digits, wider
# than SPACE_MIN_GAP x-heights and SPACE_USUAL_TIMES the line's usual gap between
# neighbouring digits (the median of at least SPACE_USUAL_COUNT):
# fonts with narrow spaces (TH Garuda's ๗, its tail reaching right, 0.37 x-heights from
# the next group of a phone number, the digits 0.12 apart: "๐๗ ๒๖๙๐" read "๐๗๒๖๙๐")
SPACE_MIN_GAP = 0.35
SPACE_USUAL_TIMES = 2.5
SPACE_USUAL_COUNT = 6
_PHONE_WORD = re.compile("โทร|ต่อ")
# A digit narrower than this share of the line's digit width (an Arabic 1)
# stands in a digit-wide cell (the gaps on its sides are not spaces).
NARROW_DIGIT = 0.65
# A line whose words' boxes span more than this many line pitches holds
# boxes that reach into other lines (see _line_band).
BAND_OUTLIER = 1.0  # a usual line, marks and descenders included, spans 0.6-0.9 pitches on the bench pages
# ... and where most of them do, the band is this many pitches above and below the
# median bottom of the boxes no taller than SHORT_BOX pitches (the baseline)
SHORT_BOX = 0.6
BAND_ABOVE, BAND_BELOW = 0.75, 0.2
# Margins of the line crop, in line heights.
MARGIN_X, MARGIN_Y = 0.6, 0.25
# Glyphs farther than this many x-heights from every word in which Tesseract
# wrote a digit are not classified (a digit run it misread entirely as
# letters is lost, but the stage stays cheap).
CONTEXT = 4.0
# Also re-read runs of Arabic digits (Tesseract tha misreads some of those too).
ARABIC_RUNS = True
# Where Tesseract wrote Arabic digits (and no Thai digit) under a run, glyph
# for glyph, its reading is kept unless the classifier finds it this much less
# probable than its own best reading: Tesseract reads most Arabic digits
# right, the classifier errs on fonts it never saw (3 and 5), and Tesseract
# errs where the classifier is sure (a blurred 4 read as 6).
ARABIC_PRIOR = 1e-2
# ... and not at all where the classifier gives the Arabic digits less than
# this share of the weight it gives the Thai ones
ARABIC_SCRIPT_MIN = 0.02
# A small glyph right after a digit is a "." or "," when it has this much probability of being one.
DOT_MIN_PROBABILITY = 0.15
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
# A glyph read as "other" with "/" its runner-up, shaped like a "/", after a digit
# (see _slashes_by_shape): on the bench pages slashes read so stand 1.14-1.35
# x-heights tall, 0.38-0.53 wide, lean 0.21-0.27 and give "/" 0.24-0.48.
SLASH_SHAPE_MIN = 0.2
SLASH_SHAPE_HEIGHT = 1.1
SLASH_SHAPE_WIDTH = 0.6
SLASH_SHAPE_LEAN = 0.15
SLASH_SHAPE_GAP = 0.3
# A day or a year with one glyph too many: a reading without one of its glyphs
# is weighed by this factor.
DROP_PENALTY = 0.05
# A lone letter where a day or a count stands is read as a Thai digit when
# every glyph reads as one with this probability.
LOOKALIKE_MIN_PROBABILITY = 0.9
LOOKALIKE_LETTERS = 4  # letters in such a word (๙๗๘ read ตเซต; marks not counted)
UNITS = ("ชุด", "ฉบับ", "คน", "แผ่น", "เล่ม", "บาท", "รายการ", "เรื่อง", "หน้า")
PREFIX_LETTER_MIN_PROBABILITY = 0.9
# In a letter number a "," read between digits is weighed as a "." by this factor.
COMMA_AS_DOT = 0.5
# A runner-up character is an alternative when it has at least this probability.
ALTERNATIVE_MIN = 0.01
MAX_ALTERNATIVES = 3

_TRIM_ENDS = ".,-:"


def load_model(path: Path = MODEL_PATH) -> GlyphClassifier | None:
    """The shipped classifier; None when the file is missing (the stage is then a no-op)."""
    return load_classifier(path, CLASSES)


# --------------------------------------------------------------------------
# Runs of glyphs
# --------------------------------------------------------------------------


@dataclass
class _Run:
    glyphs: list[Glyph]
    probs: np.ndarray  # (n, classes)
    x0: int  # page coordinates
    y0: int
    x1: int
    y1: int
    raw: np.ndarray | None = None  # probabilities before one script is chosen

    @property
    def best(self) -> str:
        return "".join(CLASSES[i] for i in self.probs.argmax(axis=1))


def find_runs(line: Line, probs: np.ndarray, offset: tuple[int, int] = (0, 0),
              phone_line: bool = False) -> list[_Run]:
    """Runs of digit glyphs (punctuation allowed between digits, no spaces)
    that hold at least one Thai digit, left to right."""
    probs = probs.copy()
    labels = [CLASSES[i] for i in probs.argmax(axis=1)]
    runs: list[list[int]] = []
    current: list[int] = []
    previous: Glyph | None = None
    dot = [CLASSES.index("."), CLASSES.index(",")]
    # the width of a digit in this line's font: the median of its wide digits
    widths = [g.width for g, label in zip(line.glyphs, labels)
              if label in DIGIT_CLASSES and g.width >= 0.5 * line.x_height]
    cell = float(np.median(widths)) if widths else 0.75 * line.x_height
    # the usual gap between two neighbouring digits of the line (see _spaced)
    gaps = [b.x0 - a.x1 for a, b, la, lb in zip(line.glyphs, line.glyphs[1:], labels, labels[1:])
            if la in DIGIT_CLASSES and lb in DIGIT_CLASSES and b.x0 - a.x1 <= SPACE_GAP * line.x_height]
    usual = float(np.median(gaps)) if phone_line and len(gaps) >= SPACE_USUAL_COUNT else None
    for index, (glyph, label) in enumerate(zip(line.glyphs, labels)):
        if (label == OTHER and current and glyph.height < 0.45 * line.x_height
                and probs[index, dot].sum() >= DOT_MIN_PROBABILITY):
            # a faint dot after a digit
            label = labels[index] = CLASSES[dot[int(np.argmax(probs[index, dot]))]]
            row = np.zeros(len(CLASSES), dtype=probs.dtype)
            row[dot] = probs[index, dot] / probs[index, dot].sum()
            probs[index] = row
        numeric = label != OTHER
        spaced = previous is not None and _spaced(previous, labels[index - 1], glyph, label, line.x_height, cell,
                                                  usual)
        if current and (not numeric or spaced):
            runs.append(current)
            current = []
        if numeric:
            current.append(index)
        previous = glyph
    if current:
        runs.append(current)
    found: list[_Run] = []
    for indices in runs:
        while indices and labels[indices[0]] in PUNCT:
            indices = indices[1:]
        while indices and labels[indices[-1]] in _TRIM_ENDS:
            indices = indices[:-1]
        if not any(labels[i] in DIGIT_CLASSES for i in indices):
            continue
        raw = probs[indices]
        run_probs = one_script(raw)
        if not ARABIC_RUNS and not any(CLASSES[i] in THAI_DIGITS for i in run_probs.argmax(axis=1)):
            continue
        glyphs = [line.glyphs[i] for i in indices]
        dx, dy = offset
        found.append(_Run(glyphs, run_probs,
                          dx + min(g.x0 for g in glyphs), dy + min(g.y0 for g in glyphs),
                          dx + max(g.x1 for g in glyphs), dy + max(g.y1 for g in glyphs), raw))
    return found


def _spaced(left: Glyph, left_label: str, right: Glyph, right_label: str, x_height: float,
            cell: float, usual: float | None = None) -> bool:
    """Whether a space stands between two neighbouring glyphs: a gap wider
    than SPACE_GAP x-heights, less the room a narrow digit (an Arabic 1)
    leaves on each side of it in a digit-wide cell (CELL: the width of the
    line's other digits)."""
    gap = right.x0 - left.x1
    for glyph, label in ((left, left_label), (right, right_label)):
        if label in DIGIT_CLASSES and glyph.width < NARROW_DIGIT * cell:
            gap -= (cell - glyph.width) / 2
    if usual is not None and left_label in DIGIT_CLASSES and right_label in DIGIT_CLASSES \
            and gap > SPACE_MIN_GAP * x_height and gap > SPACE_USUAL_TIMES * max(usual, 1.0):
        return True
    return gap > SPACE_GAP * x_height


def _arabic_reading(run: _Run, ocr_text: str) -> tuple[str, float] | None:
    """Tesseract's reading of a run and its probability under the classifier,
    when Tesseract wrote Arabic digits there, one character per glyph."""
    text = "".join(ocr_text.split())
    if (len(text) != len(run.glyphs) or not set(text) <= set(ARABIC_DIGITS + PUNCT)
            or not set(text) & set(ARABIC_DIGITS) or run.raw is None):
        return None
    # where the glyphs surely are Thai digits, Tesseract's Arabic is no reading of them
    # (TH Garuda's ๖ on a fax written 9, read ๖ at 1.00 by the classifier)
    if run.raw[:, ARABIC_INDEX].sum() < ARABIC_SCRIPT_MIN * run.raw[:, THAI_INDEX].sum():
        return None
    probs = one_script(run.raw, script="arabic")
    return text, float(np.prod([probs[i, CLASSES.index(c)] for i, c in enumerate(text)]))


def _slashes_by_shape(line: Line, probs: np.ndarray) -> np.ndarray:
    """A glyph read as "other" with "/" its runner-up (SLASH_SHAPE_MIN at
    least), right after a digit, that is shaped like a "/" (taller than
    SLASH_SHAPE_HEIGHT and narrower than SLASH_SHAPE_WIDTH x-heights, its top
    SLASH_SHAPE_LEAN x-heights right of its foot) is a "/": the classifier
    reads the thin "/" of TH Niramit AS on a fax, and some of TH Garuda's,
    as other at 0.6-0.75, and the letter number fell apart in two runs."""
    xh = line.x_height
    other, slash = CLASSES.index(OTHER), CLASSES.index("/")
    found = []
    for index in range(1, len(line.glyphs)):
        glyph, q = line.glyphs[index], probs[index]
        left = line.glyphs[index - 1]
        if int(q.argmax()) != other or q[slash] < SLASH_SHAPE_MIN or q[other] >= 1.0:
            continue
        if CLASSES[int(probs[index - 1].argmax())] not in DIGIT_CLASSES or glyph.x0 - left.x1 > SLASH_SHAPE_GAP * xh:
            continue
        # a mark flagged under it only between two digits (a tone mark of the next line
        # standing under a "/" of TH Garuda's "๐๒๗๘/๔๓๗" on an office scan)
        right = line.glyphs[index + 1] if index + 1 < len(line.glyphs) else None
        between_digits = right is not None and right.x0 - glyph.x1 <= SLASH_SHAPE_GAP * xh \
            and CLASSES[int(probs[index + 1].argmax())] in DIGIT_CLASSES
        marked = glyph.mark_above or (glyph.mark_below and not between_digits)
        if glyph.height >= SLASH_SHAPE_HEIGHT * xh and glyph.width <= SLASH_SHAPE_WIDTH * xh \
                and not marked and stroke_lean(glyph, glyph.x0) >= SLASH_SHAPE_LEAN * xh:
            found.append(index)
    if not found:
        return probs
    probs = probs.copy()
    for index in found:
        probs[index, other], probs[index, slash] = probs[index, slash], probs[index, other]
    return probs


# --------------------------------------------------------------------------
# Plausibility
# --------------------------------------------------------------------------


def readings(probs: np.ndarray, limit: int = 40) -> list[tuple[str, float]]:
    """Most probable readings of a run (best first): the best one, then those
    differing from it in one or two characters."""
    order = np.argsort(-probs, axis=1)
    best = order[:, 0]
    base = float(np.prod(probs[np.arange(len(best)), best]))
    options: list[tuple[str, float]] = [("".join(CLASSES[i] for i in best), base)]
    swaps = []
    for position in range(len(best)):
        for rank in (1, 2):
            alt = order[position, rank]
            if CLASSES[alt] == OTHER or probs[position, alt] < 1e-4:
                continue
            swaps.append((position, alt, probs[position, alt] / max(probs[position, best[position]], 1e-9)))
    for count in (1, 2):
        for combo in combinations(swaps, count):
            if len({s[0] for s in combo}) < count:
                continue
            chars = [CLASSES[i] for i in best]
            ratio = 1.0
            for position, alt, r in combo:
                chars[position] = CLASSES[alt]
                ratio *= r
            options.append(("".join(chars), base * ratio))
    options.sort(key=lambda o: -o[1])
    return options[:limit]


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
    offsets = word_offsets(page)
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(page.words):
        lines.setdefault((word.block, word.par, word.line), []).append(index)
    gray: np.ndarray | None = None
    edits: list[tuple[int, int, _Run, list[int], dict[int, str]]] = []  # (first, last word, run, words, trims)
    letters: dict[int, str] = {}  # word index -> its text with a digit that is a letter put right
    pitch: float | None = None
    for indices in lines.values():
        lookalikes = _lookalikes(page, indices, offsets)
        if not lookalikes and not any(TRIGGER & set(page.words[i].text) for i in indices):
            continue
        if gray is None:
            gray = pixels if pixels is not None else gray_pixels(image)
        if pitch is None:
            pitch = _line_pitch([[page.words[i] for i in line] for line in lines.values()]) or 0.0
        edits += _line_edits(page, indices, gray, model, lookalikes, offsets, letters, pitch)
    if letters:
        page = _put_letters(page, letters, offsets)
    if not edits:
        return page
    return _apply(page, edits, offsets)


def _put_letters(page: OcrPage, letters: dict[int, str], offsets: list[int | None]) -> OcrPage:
    """The page with the words in LETTERS rewritten (same length: offsets do not move)."""
    text = list(page.text)
    words = list(page.words)
    for index, new in letters.items():
        offset = offsets[index]
        text[offset:offset + len(new)] = new
        words[index] = words[index].model_copy(update={"text": new})
    return page.model_copy(update={"text": "".join(text), "words": words})


# A letter number's prefix ("ที่ สธ ๐๒๐๗/...") where Tesseract wrote a digit
# for a letter: ธ read as 5 (สธ ศธ ยธ). Put right when the image shows no digit there.
PREFIX_DIGITS = {"5": "ธ"}
_PREFIX_WORD = re.compile(rf"[ก-ฮ]{{0,2}}[{''.join(PREFIX_DIGITS)}]")
_BEFORE_PREFIX_WORD = re.compile(r"(^|\s)ที?่?\s*[ก-ฮ]{0,2}\s?$")  # Tesseract may lose the marks of ที่
_BEFORE_UNIT_CODE = re.compile(r"^\s*[๐-๙0-9]")


def _prefix_letters(page: OcrPage, indices: list[int], offsets: list[int | None], line: Line,
                    probs: np.ndarray, x0: int) -> dict[int, str]:
    """Words of a letter number's prefix in which Tesseract wrote a digit
    where the line's glyphs are surely letters, with the letter put back."""
    found = {}
    other = CLASSES.index(OTHER)
    for index in indices:
        word, offset = page.words[index], offsets[index]
        if offset is None or not _PREFIX_WORD.fullmatch(word.text):
            continue
        if not (_BEFORE_PREFIX_WORD.search(_line_before(page.text, offset))
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
_ABOVE_BELOW = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
# Punctuation Tesseract wrote for an Arabic day (".?" for 7 on a fax)
_LOOKALIKE_SYMBOLS = re.compile(r"[^\s\u0e01-\u0e59A-Za-z0-9]{1,2}")
_AFTER_WO = re.compile(r"[/๐-๙0-9]\s*ว\s+$")  # a running number's place: after "/ว "
# ... or after the unit code of a letter number whose "/ว" Tesseract wrote as letters
# ("ทิ นร ๐๓สญา " for "ที่ นร ๐๔๙๓/ว "; ท and its marks as Tesseract may write them)
_AFTER_UNIT_CODE = re.compile(r"(^|\s)ท[\u0e34-\u0e37]?[\u0e48-\u0e4b]?\s*[ก-ฮ]{1,3}\.?\s*[๐-๙0-9]\S*\s+$")
_FOLLOWED_BY_UNIT = re.compile(rf"^\s*({MONTH_PATTERN}|{'|'.join(without_marks(u) for u in UNITS)})")


def _tokens(page: OcrPage, indices: list[int], offsets: list[int | None]) -> list[list[int]]:
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


def _lookalikes(page: OcrPage, indices: list[int], offsets: list[int | None]) -> set[int]:
    """Words that stand where a day, a count or a running number stands
    (alone, before a month name or a unit, after "/ว " or after a letter
    number's unit code) and are Thai letters, at most LOOKALIKE_LETTERS of
    them (marks not counted), or a symbol or two: Tesseract's reading of
    digits it cannot write (๗ as ซ ฆ ฒ, ๓ as ถ่า, ๙๗๘ as ตเซต, 7 as .?)."""
    found = set()
    text = page.text
    for token in _tokens(page, indices, offsets):
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
                letters = _LOOKALIKE.fullmatch(word) and len(_ABOVE_BELOW.sub("", word)) <= LOOKALIKE_LETTERS
                if not (letters or _LOOKALIKE_SYMBOLS.fullmatch(word)):
                    break
                if (_FOLLOWED_BY_UNIT.match(without_marks(text[end:end + 40])) or _AFTER_WO.search(before[-12:])
                        or _AFTER_UNIT_CODE.search(_line_before(text, offset))):
                    found.update(token[start:end_word + 1])
    return found


def _line_pitch(lines: list[list[OcrWord]]) -> float | None:
    """The page's line pitch: the median distance between the median word
    bottoms of lines one above the other; None with fewer than three lines."""
    bottoms = sorted(_median([w.top + w.height for w in words]) for words in lines)
    low = _median([w.height for words in lines for w in words])
    steps = [b - a for a, b in zip(bottoms, bottoms[1:]) if b - a > low]
    return _median(steps) if len(steps) >= 2 else None


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2]) if ordered else 0.0


def _line_band(words: list[OcrWord], pitch: float | None = None) -> tuple[int, int]:
    """Top and bottom of a line from its words' boxes: their union, unless
    Tesseract gave some characters boxes reaching into the lines above or
    below (a mark's box, a vowel merged with the line above) so that the
    union is more than BAND_OUTLIER line pitches tall; then a band around the
    median top and bottom of the words."""
    top = min(w.top for w in words)
    bottom = max(w.top + w.height for w in words)
    if pitch and bottom - top > BAND_OUTLIER * pitch:
        top_median = _median([w.top for w in words])
        bottom_median = _median([w.top + w.height for w in words])
        middle = max(1.0, bottom_median - top_median)
        top = max(top, int(top_median - 0.5 * middle))
        bottom = min(bottom, int(bottom_median + 0.2 * middle))
        short = [w for w in words if w.height <= SHORT_BOX * pitch]
        if bottom - top > BAND_OUTLIER * pitch and len(short) >= 3:
            # most boxes reach into other lines (a line Tesseract garbled): the band stands
            # on the baseline the boxes no taller than a line give (their median bottom)
            base = _median([w.top + w.height for w in short])
            top = max(top, int(base - BAND_ABOVE * pitch))
            bottom = min(bottom, int(base + BAND_BELOW * pitch))
    return top, bottom


def _line_edits(page: OcrPage, indices: list[int], gray: np.ndarray, model: GlyphClassifier,
                lookalikes: set[int] = frozenset(), offsets: list[int | None] | None = None,
                letters: dict[int, str] | None = None, pitch: float | None = None):
    words = [page.words[i] for i in indices]
    top, bottom = _line_band(words, pitch)
    height = bottom - top
    x0 = max(0, int(min(w.left for w in words) - MARGIN_X * height))
    x1 = min(gray.shape[1], int(max(w.left + w.width for w in words) + MARGIN_X * height))
    y0 = max(0, int(top - MARGIN_Y * height))
    y1 = min(gray.shape[0], int(bottom + MARGIN_Y * height))
    line = segment_line(gray[y0:y1, x0:x1], line_height=height)
    if line is None or not line.glyphs:
        return []
    # classify only the glyphs near Tesseract's digit-bearing words (the rest
    # of the line is "other"): most of a line is Thai text
    windows = [(w.left - x0 - CONTEXT * line.x_height, w.left + w.width - x0 + CONTEXT * line.x_height)
               for i, w in zip(indices, words) if TRIGGER & set(w.text) or i in lookalikes]
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
    probs = _slashes_by_shape(line, probs)
    line, probs = drop_floating_pieces(line, probs)
    if letters is not None and offsets is not None:
        letters.update(_prefix_letters(page, indices, offsets, line, probs, x0))
    runs = find_runs(line, probs, offset=(x0, y0),
                     phone_line=bool(_PHONE_WORD.search("".join(page.words[i].text for i in indices))))
    edits = []
    taken: set[int] = set()
    strays: set[int] = set()  # words an earlier run's edit rewrites (_stray_digits)
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
                if _PUNCTUATION_WORD.fullmatch(word.text):
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
            if len(near) != 1:
                continue
            covered = near
            trims.pop(near[0], None)
        if not any(set(page.words[i].text) & DIGITISH for i in covered) and not (
                set(covered) <= lookalikes and all(CLASSES[int(p.argmax())] in THAI_DIGITS for p in run.probs)
                and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY) and not (
                _running_number_place(runs, run, line)
                and _RUNNING_LOOKALIKE.fullmatch("".join(page.words[i].text for i in covered))
                and len(_ABOVE_BELOW.sub("", "".join(page.words[i].text for i in covered))) <= LOOKALIKE_LETTERS
                and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY):
            continue  # Tesseract saw no digit here: do not trust a lone classifier
        first, last = min(covered), max(covered)
        if any(i in taken for i in range(first, last + 1)):
            continue
        between = [i for i in range(first, last + 1) if i in indices]
        taken.update(between)
        # letters Tesseract wrote in the same word as the digits, outside the run ("/ว", "ที่๒")
        margin = 0.3 * line.x_height
        head, tail = page.words[first], page.words[last]
        prefix = _leading_letters(head.text) if head.left < run.x0 - margin else ""
        suffix = _leading_letters(tail.text[::-1])[::-1] if tail.left + tail.width > run.x1 + margin else ""
        # a run ends on a digit, so punctuation Tesseract wrote after it ("๑." of
        # a numbered item, "๒๕๖๗)") is not the run's: keep it
        if not suffix:
            suffix = _TRAILING_PUNCTUATION.search(tail.text).group()
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
    return edits


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


def _running_number_place(runs: list[_Run], run: _Run, line: Line) -> bool:
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


def _stray_digits(page: OcrPage, indices: list[int], skip: set[int], run: _Run, line: Line,
                  probs: np.ndarray, x0: int, runs: list[_Run] = ()) -> dict[int, str]:
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


_TRAILING_PUNCTUATION = re.compile(r"[.,:;)\]]*$")
_PUNCTUATION_WORD = re.compile(r"[.,:;)\]/\-]+")


def _leading_letters(text: str) -> str:
    for index, char in enumerate(text):
        if char in DIGITISH:
            return text[:index]
    return text


def word_offsets(page: OcrPage) -> list[int | None]:
    """Start of each word's text in page.text (None where the text does not
    follow the words, e.g. after a substitution)."""
    offsets: list[int | None] = []
    cursor = 0
    text = page.text
    for word in page.words:
        position = text.find(word.text, cursor)
        if position < 0 or text[cursor:position].strip():
            offsets.append(None)
            continue
        offsets.append(position)
        cursor = position + len(word.text)
    return offsets


def _apply(page: OcrPage, edits, offsets: list[int | None]) -> OcrPage:
    """Write the runs into the text and the words. Each run is one unit of
    text replacements and word changes; a unit that touches text or words an
    earlier unit changed is dropped whole, so text and words stay in step."""
    text = page.text
    used_words: set[int] = set()
    used_ranges: list[tuple[int, int]] = []
    replacements: list[tuple[int, int, str, _Run | None, str]] = []  # (start, end, new, run, ocr_text)
    changes: dict[int, list[OcrWord]] = {}  # word index -> the words that replace it
    for first, last, run, covered, trims, prefix, suffix in edits:
        start, end_word = offsets[first], offsets[last]
        if start is None or end_word is None:
            continue
        start += len(prefix)
        end = end_word + len(page.words[last].text) - len(suffix)
        ocr_text = text[start:end]
        kind = field_kind(_line_before(text, start), _line_after(text, end))
        chosen = _choose(run, kind, _line_after(text, end), _line_before(text, start), ocr_text)
        head, tail = page.words[first], page.words[last]
        margin = 0.6 * (run.y1 - run.y0)
        cut_short = head.left < run.x0 - margin or tail.left + tail.width > run.x1 + margin
        if cut_short and _loses_arabic_digits(ocr_text, chosen[0]):
            continue
        unit_text = [(start, end, chosen[0], run, ocr_text)]
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
        for index, trimmed in trims.items():
            offset = offsets[index]
            word = page.words[index]
            if offset is None or trimmed == word.text:
                continue
            # a trim is a replacement of the dropped characters by nothing, or of a
            # stray digit by the punctuation mark under it (_stray_digits)
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
        used_ranges += [(a, b) for a, b, *_ in unit_text]
        replacements += unit_text
        changes.update(unit_words)
        run.chosen = chosen  # type: ignore[attr-defined]
        run.kind = kind  # type: ignore[attr-defined]
    replacements.sort(key=lambda r: r[0])
    pieces: list[str] = []
    spans: list[DigitSpan] = []
    cursor, shift = 0, 0
    for start, end, new, run, ocr_text in replacements:
        pieces.append(text[cursor:start])
        pieces.append(new)
        if run is not None:
            spans.append(_span(run, start + shift, ocr_text))
        shift += len(new) - (end - start)
        cursor = end
    pieces.append(text[cursor:])
    words: list[OcrWord] = []
    for index, word in enumerate(page.words):
        words.extend(changes.get(index, [word]))
    return page.model_copy(update={"text": "".join(pieces), "words": words,
                                   "digit_spans": page.digit_spans + spans})


def _loses_arabic_digits(ocr_text: str, reading: str) -> bool:
    """Tesseract wrote Arabic digits only (and punctuation) and the reading
    holds fewer digits: where Tesseract's words also reach well past the run,
    the run was cut short ("0843.9/6" read "0843.9", "..0-8190-9340" read
    "0-9340") and Tesseract, which reads Arabic numerals right, is kept."""
    if not ocr_text.strip() or any(c not in ARABIC_DIGITS + PUNCT + " " for c in ocr_text):
        return False
    return sum(c in DIGIT_CLASSES for c in reading) < sum(c in ARABIC_DIGITS for c in ocr_text)


def _line_before(text: str, start: int) -> str:
    return text[text.rfind("\n", 0, start) + 1:start]


def _line_after(text: str, end: int) -> str:
    stop = text.find("\n", end)
    return text[end:] if stop < 0 else text[end:stop]


def _choose(run: _Run, kind: str, after: str, before: str | None = None, ocr_text: str = "",
            ) -> tuple[str, bool | None, float, list[DigitReading]]:
    """(text, plausible, probability, alternatives) for a run: the reading
    with the highest probability times its shape weight (``shape_weight``;
    Tesseract's Arabic reading, when kept, counts as the most probable), the
    most probable one when no reading fits. When no reading has the usual
    shape, readings without one of the run's glyphs (a piece of a broken
    digit read as a digit of its own) are weighed too, by DROP_PENALTY."""
    options = readings(run.probs)
    arabic = _arabic_reading(run, ocr_text)
    scored = [(text, p, p) for text, p in options]
    if kind == "letter_number":
        # no letter number holds a comma: a "," between its digits is a "." a fax gave a tail
        seen = {text for text, _, _ in scored}
        scored += [(dotted, p * COMMA_AS_DOT, p * COMMA_AS_DOT) for text, p, _ in list(scored)
                   if "," in text and (dotted := text.replace(",", ".")) not in seen]
    if arabic is not None and arabic[0] != options[0][0] and arabic[1] >= ARABIC_PRIOR * options[0][1]:
        scored = [(arabic[0], arabic[1], options[0][1])] + [o for o in scored if o[0] != arabic[0]]
    checked = [(text, p, score, shape_weight(text, kind, after, before), None) for text, p, score in scored]
    if checked[0][3] is not None and not any(c[3] == 1.0 for c in checked) and len(run.glyphs) > 1:
        for position in range(len(run.glyphs)):
            for text, p in readings(np.delete(run.probs, position, axis=0), limit=10):
                p *= DROP_PENALTY
                checked.append((text, p, p, shape_weight(text, kind, after, before), position))
    fitting = [c for c in checked if c[3] is None or c[3] > 0]
    best = max(fitting, key=lambda c: c[2] * (1.0 if c[3] is None else c[3])) if fitting else checked[0]
    if best[4] is not None:  # a glyph dropped
        position = best[4]
        run.glyphs = run.glyphs[:position] + run.glyphs[position + 1:]
        run.probs = np.delete(run.probs, position, axis=0)
    ok = None if best[3] is None else best[3] > 0
    alternatives, seen = [], {best[0]}
    for text, p, _, weight, dropped in checked:
        if text not in seen and dropped is None:
            seen.add(text)
            alternatives.append(DigitReading(text=text, probability=round(min(1.0, p), 6),
                                             plausible=None if weight is None else weight > 0))
    return best[0], ok, best[1], alternatives[:MAX_ALTERNATIVES]


def _span(run: _Run, start: int, ocr_text: str) -> DigitSpan:
    text, ok, _, alternatives = run.chosen  # type: ignore[attr-defined]
    chars = []
    for position, char in enumerate(text):
        p = run.probs[position]
        index = CLASSES.index(char)
        order = [i for i in np.argsort(-p) if i != index and CLASSES[i] != OTHER]
        alt = order[0] if order and p[order[0]] >= ALTERNATIVE_MIN else None
        chars.append(DigitChar(
            char=char, confidence=round(float(p[index]), 6),
            alternative=CLASSES[alt] if alt is not None else None,
            alternative_confidence=round(float(p[alt]), 6) if alt is not None else 0.0))
    return DigitSpan(
        start=start, end=start + len(text), text=text, ocr_text=ocr_text, kind=run.kind,  # type: ignore[attr-defined]
        plausible=ok, confidence=min(c.confidence for c in chars), chars=chars,
        alternatives=alternatives, box=(run.x0, run.y0, run.x1 - run.x0, run.y1 - run.y0))
