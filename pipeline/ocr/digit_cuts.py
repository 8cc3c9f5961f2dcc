"""Cuts of the digit stage's glyph-piece repairs (``digit_pieces.py``):
a glyph the line's segmentation gave for two digits, or for a digit and the
``/`` or ``-`` touching it, cut again and read anew with the classifier.

* ``split_touching``: a glyph two digits wide (or two Arabic digits wide, on
  a line of narrow digits) cut in two or three; a digit and a ``/`` or ``-``
  touching it cut a slash's width from its side (``_slash_cut``); a glyph
  taller than any Thai digit cut into the digit and its ``/``
  (``_tall_slash_cut``, ``slash_shaped``);
* ``regroup_pieces``: touching pieces, one unsure, joined and cut again.

The cut lines themselves are ``digit_pieces.cut_glyph``'s (least ink,
slanted like a ``/``). Each takes and returns the line and its glyphs'
class probabilities.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from pipeline.ocr.classifier import Classifier
from pipeline.ocr.digits_glyphs import (
    ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line, glyph_features, join_glyphs,
)
from pipeline.ocr.digit_pieces import (
    DIGIT_CLASSES, MERGE_GAP, MERGE_MIN_PROBABILITY, MERGE_OVERLAP_WIDTH, SPLIT_WIDTH, cut_glyph, digit_cell,
    slash_shaped,
)
from pipeline.ocr.digit_shapes import BETWEEN_SLASH_HEIGHT, BETWEEN_SLASH_MIN

# A cut is kept when its parts read as Thai digits with at least this mean probability
# (a glyph wider than digit_pieces.SPLIT_WIDTH x-heights may be digits touching each other).
SPLIT_MIN_PROBABILITY = 0.6
# A glyph is cut into N digits when it is at most this many x-heights wide per digit
# (TH Niramit AS's ๗, its tail reaching far right, and a ๒ blurred to it: 2.51)
SPLIT_PART_WIDTH = 1.35
# A glyph standing at least this share of its width within a wide glyph's
# columns is a piece of its digits, joined to it before it is cut (see split_touching).
ABSORB_SHARE = 0.5
# Two or three neighbouring pieces, touching, one of them read less surely than
# REGROUP_UNSURE, together wider than one digit (SPLIT_WIDTH) and at most
# REGROUP_WIDTH x-heights: joined and cut again when every new piece reads at
# least REGROUP_MIN_PROBABILITY surely and more surely than they did (see regroup_pieces).
REGROUP_UNSURE = 0.9
REGROUP_WIDTH = 2.5
REGROUP_MIN_PROBABILITY = 0.9
# A glyph at least this many x-heights wide is cut even with a mark above or
# below it (no Thai letter is that wide; TH Garuda's ๗๔ blurred together is 2.15),
# and even when the whole reads more surely as one digit than its pieces do.
MARKED_SPLIT_WIDTH = 1.8
# Where the line's digits are narrow (Arabic: 0.6 x-heights), a glyph wider than this many
# of them, narrower than SPLIT_WIDTH and read as one digit less surely than NARROW_WHOLE_MAX,
# is cut in two when both pieces read at least ARABIC_SPLIT_MIN surely (TH Sarabun's "2/"
# of "0821.2/ว" on a fax: 1.18 x-heights, read ๕ at 0.61; pieces 2 and / at 1.00); pieces
# read as Arabic digits are kept only that surely.
NARROW_SPLIT = 1.6
NARROW_WHOLE_MAX = 0.9
ARABIC_SPLIT_MIN = 0.95
# A glyph read as a Thai digit between an Arabic digit or punctuation and an Arabic digit,
# wider than this many of the line's digits, may be an Arabic digit and the "/" after it
# blurred together (TH Niramit AS's "3/" of "0036.3/5976" on a fax: 1.53 of them, read ๙
# at 0.91, where Tesseract had it right; see _arabic_digit_slash_cut).
ODD_SPLIT = 1.35
# A "/" touching a digit is cut about this many x-heights from the glyph's
# side, and both pieces must read at least this surely (see _slash_cut).
SLASH_WIDTH = 0.45
SLASH_MIN_PROBABILITY = 0.95
# ... or at least this surely when the pieces read more surely (geometric mean)
# than the whole reads as one digit (TH Niramit AS's "/๖" on an office scan:
# the ๖'s rising stroke touches the "/", which then reads "/" at 0.85, and the
# whole reads ๖ at 0.88: "๐๗๔๒/๖๙" read "๐๗๔๒๙")
SLASH_SURER_PROBABILITY = 0.8
DASH_HEIGHT = 0.3  # x-heights: a "-" cut off a digit the same way is no taller
# A glyph at most this many x-heights right of a glyph read as a digit or punctuation
# goes on its run: cut into a digit and a "/" even with a mark flagged under it, where
# both pieces read SLASH_MIN_PROBABILITY surely (TH Garuda's "๒/" of "๐๗๕๓.๒/๑" on an
# office scan, blurred together and read other, flagged by a mark of the line below).
RUN_GAP = 0.42

SLASH_HEIGHT = 1.15  # x-heights: a "/" is taller than a digit (TH Niramit AS's ๗ cut gives a 1.06 tail)
# No Thai digit stands this many x-heights tall (the tallest, ๒ and ๕, 1.19 on the bench
# pages): a glyph that does and cuts into a Thai digit read at least TALL_DIGIT_MIN surely
# and a "/" as tall as the glyph, standing TALL_SLASH_MARGIN x-heights above the digit, is
# that digit and that "/", however surely the whole reads as one digit (TH Garuda's "๔/"
# blurred together, 1.24-1.31 tall, read ๙ at 0.95-0.99; TH Niramit AS's "/๖", 1.31, read ๖).
# The "/" piece reads "/", or other with "/" its runner-up and the shape of a "/" (see
# digit_pieces.slash_shaped).
TALL_GLYPH = 1.2
TALL_DIGIT_MIN = 0.9
TALL_SLASH_MARGIN = 0.1


def split_touching(line: Line, probs: np.ndarray, model: Classifier) -> tuple[Line, np.ndarray]:
    """Split glyphs wider than one digit that are touching digits (blur and
    JPEG join ๕๖, ๔๒, ๕/): a wide glyph near a digit word is cut along the
    straight or slanted lines crossing the least ink into 2 or 3 parts, and
    the best cut is kept when every part reads as a digit or punctuation
    (at least one Thai digit) with a higher mean probability than the whole.
    Pieces of its digits that a fax's threshold broke off and that stand
    within its columns (at least ABSORB_SHARE of their width) are joined
    to it first, where the whole then cuts into digits (TH Sarabun New's
    ๕๒ touching, its loops apart: "๑๕๒" read "๑๕๕")."""
    xh = line.x_height
    other = CLASSES.index(OTHER)
    # first the wide glyphs that take pieces within their columns: index of
    # their first member -> (members, pieces, their probabilities)
    groups: dict[int, tuple[list[int], list[Glyph], list[np.ndarray]]] = {}
    cell = digit_cell(line, probs)
    grouped: set[int] = set()
    for index, (glyph, p) in enumerate(zip(line.glyphs, probs)):
        if index in grouped or p[other] >= 1.0 or glyph.width <= SPLIT_WIDTH * xh:
            continue
        inner = [j for j in range(max(0, index - 2), min(len(line.glyphs), index + 3))
                 if j != index and j not in grouped and probs[j, other] < 1.0
                 and not (line.glyphs[j].mark_above or line.glyphs[j].mark_below)
                 and min(glyph.x1, line.glyphs[j].x1) - max(glyph.x0, line.glyphs[j].x0)
                 >= ABSORB_SHARE * line.glyphs[j].width]
        if not inner:
            continue
        union = glyph
        for j in inner:
            union = join_glyphs([union, line.glyphs[j]])
        cut = _split_one(union, model.probabilities(glyph_features([union], line))[0], line, model)
        if cut is not None:
            members = sorted(inner + [index])
            groups[members[0]] = (members, cut[0], cut[1])
            grouped.update(members)
    glyphs: list[Glyph] = []
    rows: list[np.ndarray] = []
    changed = bool(groups)
    for index, (glyph, p) in enumerate(zip(line.glyphs, probs)):
        if index in groups:
            glyphs.extend(groups[index][1])
            rows.extend(groups[index][2])
            continue
        if index in grouped:
            continue
        before = CLASSES[int(probs[index - 1].argmax())] if index else OTHER
        in_run = index > 0 and index - 1 not in grouped and glyph.x0 - line.glyphs[index - 1].x1 <= RUN_GAP * xh \
            and (before in DIGIT_CLASSES or before in PUNCT)
        after = CLASSES[int(probs[index + 1].argmax())] if index + 1 < len(line.glyphs) else OTHER
        odd = CLASSES[int(p.argmax())] in THAI_DIGITS and (before in ARABIC_DIGITS or before in PUNCT) \
            and after in ARABIC_DIGITS
        cut = _split_one(glyph, p, line, model, cell, in_run, odd)
        if cut is None:
            glyphs.append(glyph)
            rows.append(p)
            continue
        # a piece still wider than a digit may be a digit and the "/" touching it (TH Garuda's
        # "๗๓/" blurred into one glyph: ๗ and "๓/", read ๗, then ๓ and "/")
        for piece, q in zip(*cut):
            whole = float(q.max()) if CLASSES[int(q.argmax())] in DIGIT_CLASSES else 0.0
            again = _slash_cut(piece, line, model, whole or 1.0) \
                if SPLIT_WIDTH * xh < piece.width <= 2.0 * xh else None
            glyphs.extend(again[1] if again else [piece])
            rows.extend(list(again[2]) if again else [q])
        changed = True
    if not changed:
        return line, probs
    return replace(line, glyphs=glyphs), np.stack(rows)


def regroup_pieces(line: Line, probs: np.ndarray, model: Classifier) -> tuple[Line, np.ndarray]:
    """Cut two digits again where a fax broke them into pieces that do not
    fall at the digits' edges (TH Sarabun New's ๕๖: the ๕'s loop, the rest of
    the ๕ with the top of the ๖, the rest of the ๖, read ๐, "other", ๖):
    neighbouring classified pieces that touch, one of them read unsurely,
    are joined and cut as split_touching cuts a wide glyph; the cut is kept
    when every new piece reads at least REGROUP_MIN_PROBABILITY surely and
    the pieces read more surely (geometric mean) than the old ones did. Of
    the windows holding an unsure piece, the surest cut is taken."""
    xh = line.x_height
    other = CLASSES.index(OTHER)
    glyphs = list(line.glyphs)
    rows = list(probs)
    changed = False
    index = 0
    while index < len(glyphs):
        if float(rows[index].max()) >= REGROUP_UNSURE or rows[index][other] >= 1.0:
            index += 1
            continue
        best = None
        for start in range(max(0, index - 2), index + 1):
            for count in (2, 3):
                window = range(start, start + count)
                if start + count > len(glyphs) or index not in window:
                    continue
                pieces = [glyphs[i] for i in window]
                old = [rows[i] for i in window]
                # (a "." or "-" between two digits is no piece of them: pieces stand 0.4 x-heights tall)
                if any(q[other] >= 1.0 for q in old) or any(g.mark_above or g.mark_below for g in pieces) \
                        or min(g.height for g in pieces) < 0.4 * xh or any(b.x0 - a.x1 > max(2.0, MERGE_GAP * xh) for a, b in zip(pieces, pieces[1:])):
                    continue
                width = max(g.x1 for g in pieces) - min(g.x0 for g in pieces)
                if not SPLIT_WIDTH * xh < width <= REGROUP_WIDTH * xh:
                    continue
                union = pieces[0]
                for piece in pieces[1:]:
                    union = join_glyphs([union, piece])
                cut = _split_one(union, model.probabilities(glyph_features([union], line))[0], line, model)
                # every new piece one glyph wide (a "๒/" cut as one ๗ is none: "๐๒๘๒/ว" read "๐๒๘๗ว")
                if cut is None or len(cut[0]) > count or any(g.width > SPLIT_WIDTH * xh for g in cut[0]):
                    continue
                sure = [float(q.max()) for q in cut[1]]
                score = float(np.exp(np.mean(np.log(sure))))
                before = float(np.exp(np.mean(np.log([max(float(q.max()), 1e-9) for q in old]))))
                if min(sure) >= REGROUP_MIN_PROBABILITY and score > before and (best is None or score > best[0]):
                    best = (score, start, count, cut)
        if best is None:
            index += 1
            continue
        _, start, count, cut = best
        glyphs[start:start + count] = cut[0]
        rows[start:start + count] = cut[1]
        changed = True
        index = start + len(cut[0])
    if not changed:
        return line, probs
    return replace(line, glyphs=glyphs), np.stack(rows)


def _classified_cuts(options: list[list[Glyph]], line: Line, model: Classifier):
    """(pieces, their probabilities) of each cut in OPTIONS, the pieces of
    every cut classified in one call of the classifier."""
    if not options:
        return []
    every = model.probabilities(glyph_features([piece for pieces in options for piece in pieces], line))
    found, start = [], 0
    for pieces in options:
        found.append((pieces, every[start:start + len(pieces)]))
        start += len(pieces)
    return found


def _cut_score(part_probs: np.ndarray) -> float:
    """How surely a cut's pieces read: the geometric mean of their best probabilities."""
    return float(np.exp(np.mean(np.log(part_probs.max(axis=1) + 1e-9))))


def _thai_cut(labels: list[str]) -> bool:
    """Pieces that read as Thai digits or punctuation, one digit at least."""
    return all(label in THAI_DIGITS or label in PUNCT for label in labels) and any(
        label in DIGIT_CLASSES for label in labels)


def _arabic_cut(labels: list[str], part_probs: np.ndarray) -> bool:
    """Pieces that read as Arabic digits or punctuation, one digit at least,
    each at least ARABIC_SPLIT_MIN surely (blur joins Arabic digits too:
    TH Niramit AS's "44" of "0144/217" on an office scan, read as one ๓)."""
    return all(label in ARABIC_DIGITS or label in PUNCT for label in labels) and any(
        label in ARABIC_DIGITS for label in labels) and float(part_probs.max(axis=1).min()) >= ARABIC_SPLIT_MIN


def _split_one(glyph: Glyph, p: np.ndarray, line: Line, model: Classifier, cell: float | None = None,
               in_run: bool = False, odd_script: bool = False):
    """The pieces of GLYPH (P: its probabilities) and theirs, as split_touching
    cuts it; None when it stays whole. IN_RUN: the glyph before it reads as
    a digit or punctuation, no space between them (see RUN_GAP). ODD_SCRIPT:
    it reads as a Thai digit between Arabic ones (see ODD_SPLIT)."""
    xh = line.x_height
    best = None
    near_digits = p[CLASSES.index(OTHER)] < 1.0  # classified (near a digit word)
    if odd_script and near_digits and cell is not None and ODD_SPLIT * cell < glyph.width <= SPLIT_WIDTH * xh \
            and not (glyph.mark_above or glyph.mark_below):
        odd = _arabic_digit_slash_cut(glyph, line, model)
        if odd is not None:
            return odd[1], list(odd[2])
    # a glyph with a mark is a letter, unless it is two glyphs wide (the mark
    # may be a tone mark of the next line standing under two touching digits)
    unmarked = not (glyph.mark_above or glyph.mark_below) or glyph.width >= MARKED_SPLIT_WIDTH * xh
    if near_digits and glyph.width > SPLIT_WIDTH * xh and unmarked:
        for parts in (2, 3):
            if not (0.6 * parts <= glyph.width / xh <= SPLIT_PART_WIDTH * parts):
                continue
            for pieces, part_probs in _classified_cuts(cut_glyph(glyph, parts), line, model):
                labels = [CLASSES[i] for i in part_probs.argmax(axis=1)]
                if not (_thai_cut(labels) or _arabic_cut(labels, part_probs)):
                    continue
                score = _cut_score(part_probs)
                if score >= SPLIT_MIN_PROBABILITY and (best is None or score > best[0]):
                    best = (score, pieces, part_probs)
    # a glyph narrower than SPLIT_WIDTH but wider than NARROW_SPLIT of the line's digits where
    # those are narrow (Arabic), read unsurely, cut in two sure pieces
    if near_digits and cell is not None and NARROW_SPLIT * cell < glyph.width <= SPLIT_WIDTH * xh \
            and p.max() < NARROW_WHOLE_MAX and not (glyph.mark_above or glyph.mark_below):
        for pieces, part_probs in _classified_cuts(cut_glyph(glyph, 2), line, model):
            labels = [CLASSES[i] for i in part_probs.argmax(axis=1)]
            if part_probs.max(axis=1).min() < ARABIC_SPLIT_MIN or not (
                    _thai_cut(labels) or _arabic_cut(labels, part_probs)):
                continue
            score = _cut_score(part_probs)
            if best is None or score > best[0]:
                best = (score, pieces, part_probs)
        if best is not None:
            return best[1], list(best[2])
    # the cut a slash's width from a side, also where an even cut reads (less surely)
    # ("๓/" of TH Garuda on a fax: the even cut gives "/" at 0.65, this one at 1.00); a
    # mark flagged under or over the glyph only where the whole reads as a digit (a
    # fax's specks pass for marks), or where it goes on a run of digits and both pieces
    # read surely (see RUN_GAP)
    whole_digit = float(p.max()) if CLASSES[int(p.argmax())] in DIGIT_CLASSES else 0.0
    marked = glyph.mark_above or glyph.mark_below
    if near_digits and glyph.width > SPLIT_WIDTH * xh and glyph.width <= 2.0 * xh and (
            whole_digit > 0 or in_run or not marked):
        slash = _slash_cut(glyph, line, model, whole_digit if whole_digit > 0 or not marked else 1.0)
        if slash is not None and (best is None or slash[0] > best[0]):
            return slash[1], list(slash[2])
    # a glyph two digits wide is no one digit, however surely it reads as one
    whole = CLASSES[int(p.argmax())] in THAI_DIGITS and p.max() > best[0] if best is not None else True
    # nor is a glyph no wider than a digit's broken pieces may be (MERGE_OVERLAP_WIDTH)
    # two of the digit it reads as: a fax's broken ๖, its pieces joined, cut again into "๖๖"
    if best is not None and glyph.width <= MERGE_OVERLAP_WIDTH * xh and CLASSES[int(p.argmax())] in THAI_DIGITS \
            and p.max() >= MERGE_MIN_PROBABILITY and all(int(q.argmax()) == int(p.argmax()) for q in best[2]):
        whole = True
    if best is None or (whole and glyph.width < MARKED_SPLIT_WIDTH * xh):
        # nor is a glyph taller than any Thai digit that cuts into a digit and a "/"
        if near_digits and glyph.height >= TALL_GLYPH * xh and glyph.width > SPLIT_WIDTH * xh \
                and glyph.width <= 2.0 * xh and (whole_digit > 0 or not (glyph.mark_above or glyph.mark_below)):
            tall = _tall_slash_cut(glyph, line, model)
            if tall is not None:
                return tall[1], list(tall[2])
        return None
    return best[1], list(best[2])


def _arabic_digit_slash_cut(glyph: Glyph, line: Line, model: Classifier):
    """An Arabic digit and the "/" after it blurred into one glyph (see
    ODD_SPLIT), cut in two where the left piece reads as an Arabic digit at
    least ARABIC_SPLIT_MIN surely and the right one is shaped like a "/"
    between two digits (``slash_shaped``, BETWEEN_SLASH_HEIGHT and
    BETWEEN_SLASH_MIN; "/" made its reading): (score, pieces,
    probabilities) like split_touching's best; None when no cut gives them."""
    xh = line.x_height
    slash_index, other = CLASSES.index("/"), CLASSES.index(OTHER)
    best = None
    for pieces, part_probs in _classified_cuts(cut_glyph(glyph, 2), line, model):
        digit, slash = part_probs
        if CLASSES[int(digit.argmax())] not in ARABIC_DIGITS or digit.max() < ARABIC_SPLIT_MIN \
                or not slash_shaped(pieces[1], slash, xh, BETWEEN_SLASH_HEIGHT, BETWEEN_SLASH_MIN):
            continue
        rows = part_probs.copy()
        if int(rows[1].argmax()) == other:
            rows[1, other], rows[1, slash_index] = rows[1, slash_index], rows[1, other]
        score = _cut_score(rows)
        if best is None or score > best[0]:
            best = (score, pieces, rows)
    return best


def _tall_slash_cut(glyph: Glyph, line: Line, model: Classifier):
    """A glyph taller than any Thai digit (TALL_GLYPH) cut into a Thai digit
    and a "/" (see TALL_GLYPH), the "/" on either side, at the even cut or a
    slash's width from a side: (score, pieces, probabilities), the "/"
    piece's "/" made its reading; None when no cut gives them."""
    xh = line.x_height
    slash_index, other = CLASSES.index("/"), CLASSES.index(OTHER)
    options = cut_glyph(glyph, 2)
    for at in (glyph.width - SLASH_WIDTH * xh, SLASH_WIDTH * xh):
        options += cut_glyph(glyph, 2, at=at, span_px=0.2 * xh)
    best = None
    for pieces, part_probs in _classified_cuts(options, line, model):
        for digit, slash in ((0, 1), (1, 0)):
            q = part_probs[digit]
            if CLASSES[int(q.argmax())] not in THAI_DIGITS or q.max() < TALL_DIGIT_MIN \
                    or not slash_shaped(pieces[slash], part_probs[slash], xh, SLASH_HEIGHT) \
                    or pieces[slash].height < 0.95 * glyph.height \
                    or pieces[slash].height < pieces[digit].height + TALL_SLASH_MARGIN * xh:
                continue
            score = float(np.sqrt(q.max() * part_probs[slash, slash_index]))
            if best is None or score > best[0]:
                rows = part_probs.copy()
                if int(rows[slash].argmax()) == other:
                    rows[slash, other], rows[slash, slash_index] = rows[slash, slash_index], rows[slash, other]
                best = (score, pieces, rows)
    return best


def _slash_cut(glyph: Glyph, line: Line, model: Classifier, whole: float = 1.0):
    """A digit and the "/" (or "-") touching it (TH Garuda's ๓/ under blur): the cut
    sits a slash's width from one side, far from the middle where the even
    cuts of split_touching look. Kept only when one piece surely reads as
    "/" and the other surely as a Thai digit (a wide ๗ cut anywhere gives no
    sure "/", and its tail, cut off, is no taller than a digit, where a "/"
    stands above the x-height), or both read fairly surely and more surely
    than the whole (WHOLE: its probability as one digit) does, as (score,
    pieces, probabilities) like split_touching's best."""
    xh = line.x_height
    best = None
    for side in (1, -1):  # the "/" after the digit, then before it
        at = glyph.width - SLASH_WIDTH * xh if side == 1 else SLASH_WIDTH * xh
        for pieces, part_probs in _classified_cuts(cut_glyph(glyph, 2, at=at, span_px=0.2 * xh), line, model):
            labels = [CLASSES[i] for i in part_probs.argmax(axis=1)]
            digit, slash = (0, 1) if side == 1 else (1, 0)
            if labels[slash] not in ("/", "-") or labels[digit] not in THAI_DIGITS:
                continue
            score = _cut_score(part_probs)
            surest = float(part_probs.max(axis=1).min())
            if surest < SLASH_MIN_PROBABILITY and not (surest >= SLASH_SURER_PROBABILITY and score > whole):
                continue
            # a "/" stands above the x-height, a "-" is a thin stroke (TH Garuda's "๗-" on a fax: 0.11)
            if pieces[slash].height < SLASH_HEIGHT * xh if labels[slash] == "/" else \
                    pieces[slash].height > DASH_HEIGHT * xh:
                continue
            if best is None or score > best[0]:
                best = (score, pieces, part_probs)
    return best
