"""Runs of digit glyphs on a line, and the reading chosen for each.

Step 3 and 4 of the digit stage (``digits.py``): the line's classified glyphs
are grouped into runs (digits, punctuation only between digits, split at
spaces), and each run's readings are weighed by the shape of the field it
stands in (``digit_fields.shape_weight``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations

import numpy as np

from pipeline.models import DigitChar, DigitReading, DigitSpan
from pipeline.ocr.digit_fields import shape_weight
from pipeline.ocr.digit_pieces import ARABIC_INDEX, DIGIT_CLASSES, THAI_INDEX, one_script
from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line

# A gap wider than this many x-heights between two glyphs is a space.
SPACE_GAP = 0.42
# ... or, on a line with a phone number (PHONE_WORD) and between two digits, wider
# than SPACE_MIN_GAP x-heights and SPACE_USUAL_TIMES the line's usual gap between
# neighbouring digits (the median of at least SPACE_USUAL_COUNT):
# fonts with narrow spaces (TH Garuda's ๗, its tail reaching right, 0.37 x-heights from
# the next group of a phone number, the digits 0.12 apart: "๐๗ ๒๖๙๐" read "๐๗๒๖๙๐")
SPACE_MIN_GAP = 0.35
SPACE_USUAL_TIMES = 2.5
SPACE_USUAL_COUNT = 6
PHONE_WORD = re.compile("โทร|ต่อ")
# A digit narrower than this share of the line's digit width (an Arabic 1)
# stands in a digit-wide cell (the gaps on its sides are not spaces); not beside
# a glyph read as a digit of the other script (no number mixes them): the stem
# of a า a fax broke off its hook, 4 px wide and read "1" 0.61, 13 px (0.76
# x-heights) left of a ๕, began its run ("๕ ชุด" read "๙๕ ชุด").
NARROW_DIGIT = 0.65
# A glyph read as "other", less surely than BRIDGE_OTHER_MAX, no taller than
# BRIDGE_HEIGHT x-heights (no letter), touching or overlapping the boxes of the
# digits on both its sides (BRIDGE_GAP pixels at most) is a piece a fax broke off
# one of them, and does not cut the run: TH Sarabun New's ๖ lost the tip of its
# left stroke (6 px tall at an x-height of 16, 0.38; read other 0.45, boxes
# overlapping its neighbours by 1-2 px) and "๒๕๕๖" was read as "๒๕๕" and "๖".
# A "-" stands lower than that (0.1-0.2 x-heights) and apart from its digits.
BRIDGE_OTHER_MAX = 0.9
BRIDGE_HEIGHT = 0.5
BRIDGE_MIN_HEIGHT = 0.25
BRIDGE_GAP = 1
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
# ... and always where it differs from the classifier's best reading only in
# these pairs (Tesseract's digit, the classifier's), or in punctuation besides
# (then its digits of these pairs are kept, see _trusted_reading): the classifier was never
# shown a flat-topped 3 (TH Niramit AS's, the held-out font) and reads it as
# 5, while Tesseract wrote no 3 for a printed 5 on the six development seeds
# (this overruled the classifier in 5 runs there, Tesseract right in all 5:
# 3 letter numbers, a year, an amount)
TESSERACT_TRUSTED = {("3", "5")}
# Characters Tesseract writes for a "/" ("0656|3"), and symbols it writes
# beside a digit over no glyph of its own ("0392)/"), dropped before its
# reading is compared glyph for glyph
TESSERACT_SLASHES = "|"
TESSERACT_STRAY_SYMBOLS = "()[]"
# Where Tesseract wrote Thai digits under a run, glyph for glyph, a glyph's
# reading may be a digit Tesseract writes what it wrote for at least
# TESSERACT_WRITES_MIN of the time (pipeline/data/digit_confusions.json: ๕ for ๔ ๕
# ๗ ๘ ๙, ๓ for ๓ ๗ ๙, ๒ for ๒ ๖, ๐ for ๐ ๖, ๑ for ๑); other digits are weighed
# by TESSERACT_PRIOR_FLOOR, other classes not at all. Tesseract never writes ๑
# for a ๐, so where it wrote ๑ an unsure ๐ of the classifier gives way; between
# the digits it writes alike the classifier alone decides.
TESSERACT_WRITES_MIN = 0.1
TESSERACT_PRIOR_FLOOR = 0.1
# A small glyph right after a digit is a "." or "," when it has this much probability of being one.
DOT_MIN_PROBABILITY = 0.15
# A day or a year with one glyph too many: a reading without one of its glyphs
# is weighed by this factor.
DROP_PENALTY = 0.05
# ... and a year (YEAR_DIGITS) with two glyphs too many, by its square, only where
# dropping one fits no reading: a fax broke TH Sarabun New's ๖ and ๔ of "๒๕๖๔" and a
# piece of each read as a digit ("๒๕๓๖๐๔": ๓ 0.62 and ๐ 0.62 beside ๖ 0.98 and ๔ 0.91)
YEAR_DIGITS = 4
# In a letter number a "," read between digits is weighed as a "." by this factor.
COMMA_AS_DOT = 0.5
# A runner-up character is an alternative when it has at least this probability.
ALTERNATIVE_MIN = 0.01
MAX_ALTERNATIVES = 3

_TRIM_ENDS = ".,-:"


# --------------------------------------------------------------------------
# Runs of glyphs
# --------------------------------------------------------------------------


@dataclass
class Run:
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
              phone_line: bool = False) -> list[Run]:
    """Runs of digit glyphs (punctuation allowed between digits, no spaces)
    that hold at least one Thai digit, left to right."""
    probs = probs.copy()
    labels = [CLASSES[i] for i in probs.argmax(axis=1)]
    runs: list[list[int]] = []
    current: list[int] = []
    previous: Glyph | None = None
    previous_label = OTHER
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
        if label == OTHER and current and _bridge(line, probs, labels, index):
            continue  # a piece of a digit beside it: the run goes on past it
        numeric = label != OTHER
        spaced = previous is not None and _spaced(previous, previous_label, glyph, label, line.x_height, cell,
                                                  usual)
        if current and (not numeric or spaced):
            runs.append(current)
            current = []
        if numeric:
            current.append(index)
        previous, previous_label = glyph, label
    if current:
        runs.append(current)
    found: list[Run] = []
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
        found.append(Run(glyphs, run_probs,
                          dx + min(g.x0 for g in glyphs), dy + min(g.y0 for g in glyphs),
                          dx + max(g.x1 for g in glyphs), dy + max(g.y1 for g in glyphs), raw))
    return found


def _bridge(line: Line, probs: np.ndarray, labels: list[str], index: int) -> bool:
    """Whether glyph INDEX, read as other, is a piece broken off a digit
    between two digits (see BRIDGE_OTHER_MAX)."""
    if index == 0 or index + 1 >= len(line.glyphs):
        return False
    if labels[index - 1] not in DIGIT_CLASSES or labels[index + 1] not in DIGIT_CLASSES:
        return False
    glyph, left, right = line.glyphs[index], line.glyphs[index - 1], line.glyphs[index + 1]
    xh = line.x_height
    return (probs[index, CLASSES.index(OTHER)] < BRIDGE_OTHER_MAX
            and BRIDGE_MIN_HEIGHT * xh <= glyph.height <= BRIDGE_HEIGHT * xh
            and glyph.x0 - left.x1 <= BRIDGE_GAP and right.x0 - glyph.x1 <= BRIDGE_GAP)


def _spaced(left: Glyph, left_label: str, right: Glyph, right_label: str, x_height: float,
            cell: float, usual: float | None = None) -> bool:
    """Whether a space stands between two neighbouring glyphs: a gap wider
    than SPACE_GAP x-heights, less the room a narrow digit (an Arabic 1)
    leaves on each side of it in a digit-wide cell (CELL: the width of the
    line's other digits)."""
    gap = right.x0 - left.x1
    # (not beside a digit of the other script: see NARROW_DIGIT)
    mixed = {left_label, right_label} & set(THAI_DIGITS) and {left_label, right_label} & set(ARABIC_DIGITS)
    for glyph, label in ((left, left_label), (right, right_label)):
        if label in DIGIT_CLASSES and glyph.width < NARROW_DIGIT * cell and not mixed:
            gap -= (cell - glyph.width) / 2
    if usual is not None and left_label in DIGIT_CLASSES and right_label in DIGIT_CLASSES \
            and gap > SPACE_MIN_GAP * x_height and gap > SPACE_USUAL_TIMES * max(usual, 1.0):
        return True
    return gap > SPACE_GAP * x_height


def _arabic_reading(run: Run, ocr_text: str) -> tuple[str, float] | None:
    """Tesseract's reading of a run and its probability under the classifier,
    when Tesseract wrote Arabic digits there, one character per glyph
    (its "|" for "/" read as "/", its brackets left out)."""
    text = _beside_run_dropped(_tesseract_characters(ocr_text), run)
    if (len(text) != len(run.glyphs) or not set(text) <= set(ARABIC_DIGITS + PUNCT)
            or not set(text) & set(ARABIC_DIGITS) or run.raw is None):
        return None
    # where the glyphs surely are Thai digits, Tesseract's Arabic is no reading of them
    # (TH Garuda's ๖ on a fax written 9, read ๖ at 1.00 by the classifier)
    if run.raw[:, ARABIC_INDEX].sum() < ARABIC_SCRIPT_MIN * run.raw[:, THAI_INDEX].sum():
        return None
    probs = one_script(run.raw, script="arabic")
    return text, float(np.prod([probs[i, CLASSES.index(c)] for i, c in enumerate(text)]))


def _tesseract_prior(run: Run, ocr_text: str) -> np.ndarray | None:
    """The run's probabilities weighed by what Tesseract wrote for each glyph
    (see TESSERACT_WRITES_MIN), when it wrote Thai digits (and punctuation)
    there, one character per glyph, and the run reads as Thai digits; else None."""
    text = _tesseract_characters(ocr_text)
    if len(text) != len(run.glyphs) or not set(text) <= set(THAI_DIGITS + PUNCT) \
            or not set(text) & set(THAI_DIGITS) or not run.probs[:, THAI_INDEX].any():
        return None
    writes = _written_for()
    weights = np.ones_like(run.probs)
    for position, char in enumerate(text):
        if char in THAI_DIGITS:
            for digit in THAI_DIGITS:
                if digit not in writes[char]:
                    weights[position, CLASSES.index(digit)] = TESSERACT_PRIOR_FLOOR
    probs = run.probs * weights
    return probs / probs.sum(axis=1, keepdims=True)


@cache
def _written_for() -> dict[str, set[str]]:
    """Thai digit Tesseract writes -> the printed Thai digits it writes it for
    at least TESSERACT_WRITES_MIN of the time (pipeline/data/digit_confusions.json,
    whose digits are written in Arabic)."""
    with resources.files("pipeline.data").joinpath("digit_confusions.json").open(encoding="utf-8") as f:
        reads = json.load(f)["probabilities"]
    return {written: {printed for printed in THAI_DIGITS
                      if reads[str(THAI_DIGITS.index(printed))].get(str(THAI_DIGITS.index(written)), 0.0)
                      >= TESSERACT_WRITES_MIN}
            for written in THAI_DIGITS}


def _tesseract_characters(ocr_text: str) -> str:
    """Tesseract's text under a run without its spaces, its "|" for "/" read
    as "/", its brackets left out (see TESSERACT_SLASHES)."""
    text = "".join(ocr_text.split())
    return "".join("/" if c in TESSERACT_SLASHES else c for c in text if c not in TESSERACT_STRAY_SYMBOLS)


def _beside_run_dropped(text: str, run: Run) -> str:
    """TEXT, Tesseract's characters under RUN, less the punctuation it wrote
    at their ends for glyphs the run leaves out, when its characters then stand
    one for one on the run's glyphs: a run never starts with punctuation, and
    ends with it only where its last glyph reads so (TH Niramit AS on a fax:
    Tesseract's word "-0113/" over the run "0113", its "/" read as other)."""
    if len(text) == len(run.glyphs):
        return text
    text = text.lstrip(PUNCT)
    if len(text) != len(run.glyphs) and CLASSES[int(run.probs[-1].argmax())] not in PUNCT:
        text = text.rstrip(PUNCT)
    return text


def _trusted_reading(tesseract: str, classifier: str) -> str | None:
    """The classifier's reading of a run with Tesseract's digit wherever the
    two form a TESSERACT_TRUSTED pair, when they differ nowhere else but in
    punctuation (Tesseract's reading glyph for glyph); else None (TH Niramit
    AS's "3,620,127" on a fax, Tesseract's "3.620,127": its 3 stands, the
    classifier's "," too)."""
    pairs = list(zip(tesseract, classifier))
    if len(tesseract) != len(classifier) or not any(pair in TESSERACT_TRUSTED for pair in pairs) or not all(
            a == b or (a, b) in TESSERACT_TRUSTED or (a in PUNCT and b in PUNCT) for a, b in pairs):
        return None
    return "".join(a if (a, b) in TESSERACT_TRUSTED else b for a, b in zip(tesseract, classifier))


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



def choose_reading(run: Run, kind: str, after: str, before: str | None = None, ocr_text: str = "",
            ) -> tuple[str, bool | None, float, list[DigitReading]]:
    """(text, plausible, probability, alternatives) for a run: the reading
    with the highest probability times its shape weight (``shape_weight``;
    Tesseract's Arabic reading, when kept, counts as the most probable), the
    most probable one when no reading fits. When no reading has the usual
    shape, readings without one of the run's glyphs (a piece of a broken
    digit read as a digit of its own) are weighed too, by DROP_PENALTY. The
    run's probabilities are first weighed by the Thai digits Tesseract wrote
    (``_tesseract_prior``), and stay so: its confidences tell of both."""
    prior = _tesseract_prior(run, ocr_text)
    if prior is not None:
        run.probs = prior
    options = readings(run.probs)
    arabic = _arabic_reading(run, ocr_text)
    scored = [(text, p, p) for text, p in options]
    if kind == "letter_number":
        # no letter number holds a comma: a "," between its digits is a "." a fax gave a tail
        seen = {text for text, _, _ in scored}
        scored += [(dotted, p * COMMA_AS_DOT, p * COMMA_AS_DOT) for text, p, _ in list(scored)
                   if "," in text and (dotted := text.replace(",", ".")) not in seen]
    if arabic is not None and arabic[0] != options[0][0]:
        trusted = _trusted_reading(arabic[0], options[0][0])
        kept = None
        if arabic[1] >= ARABIC_PRIOR * options[0][1] or trusted == arabic[0]:
            kept = arabic
        elif trusted is not None:  # Tesseract's digits of the trusted pairs, the classifier's elsewhere
            kept = (trusted, float(np.prod([run.probs[i, CLASSES.index(c)] for i, c in enumerate(trusted)])))
        if kept is not None:  # counts as the most probable reading
            scored = [(kept[0], kept[1], options[0][1])] + [o for o in scored if o[0] != kept[0]]
    checked = [(text, p, score, shape_weight(text, kind, after, before), None) for text, p, score in scored]
    if checked[0][3] is not None and not any(c[3] == 1.0 for c in checked) and len(run.glyphs) > 1:
        for position in range(len(run.glyphs)):
            for text, p in readings(np.delete(run.probs, position, axis=0), limit=10):
                p *= DROP_PENALTY
                checked.append((text, p, p, shape_weight(text, kind, after, before), (position,)))
        # a year of four digits in six glyphs: two pieces of broken digits read as digits
        if kind == "year" and len(run.glyphs) == YEAR_DIGITS + 2 and not any(c[3] == 1.0 for c in checked):
            for pair in combinations(range(len(run.glyphs)), 2):
                for text, p in readings(np.delete(run.probs, list(pair), axis=0), limit=10):
                    p *= DROP_PENALTY ** 2
                    checked.append((text, p, p, shape_weight(text, kind, after, before), pair))
    fitting = [c for c in checked if c[3] is None or c[3] > 0]
    best = max(fitting, key=lambda c: c[2] * (1.0 if c[3] is None else c[3])) if fitting else checked[0]
    if best[4] is not None:  # glyphs dropped
        run.glyphs = [g for k, g in enumerate(run.glyphs) if k not in best[4]]
        run.probs = np.delete(run.probs, list(best[4]), axis=0)
    ok = None if best[3] is None else best[3] > 0
    alternatives, seen = [], {best[0]}
    for text, p, _, weight, dropped in checked:
        if text not in seen and dropped is None:
            seen.add(text)
            alternatives.append(DigitReading(text=text, probability=round(min(1.0, p), 6),
                                             plausible=None if weight is None else weight > 0))
    return best[0], ok, best[1], alternatives[:MAX_ALTERNATIVES]


def digit_span(run: Run, start: int, ocr_text: str) -> DigitSpan:
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
