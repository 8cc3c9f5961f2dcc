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
2. classifies the in-line glyphs near Tesseract's digits (and the rest of
   each run those windows cut: ``digit_places.beside_digits``) with a small MLP
   (``pipeline/data/digit_model.npz``, trained by ``scripts/train_digits.py``
   on glyphs rendered from Thai fonts and cut the same way; a second one,
   ``digit_pairs.npz``, settles its ๒ against ๖: REFEREED_PAIRS): ๐-๙, 0-9,
   ``. , / - :`` or other; joins pieces of digits a fax's threshold broke,
   two or three (``merge_broken``), cuts digits blur joined
   (``split_touching``: a glyph two digits wide always, after taking the
   broken-off pieces standing within its columns; a digit and a "/" or "-"
   touching it a slash's width from its side), joins and cuts again touching
   pieces broken across two digits' edges (``regroup_pieces``; then joins
   once more two overlapping pieces read as one digit: ``join_twice_read``), gives a ๗
   its tail back where the tail joined the next digit (``give_back_tails``),
   and leaves out specks and pieces floating above the baseline (no digit
   does): these glyph-piece repairs are ``digit_pieces.py``, the cuts
   ``digit_cuts.py``; a glyph read as an Arabic 3 or 5 without the 5's
   left stroke is no 5 (a flat-topped 3 no training font has), and a glyph
   beside Arabic digits that a speck flagged as a mark made read as a letter
   is classified again without the flag, and a thin glyph shaped like a "/"
   after a digit is a "/" (``digit_shapes.py``);
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
   classifier finds it far less probable; where it wrote Thai digits one for
   one, each glyph's digits Tesseract never writes that for count for less
   (runs and readings: ``digit_runs.py``);
5. writes the reading into the page text in place of the Tesseract words
   under the run (one OcrWord replaces them) and records an
   ``OcrPage.digit_spans`` entry (offsets, Tesseract's text, kind,
   plausibility, per-character confidences and alternatives); a lone digit
   Tesseract wrote just outside the run over a glyph that reads as
   punctuation (the "." of "โทร.") becomes that punctuation, and one between
   two runs over no glyph of its own (the tail of the ว of "/ว") is dropped.
   A run no word overlaps takes a lone digit whose box is a sliver beside it
   (the words under a run: ``digit_words.py``). Arabic digits Tesseract
   wrote for a letter, glued to the letters beside it, are dropped where the
   glyphs under them surely read as letters ("มกราค3ม"). (The edits,
   ``RunEdit`` and ``RunInsert``, their writing into the text and the words,
   and the words Tesseract wrote as letters where digits stand or as digits
   where letters stand: ``digit_text.py``.)

The stage never adds a run where Tesseract wrote nothing but a few letters
or a symbol or two standing where a day, a count or a running number stands
(``ซ`` for ๗ before a month name or a unit, ``สีซอ`` for ๕๔๙ after a letter
number's unit code), or letters it was unsure of over a run that surely
reads as a unit code and its "/" (``ต อ`` over ``๐๙๔๑/``), and then only
when the glyphs surely read as Thai digits (or Arabic ones, where Tesseract
wrote Arabic digits on the line). Where Tesseract wrote nothing at all, the
glyphs alone are written in five places, when they surely read as digits: a
running number right after a unit code's run (its "/", at most the ว of
"/ว" between); a letter number after a line's bare head (``ที่ อว`` and
nothing more, or a word Tesseract garbled the head into), starting with ๐;
a day between "วันที่" and a month name; a count before its unit ("จำนวน ชุด"
for "จำนวน ๗ ชุด"); and a run that reads as a unit code and its "/",
anywhere on its line (all five: ``digit_places.py``). Before
all this, lines Tesseract made of the marks above the next line and wrote
as digits (or as ที่'s marks, "ซ่") are dropped (``mark_lines``). It also
puts back the ธ of a letter number's prefix that Tesseract wrote as 5
(``ย5`` for ``ยธ``) where the image shows a letter.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.models import OcrPage
from pipeline.ocr.classifier import Classifier, PairReferee, load_classifier
from pipeline.ocr.digit_cuts import regroup_pieces, split_touching
from pipeline.ocr.digit_lines import line_band, line_pitch, mark_lines, median, page_lines
from pipeline.ocr.digit_pieces import (
    drop_floating_pieces, give_back_tails, join_twice_read, merge_broken, specks_are_no_digits,
)
from pipeline.ocr.digit_places import (
    BESIDE_ROUNDS, COUNT_REACH, DAY_REACH, HEAD_REACH, LOOKALIKE_MIN_PROBABILITY, RUNNING_LOOKALIKE, LinePlaces,
    beside_digits, line_places, past_slashes, running_number_place, surely_digits, unit_code_run, wordless_place,
)
from pipeline.ocr.digit_runs import PHONE_WORD, Run, find_runs
from pipeline.ocr.digit_shapes import slashes_by_shape, specks_passing_for_marks, threes_by_shape
from pipeline.ocr.digit_text import (
    ABOVE_BELOW, DIGITISH, LOOKALIKE_LETTERS, TRIGGER, RunEdit, RunInsert, apply_edits, digits_over_letters,
    lookalike_words, prefix_letters,
)
from pipeline.ocr.digit_words import (
    MARKS_ONLY, letters_outside, split_at_arabic_words, stray_digits, words_beside, words_under,
)
from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, CLASSES, OTHER, THAI_DIGITS, Line, glyph_features, segment_line
from pipeline.ocr.images import gray_pixels
from pipeline.ocr.page_text import drop_words, put_letters, word_offsets

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "digit_model.npz"
# The model's readings between these lookalikes are settled by the referee
# (classifier.PairReferee) wherever the pair holds REFEREE_SHARE of a glyph's
# probability. A fax's threshold breaks the thin strokes of the government
# fonts, and the model read TH Sarabun New's ๖ as ๒ (21 digits over 18 replayed
# seeds). The referee is the model scripts/train_digits.py builds today: more
# fax lines of those fonts, no pieces of broken digits trained on as the
# digit, two seeds' logits averaged. It reads those pages better, but the
# stage's rules are tuned to the model, and as the whole model it read office
# letter numbers worse (TH Niramit AS's ๗ as ๓), so it only referees. Not ๔
# against ๕: the piece of TH Niramit AS's ๕ cut from a ๒ it touches lacks the
# ๕'s flourish, and the referee read it ๔ (clean letter numbers 99.72 -> 99.38 %).
REFEREE_PATH = MODEL_PATH.with_name("digit_pairs.npz")
REFEREED_PAIRS = ("๒๖",)
REFEREE_SHARE = 0.5
_ARABIC = set(ARABIC_DIGITS)

# Margins of the line crop, in line heights.
MARGIN_X, MARGIN_Y = 0.6, 0.25
# Glyphs farther than this many x-heights from every word in which Tesseract
# wrote a digit are not classified (a digit run it misread entirely as
# letters is lost, but the stage stays cheap).
CONTEXT = 4.0
# A word much wider than its characters (over GARBLED_WIDTH of the page's median word
# heights a character) is Tesseract's box over glyphs it could not read: the glyphs
# under it are classified, and a run there of GARBLED_DIGITS digits or more that
# surely reads as digits is written. TH Garuda on office scans: "ส" 4.1 and "า" 12.6
# over a letter number's digits; the widest words of letters on the development pages
# ("ภา", "แฟ", "ถนน") are 2.5-3.6.
GARBLED_WIDTH = 4.0  # (and GARBLED_DIGITS: digit_places.py)
# Tesseract's words of letters over a run that surely reads as a unit code (digit_places.
# unit_code_run) give way to it when it was less sure of each than this (its confidence,
# 0-100; the letters of a line it read are 90-97)
UNSURE_LETTERS = 70.0


@functools.lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH, referee: Path | None = REFEREE_PATH) -> Classifier | None:
    """The shipped classifier, its REFEREED_PAIRS settled by the model at REFEREE
    where that file is there; None when the model's file is missing (the stage
    is then a no-op)."""
    model = load_classifier(path, CLASSES)
    judge = load_classifier(referee, CLASSES) if model is not None and referee is not None else None
    if judge is None:
        return model
    pairs = tuple((CLASSES.index(a), CLASSES.index(b)) for a, b in REFEREED_PAIRS)
    return PairReferee(model, judge, pairs, REFEREE_SHARE)


# --------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------


def reread_digits(
    page: OcrPage, image: Image.Image, *, model: Classifier | None = None, pixels: np.ndarray | None = None
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
    edits: list[RunEdit | RunInsert] = []
    letters: dict[int, str] = {}  # word index -> its text with a digit that is a letter put right
    dropped: set[int] = set()  # words of Arabic digits Tesseract wrote for letters
    pitch: float | None = None
    size = median([w.height for w in page.words])  # the page's median word height (GARBLED_WIDTH)
    for indices in lines.values():
        lookalikes = lookalike_words(page, indices, offsets)
        garbled = {i for i in indices if page.words[i].width > GARBLED_WIDTH * size * len(page.words[i].text)}
        places = line_places(page, indices, offsets)
        if not lookalikes and not garbled and not places and not any(
                TRIGGER & set(page.words[i].text) for i in indices):
            continue
        if gray is None:
            gray = pixels if pixels is not None else gray_pixels(image)
        if pitch is None:
            pitch = line_pitch([[page.words[i] for i in line] for line in lines.values()]) or 0.0
        edits += _line_edits(page, indices, gray, model, lookalikes, offsets, letters, dropped, pitch, garbled,
                             places)
    if letters:
        page = put_letters(page, letters, offsets)
    if not edits and not dropped:
        return page
    return apply_edits(page, edits, offsets, dropped)


def _line_edits(page: OcrPage, indices: list[int], gray: np.ndarray, model: Classifier,
                lookalikes: set[int], offsets: list[int | None], letters: dict[int, str], dropped: set[int],
                pitch: float, garbled: set[int], places: LinePlaces) -> list[RunEdit | RunInsert]:
    """The edits of one line (word INDICES): its glyphs read (_read_line),
    grouped into runs, and each run matched to the words Tesseract wrote for
    it, or to a place where digits stand that Tesseract wrote nothing for."""
    read = _read_line(page, indices, gray, model, lookalikes, pitch, garbled, places)
    if read is None:
        return []
    line, probs, x0, y0 = read
    letters.update(prefix_letters(page, indices, offsets, line, probs, x0))
    dropped.update(digits_over_letters(page, indices, offsets, line, probs, x0))
    runs = find_runs(line, probs, offset=(x0, y0),
                     phone_line=bool(PHONE_WORD.search("".join(page.words[i].text for i in indices))))
    runs = [part for run in runs for part in split_at_arabic_words(page, indices, run, x0)]
    edits: list[RunEdit | RunInsert] = []
    taken: set[int] = set()
    strays: set[int] = set()  # words an earlier run's edit rewrites (stray_digits)
    previous = None  # the run of the last edit
    for run in runs:
        covered, trims, within = words_under(page, indices, taken, run, garbled)
        if within and not surely_digits(run):
            continue  # a run lying within a garbled word: Tesseract's text there tells nothing
        if not covered:
            near = words_beside(page, indices, taken, trims, lookalikes, run, line)
            if not near:
                place = wordless_place(page, indices, trims, edits, previous, runs, run, line, places, garbled)
                if place is not None:
                    edits.append(place)
                    previous = run
                continue
            if len(near) != 1:
                continue
            covered = near
            trims.pop(near[0], None)
        if not _tesseract_saw_digits(page, indices, covered, lookalikes, garbled, runs, run, line):
            # Tesseract saw no digit here: do not trust a lone classifier; but where the run
            # covers marks alone (ที่'s "่" written apart, its box over a day's ๗), its
            # word may stand beside it (a "๓" 1 px wide, 2 px right of the ๗)
            if not all(MARKS_ONLY.fullmatch(page.words[i].text) for i in covered):
                continue
            near = words_beside(page, indices, taken, trims, lookalikes, run, line)
            if len(near) != 1 or not _tesseract_saw_digits(page, indices, near, lookalikes, garbled, runs, run, line):
                continue
            covered = near
            trims.pop(near[0], None)
        first, last = min(covered), max(covered)
        if any(i in taken for i in range(first, last + 1)):
            continue
        between = [i for i in range(first, last + 1) if i in indices]
        taken.update(between)
        prefix, suffix = letters_outside(page, indices, first, last, garbled, run, line, probs, x0)
        if first == last and len(prefix) + len(suffix) >= len(page.words[first].text):
            continue
        stray = stray_digits(page, indices, taken | set(trims) | strays, run, line, probs, x0, runs)
        strays.update(stray)
        trims.update(stray)
        # a garbled word the run takes whole is set apart from the word Tesseract glued it to
        spaced = first in garbled and not prefix
        edits.append(RunEdit(first, last, run, between, {i: t for i, t in trims.items() if i not in taken},
                             prefix, suffix, spaced))
        previous = run
    return edits


def _read_line(page: OcrPage, indices: list[int], gray: np.ndarray, model: Classifier,
               lookalikes: set[int], pitch: float, garbled: set[int],
               places: LinePlaces) -> tuple[Line, np.ndarray, int, int] | None:
    """The line's glyphs (segmented from its crop of GRAY) and their class
    probabilities, after the glyph-piece repairs, with the crop's left and
    top; None when the crop holds no glyph. Only the glyphs near Tesseract's
    digit-bearing words, the lookalikes, the garbled words and the PLACES
    the text names (after a bare head, around a missing day, before a unit
    of count with no number) are classified (most of a line is Thai text:
    the rest is "other")."""
    words = [page.words[i] for i in indices]
    top, bottom = line_band(words, pitch)
    height = bottom - top
    x0 = max(0, int(min(w.left for w in words) - MARGIN_X * height))
    head, day, count = places.head, places.day, places.count
    right = max(w.left + w.width for w in words) + (HEAD_REACH * height if head is not None else 0)
    x1 = min(gray.shape[1], int(right + MARGIN_X * height))
    y0 = max(0, int(top - MARGIN_Y * height))
    y1 = min(gray.shape[0], int(bottom + MARGIN_Y * height))
    line = segment_line(gray[y0:y1, x0:x1], line_height=height)
    if line is None or not line.glyphs:
        return None
    windows = [(w.left - x0 - CONTEXT * line.x_height, w.left + w.width - x0 + CONTEXT * line.x_height)
               for i, w in zip(indices, words) if TRIGGER & set(w.text) or i in lookalikes or i in garbled]
    if head is not None:  # the room after a letter number's bare head
        end = page.words[head].left + page.words[head].width - x0
        windows.append((end, end + HEAD_REACH * height))
    if day is not None:  # the room between "วันที่" and the month name
        end = page.words[day].left + page.words[day].width - x0
        windows.append((end - DAY_REACH * height, end + DAY_REACH * height))
    if count is not None:  # the room before the unit of count
        start = page.words[count[1]].left - x0
        windows.append((start - COUNT_REACH * height, start))
    near = [i for i, g in enumerate(line.glyphs) if any(a <= (g.x0 + g.x1) / 2 <= b for a, b in windows)]
    probs = np.zeros((len(line.glyphs), len(CLASSES)), dtype=np.float32)
    probs[:, CLASSES.index(OTHER)] = 1.0
    if near:
        probs[near] = model.probabilities(glyph_features([line.glyphs[i] for i in near], line))
        _classify_around(line, probs, model, set(near))
    line, probs = merge_broken(line, probs, model)
    line, probs = split_touching(line, probs, model)
    # a "/" cut off a digit may show where a run goes on
    classified = {i for i in range(len(line.glyphs)) if probs[i, CLASSES.index(OTHER)] < 1.0}
    _classify_around(line, probs, model, classified)
    line, probs = regroup_pieces(line, probs, model)
    line, probs = join_twice_read(line, probs)
    line, probs = give_back_tails(line, probs, model)
    probs = specks_are_no_digits(line, probs)
    probs = specks_passing_for_marks(line, probs, model)
    probs = slashes_by_shape(line, probs)
    probs = threes_by_shape(line, probs)
    line, probs = drop_floating_pieces(line, probs)
    return line, probs, x0, y0


def _classify_around(line: Line, probs: np.ndarray, model: Classifier, done: set[int]) -> None:
    """Classify, in PROBS, the glyphs a running number may stand on past a
    "/" among the classified glyphs DONE (``past_slashes``; see
    ``running_number_place``), and then the rest of each run the windows
    cut (``beside_digits``)."""
    more = past_slashes(line, probs, sorted(done))
    for _ in range(BESIDE_ROUNDS):
        if more:
            probs[more] = model.probabilities(glyph_features([line.glyphs[i] for i in more], line))
            done.update(more)
        more = beside_digits(line, probs, done)
        if not more:
            break


def _tesseract_saw_digits(page: OcrPage, indices: list[int], covered: list[int], lookalikes: set[int],
                          garbled: set[int], runs: list[Run], run: Run, line: Line) -> bool:
    """Whether the words under RUN let the classifier's reading be written:
    they hold a digit; or they are lookalikes and the run surely reads as
    Thai digits (or Arabic ones, where Tesseract wrote Arabic digits on the line);
    or letters Tesseract was unsure of (UNSURE_LETTERS) over a run that surely
    reads as a unit code; or they are letters standing for a running number; or a
    garbled word, and the run surely reads as digits. A lone classifier where
    Tesseract saw no digit is not trusted."""
    if any(set(page.words[i].text) & DIGITISH for i in covered):
        return True
    sure = run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY
    # (Arabic digits too where Tesseract wrote Arabic digits on the line: "ๆ เมษายน 2533"
    # for "4 เมษายน 2533", TH Sarabun New on an office scan)
    digits = THAI_DIGITS + (ARABIC_DIGITS if any(set(page.words[i].text) & _ARABIC for i in indices) else "")
    if set(covered) <= lookalikes and sure and all(CLASSES[int(p.argmax())] in digits for p in run.probs):
        return True
    # letters Tesseract was unsure of over a run that surely reads as a unit code and its "/"
    # (TH Garuda, office: "ต อ", 53 and 38 % sure, over "๐๙๔๑/")
    if unit_code_run(run) and all(page.words[i].conf < UNSURE_LETTERS for i in covered):
        return True
    text = "".join(page.words[i].text for i in covered)
    if (sure and running_number_place(runs, run, line) and RUNNING_LOOKALIKE.fullmatch(text)
            and len(ABOVE_BELOW.sub("", text)) <= LOOKALIKE_LETTERS):
        return True
    return bool(set(covered) & garbled) and surely_digits(run)


