"""Glyph-piece repairs of the digit stage (``digits.py``): where the line's
segmentation gives one glyph for two digits or two pieces for one, the
pieces are joined or cut again and read anew with the classifier.

* ``merge_broken``: pieces a fax's threshold broke off one digit, joined;
* ``give_back_tails``: a ๗'s tail that blur joined to the next digit, given back;
* ``specks_are_no_digits``, ``drop_floating_pieces``: dots and specks,
  and ink floating above the baseline, are no digits;
* ``cut_glyph``: the least-ink cut lines of a glyph, slanted like a ``/``.

A glyph two digits wide, or a digit touching a ``/`` or ``-``, is cut
(``split_touching``), and touching pieces, one unsure, are joined and cut
again (``regroup_pieces``), in ``digit_cuts.py``.

Each takes and returns the line and its glyphs' class probabilities.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from pipeline.ocr.classifier import Classifier
from pipeline.ocr.digits_glyphs import (
    ARABIC_DIGITS, CLASSES, OTHER, PUNCT, THAI_DIGITS, Glyph, Line, glyph_features, join_glyphs,
)


# A glyph wider than this many x-heights may be digits touching each other
# (digit_cuts.split_touching cuts it; give_back_tails takes a ๗'s tail back from one).
SPLIT_WIDTH = 1.3


# A glyph smaller than this many x-heights both ways is a dot, not a digit.
SPECK = 0.3


# Every digit, Thai or Arabic, stands on the baseline: a glyph shorter than
# FLOAT_HEIGHT x-heights whose foot stands more than FLOAT_RISE x-heights above
# the baseline is a piece broken off a glyph (on a fax, the curl of TH Sarabun
# New's ๕ read 8 or ๒, rise 0.5-0.6; digits on the bench pages stand at most
# 0.32 above it), whatever the classifier reads, and is left out of the line.
FLOAT_RISE = 0.4
FLOAT_HEIGHT = 0.7
# give_back_tails: a ๓ shorter than TAIL_HEIGHT x-heights (a ๗ with its tail
# stands about 1.0, a ๓ 0.7-0.85 in every font trained on), at most TAIL_GAP
# x-heights from the next digit; both new pieces read at least this surely.
TAIL_HEIGHT = 0.9
TAIL_GAP = 0.3
TAIL_MIN_PROBABILITY = 0.9
TAIL_LEAN = 0.2  # x-heights the tail's top stands right of its foot (TH Niramit AS 0.33, TH Garuda's ๓+๒ stroke 0.08)
# A ๗ whose body reads ๗ alone, its tail joined to the next digit into a glyph wider than
# SPLIT_WIDTH (TH Garuda under an office scan's blur: "๐๗๓๙" read "๐๗๒๙", the tail and the
# ๓ read ๒): the pair is cut this many x-heights left of its right side (the next digit's
# width; TH Garuda's ๓ stands 0.7-0.95 wide), the left piece taller than TAIL_HEIGHT.
SEVEN_TAIL_CUT = 0.8
# A ๗ read surely and a digit read less surely than TAIL_UNSURE that overlaps it (the
# two one glyph the cuts parted, the ๗'s tail gone with the next digit: TH Garuda's ๗๓
# under blur cut into ๗ and ๙ at 0.88-0.96) are joined and cut again TAIL_RECUT x-heights
# right of the ๗'s right side, within TAIL_RECUT_SPAN: kept where the right piece reads
# a Thai digit more surely, at least TAIL_MIN_PROBABILITY, and the left one still ๗.
TAIL_UNSURE = 0.98
TAIL_RECUT, TAIL_RECUT_SPAN = 0.05, 0.15
# ... and where the right piece stands no more than this many x-heights taller than before
# (it would have gained the tail's top: TH Garuda's ๓ on a fax, 0.3 taller, read ๙; TH
# Niramit AS's ๒ after a ๗, a pixel taller, 0.06, reads ๒ at last)
TAIL_GAIN = 0.1
# Pieces of a broken glyph: at most this many x-heights apart, together at
# most this wide, joined when the whole reads as a digit with this probability.
MERGE_GAP = 0.1
MERGE_WIDTH = 1.2
MERGE_MIN_PROBABILITY = 0.6
# Two pieces each narrower than NARROW_PIECE x-heights, one read as a Thai digit, may
# stand MERGE_GAP_NARROW x-heights apart (a whole Thai digit is 0.9 and more wide): a fax
# broke TH Sarabun New's ๖ in its stroke and loop, 7 px wide each and 3 px (0.18) apart,
# read ๖ 0.65 and 6 0.52 ("๖๒๑" read "๖๑๒๑").
NARROW_PIECE = 0.5
MERGE_GAP_NARROW = 0.2
MERGE_PIECES = 3  # a digit broken in up to this many pieces
MERGE_WIDTH_3 = 1.35  # three pieces together: a fax's threshold thickens strokes (TH Sarabun New's ๖ 1.29)
MERGE_CELLS = 1.1  # ... or this many of the line's digit widths where those are wider
MERGE_CELLS_3 = 1.25
# Two pieces whose boxes overlap (the loop of a fax's broken ๕ or ๖ and the stroke
# cut off it share columns; whole digits side by side do not) may together be
# this many x-heights wide: TH Sarabun New's ๔ and ๕ on a fax stand 1.42-1.58
# x-heights wide where a short line's x-height comes out small (11.5-12 px for
# digits 17-19 px wide), two digits side by side 2.0 and more. split_touching leaves
# a glyph no wider than this whole where its cut gives two of the digit it reads as
# (a ๖ joined from pieces, 1.31 x-heights, read ๖ 0.79, cut into "๖๖").
MERGE_OVERLAP_WIDTH = 1.6
# ... unless a piece that reads as a digit this surely reads as another digit joined
# (TH Niramit AS on a fax: a ๔ read 1.00 and the "/" its box overlaps, read other 0.82,
# read ๙ 0.89 together; the pieces of broken digits that read this surely, 0.93-1.00,
# keep their reading joined)
OVERLAP_SURE = 0.9
# On a line of digits cut by its consonants' height (Line.digit_heavy), a piece read
# surely as other beside a digit is a letter, never joined to it, when it stands this
# many x-heights tall at least (consonants and า stand about 1.0); a
# shorter one is a piece a fax broke off a digit: TH Sarabun New's ๐ broken in halves,
# 6x12 px read other 0.98 and 8x13 read ๑ 0.93 on a line cut at x-height 17, read ๐
# 1.00 joined ("๐๘" read "๑๘").
LETTER_HEIGHT = 0.85
# A piece this many x-heights tall at most, read unsurely, whose box overlaps a digit
# read that surely is a piece of it (see _absorbed_piece): digits stand 0.9 x-heights
# and more on the bench pages, even where a short line's x-height comes out small.
PIECE_HEIGHT = 0.6

# Two pieces whose boxes share columns, together no wider than a digit (MERGE_WIDTH),
# that both read as the same digit at least this surely are one digit a fax broke:
# two whole digits stand side by side, twice as wide (TH Sarabun New's ๖ broken in
# its stroke, 8x18 px, and its loop, 11x12, overlapping by 2 px, each read ๖ 1.00
# and ๖ 0.56 joined: "๐๕๓๖" read "๐๕๓๖๖").
TWICE_READ_MIN = 0.9

# A glyph (or a cut piece) read as "other" with "/" its runner-up is shaped like a "/"
# (slash_shaped) when "/" has SLASH_SHAPE_MIN, it stands SLASH_SHAPE_WIDTH x-heights wide at
# most and its top SLASH_SHAPE_LEAN x-heights right of its foot at least. On the bench
# pages such slashes stand 0.38-0.61 wide, lean 0.21-0.27 and give "/" 0.15-0.48 (TH
# Garuda's "/" cut off the "๔/" blur joined: 0.15; TH Niramit AS's cut off "/๖": 0.15-0.19).
SLASH_SHAPE_MIN = 0.1
SLASH_SHAPE_WIDTH = 0.6
SLASH_SHAPE_LEAN = 0.15

DIGIT_CLASSES = set(THAI_DIGITS + ARABIC_DIGITS)


def merge_broken(line: Line, probs: np.ndarray, model: Classifier) -> tuple[Line, np.ndarray]:
    """Join the pieces of digits broken by a fax's thresholding (the thin
    left stroke of ๒ or ๖ cut off its loop): two neighbouring classified
    glyphs (each at least 0.4 x-heights tall: not a "-" or a ".") that touch
    or nearly touch and together are no wider than a digit
    are joined when the joined glyph reads as a digit with at least
    MERGE_MIN_PROBABILITY and, where both pieces read as digits or
    punctuation themselves, more surely than they do (geometric mean); a
    sure letter beside a sure digit or punctuation mark is never joined to it.
    Widths, gaps and heights are measured by the x-height the line was cut
    by (``Line.size``: on a fax's line of digits, its consonants' height; by
    the median there, 11.5-15 px, a ๖ broken in two pieces 17 px wide was
    too wide to join and read "๖๖"); the other repairs keep the classifier's
    x-height (the cut one there changed clean scans' letter numbers on the
    check seed, 98.33 -> 97.92)."""
    cell = digit_cell(line, probs)
    glyphs = list(line.glyphs)
    rows = list(probs)
    index = 0
    changed = False
    while index + 1 < len(glyphs):
        # two pieces, else three: a fax breaks TH Sarabun New's ๑ and ๖ in three
        # pieces no two of which read as a digit
        for count in range(2, MERGE_PIECES + 1):
            merged = _merge_pieces(glyphs[index:index + count], rows[index:index + count], line, model, cell)
            if merged is None and count == 2:
                merged = _absorbed_piece(glyphs[index:index + 2], rows[index:index + 2], line.size) \
                    or _twice_read_piece(glyphs[index:index + 2], rows[index:index + 2], line.size)
            if merged is not None:
                glyphs[index:index + count] = [merged[0]]
                rows[index:index + count] = [merged[1]]
                changed = True
                break
        else:
            index += 1
        # (after a join, the joined glyph may take a further piece)
    if not changed:
        return line, probs
    return replace(line, glyphs=glyphs), np.stack(rows)


def join_twice_read(line: Line, probs: np.ndarray) -> tuple[Line, np.ndarray]:
    """merge_broken's join of two pieces read as the same digit whose boxes
    share columns (``_twice_read_piece``), once more after ``regroup_pieces``:
    its cut may leave such a piece beside the digit it belongs to (TH Sarabun
    New's ๖๖ on a fax, the first ๖'s stroke, read ๖ 0.97, left apart from its
    loop, which the cut read ๖ 1.00 with the second ๖: "๐๓๖๖" read "๐๓๖๖๖")."""
    glyphs, rows = list(line.glyphs), list(probs)
    index, changed = 0, False
    while index + 1 < len(glyphs):
        joined = _twice_read_piece(glyphs[index:index + 2], rows[index:index + 2], line.size)
        if joined is None:
            index += 1
            continue
        glyphs[index:index + 2], rows[index:index + 2] = [joined[0]], [joined[1]]
        changed = True
    if not changed:
        return line, probs
    return replace(line, glyphs=glyphs), np.stack(rows)


def digit_cell(line: Line, probs: np.ndarray) -> float | None:
    """The width of a digit in the line's font: the median width of the glyphs
    that surely read as digits and are no wider than SPLIT_WIDTH x-heights;
    None with fewer than three (measured by the line's cut x-height, as merge_broken measures)."""
    widths = [g.width for g, q in zip(line.glyphs, probs)
              if CLASSES[int(q.argmax())] in DIGIT_CLASSES and q.max() >= 0.9 and g.width <= SPLIT_WIDTH * line.size]
    return float(np.median(widths)) if len(widths) >= 3 else None


def _merge_pieces(pieces: list[Glyph], rows: list[np.ndarray], line: Line,
                  model: Classifier, cell: float | None = None) -> tuple[Glyph, np.ndarray] | None:
    """The joined glyph of PIECES (neighbours, left to right) and its
    probabilities, when merge_broken's rules let them be one digit (CELL: the
    width of the line's digits, see digit_cell)."""
    xh = line.size
    other = CLASSES.index(OTHER)
    if len(pieces) < 2:
        return None
    # no wider than a digit: MERGE_WIDTH x-heights, or MERGE_CELLS of the line's digits where
    # they are wider (TH Sarabun New on a thick fax: 1.21 x-heights; a ๖ in two pieces
    # 1.21 wide together read ๖๖)
    limit = (MERGE_WIDTH if len(pieces) == 2 else MERGE_WIDTH_3) * xh
    if cell is not None:
        limit = max(limit, (MERGE_CELLS if len(pieces) == 2 else MERGE_CELLS_3) * cell)
    width = max(g.x1 for g in pieces) - min(g.x0 for g in pieces)
    marked = any(g.mark_above for g in pieces)
    # two pieces whose boxes overlap may be wider, or one of them marked (a fax may break
    # the top curl of a ๕ off too, and it is taken for a mark above the piece under it):
    # see _overlapping_pieces
    overlapping = (width > limit or marked) and _overlapping_pieces(pieces, rows, xh)
    # (pieces of a Thai digit, each narrower than NARROW_PIECE, may stand further apart)
    gap = MERGE_GAP_NARROW if len(pieces) == 2 and max(g.width for g in pieces) < NARROW_PIECE * xh and any(
        CLASSES[int(q.argmax())] in THAI_DIGITS for q in rows) else MERGE_GAP
    if all(q[other] >= 1.0 for q in rows) or (marked and not overlapping) \
            or min(g.height for g in pieces) < 0.4 * xh \
            or any(b.x0 - a.x1 > max(2.0, gap * xh) for a, b in zip(pieces, pieces[1:])) \
            or (width > limit and not overlapping):
        return None
    joined = pieces[0]
    for piece in pieces[1:]:
        joined = join_glyphs([joined, piece])
    p = model.probabilities(glyph_features([joined], line))[0]
    label = CLASSES[int(p.argmax())]
    # pieces that read as digits or punctuation themselves ("5/") need a surer whole
    # (unless their boxes overlap: whole glyphs side by side do not, a loop and the stroke cut off it do)
    readable = all(b.x0 >= a.x1 for a, b in zip(pieces, pieces[1:])) and all(
        int(q.argmax()) != other and q.max() >= 0.5 for q in rows)
    surety = float(np.exp(np.mean(np.log([q.max() for q in rows])))) if readable else 0.0
    # a letter beside a whole digit or "/" is not a piece of it: both read surely as what they are
    # (a letter stands LETTER_HEIGHT x-heights at least: a shorter piece read as other is no letter)
    letter = min(q.max() for q in rows) >= 0.9 and len({bool(q[other] >= 0.9) for q in rows}) > 1 and all(
        g.height >= LETTER_HEIGHT * xh or not line.digit_heavy for g, q in zip(pieces, rows) if q[other] >= 0.9)
    # a piece that surely reads as a digit keeps its reading when a broken-off piece joins it
    # (TH Niramit AS: a ๔ and the "/" it overlaps read ๙)
    if overlapping and any(CLASSES[int(q.argmax())] in DIGIT_CLASSES and q.max() >= OVERLAP_SURE
                           and int(q.argmax()) != int(p.argmax()) for q in rows):
        return None
    # a sure digit and a "/"-shaped piece right of it, as tall, are a digit and its "/"
    # (TH Niramit AS's "4/" on a fax: 4 read 1.00, its thin "/" other 0.66 and "/" 0.20,
    # read ๘ together: "0321.4/2595" read "0321.42595")
    if len(pieces) == 2 and CLASSES[int(rows[0].argmax())] in DIGIT_CLASSES and rows[0].max() >= OVERLAP_SURE \
            and slash_shaped(pieces[1], rows[1], xh, pieces[0].height / xh):
        return None
    if not letter and label in DIGIT_CLASSES and p.max() >= MERGE_MIN_PROBABILITY and p.max() > surety:
        return joined, p
    return None


def _absorbed_piece(pair: list[Glyph], rows: list[np.ndarray], xh: float) -> tuple[Glyph, np.ndarray] | None:
    """A piece no taller than PIECE_HEIGHT x-heights, read unsurely as a digit
    or as other, whose box shares columns with a digit read at least
    OVERLAP_SURE surely beside it, joined to that digit, which keeps its
    reading (the union may read worse: a fax broke the tip of TH Sarabun New's
    ๖ off, 7 px tall at an x-height of 13, read ๘ 0.48 beside the ๖ read 1.00;
    joined, other 0.50 and ๖ 0.48: "๐๕๓๖" read "๐๕๓๘๖"; a speck above the piece
    passed for a mark)."""
    if len(pair) != 2 or pair[1].x0 >= pair[0].x1 or pair[0].x0 >= pair[1].x1:
        return None
    for sure, piece in ((0, 1), (1, 0)):
        q, r = rows[sure], rows[piece]
        if CLASSES[int(q.argmax())] in DIGIT_CLASSES and q.max() >= OVERLAP_SURE \
                and pair[piece].height <= PIECE_HEIGHT * xh \
                and CLASSES[int(r.argmax())] not in PUNCT and r.max() < OVERLAP_SURE \
                and r[CLASSES.index(OTHER)] < 1.0:
            return join_glyphs(pair), q
    return None


def _twice_read_piece(pair: list[Glyph], rows: list[np.ndarray], xh: float) -> tuple[Glyph, np.ndarray] | None:
    """Two pieces whose boxes share columns, both read as the same digit at
    least TWICE_READ_MIN surely and together no wider than MERGE_WIDTH
    x-heights, joined, with the surer piece's reading (see TWICE_READ_MIN)."""
    if len(pair) != 2 or pair[1].x0 >= pair[0].x1 or pair[0].x0 >= pair[1].x1:
        return None
    first, second = int(rows[0].argmax()), int(rows[1].argmax())
    if first != second or CLASSES[first] not in DIGIT_CLASSES or min(q.max() for q in rows) < TWICE_READ_MIN \
            or max(g.x1 for g in pair) - min(g.x0 for g in pair) > MERGE_WIDTH * xh:
        return None
    return join_glyphs(pair), rows[0] if rows[0].max() >= rows[1].max() else rows[1]


def _overlapping_pieces(pieces: list[Glyph], rows: list[np.ndarray], xh: float) -> bool:
    """Whether two pieces are a fax's broken digit by their boxes: the second
    starts left of the first's end (the loop of a broken ๕ or ๖ and the
    stroke cut off it share columns, whole digits side by side do not),
    together no wider than MERGE_OVERLAP_WIDTH x-heights, and neither reads
    as punctuation (a "/" or "." a fax made touch a digit's box)."""
    return len(pieces) == 2 and pieces[1].x0 < pieces[0].x1 \
        and max(g.x1 for g in pieces) - pieces[0].x0 <= MERGE_OVERLAP_WIDTH * xh \
        and not any(CLASSES[int(q.argmax())] in PUNCT for q in rows)


def give_back_tails(line: Line, probs: np.ndarray, model: Classifier) -> tuple[Line, np.ndarray]:
    """Give a ๗'s tail back to it where the tail touches the next digit and
    not its own body (TH Niramit AS: the thin stroke rising from the body of
    ๗ joins the ๖ after it, so the body reads ๓; TH Garuda: the body reads
    ๗, and its tail with the ๓ after it, one glyph too wide for a digit,
    reads ๒: that pair is cut SEVEN_TAIL_CUT left of its right side, and the
    right piece may read any Thai digit). A glyph read as ๓ next to
    a digit it (nearly) touches: the two are joined and cut again a little
    right of the ๓; the new left piece must read surely as ๗ and stand taller
    than a ๓ (the tail rises above the x-height of the body), and the right
    piece must still read surely as the digit it was; the ink the
    ๓ gains must lean right like a ๗'s tail (TH Garuda's ๒ after a ๓ has an
    upright left stroke that, given to the ๓, reads ๗ too)."""
    xh = line.x_height
    three, seven = CLASSES.index("๓"), CLASSES.index("๗")
    glyphs = list(line.glyphs)
    rows = list(probs)
    changed = False
    for index in range(len(glyphs) - 1):
        a, b = glyphs[index], glyphs[index + 1]
        pa, pb = rows[index], rows[index + 1]
        label_b = int(pb.argmax())
        if _recut_after_seven(glyphs, rows, index, line, model):
            changed = True
            continue
        # (or a ๗ without its tail, the tail joined to the next digit into a glyph wider than one)
        seven_body = int(pa.argmax()) == seven and b.width > SPLIT_WIDTH * xh
        if not (int(pa.argmax()) == three or seven_body) or CLASSES[label_b] not in THAI_DIGITS \
                or a.height >= TAIL_HEIGHT * xh or b.height < TAIL_HEIGHT * xh or b.x0 - a.x1 > TAIL_GAP * xh \
                or a.mark_above or b.mark_above:
            continue
        joined = join_glyphs([a, b])
        at = b.x1 - joined.x0 - SEVEN_TAIL_CUT * xh if seven_body else a.x1 - joined.x0 + 0.2 * xh
        best = None
        for pieces in cut_glyph(joined, 2, keep=5, at=at, span_px=0.25 * xh):
            # the ink the ๓ gains leans right like a tail (a ๒ of TH Garuda has an upright
            # left stroke that, added to a ๓, reads ๗ too)
            if pieces[0].height < TAIL_HEIGHT * xh or not seven_body and stroke_lean(
                    pieces[0], a.x1 - int(0.3 * xh)) < TAIL_LEAN * xh:
                continue
            part_probs = model.probabilities(glyph_features(pieces, line))
            # (the digit the tail joined read as another with the tail: any Thai digit)
            right = CLASSES[int(part_probs[1].argmax())] in THAI_DIGITS if seven_body \
                else int(part_probs[1].argmax()) == label_b
            if int(part_probs[0].argmax()) != seven or not right \
                    or part_probs.max(axis=1).min() < TAIL_MIN_PROBABILITY:
                continue
            score = float(part_probs.max(axis=1).prod())
            if best is None or score > best[0]:
                best = (score, pieces, part_probs)
        if best is not None:
            glyphs[index:index + 2] = best[1]
            rows[index:index + 2] = list(best[2])
            _recut_after_seven(glyphs, rows, index, line, model)  # (the tail's cut may miss too)
            changed = True
    if not changed:
        return line, probs
    return replace(line, glyphs=glyphs), np.stack(rows)


def _recut_after_seven(glyphs: list[Glyph], rows: list[np.ndarray], index: int, line: Line,
                       model: Classifier) -> bool:
    """Cut glyphs INDEX (a ๗) and INDEX + 1 (a digit overlapping it, read
    unsurely) again a little right of the ๗ (TAIL_UNSURE, TAIL_RECUT), in
    place; whether they were."""
    xh = line.x_height
    seven = CLASSES.index("๗")
    a, b = glyphs[index], glyphs[index + 1]
    pa, pb = rows[index], rows[index + 1]
    if int(pa.argmax()) != seven or pa.max() < TAIL_MIN_PROBABILITY or pb.max() >= TAIL_UNSURE \
            or CLASSES[int(pb.argmax())] not in THAI_DIGITS or b.x0 >= a.x1 or a.mark_above or b.mark_above:
        return False
    joined = join_glyphs([a, b])
    at = a.x1 - joined.x0 + TAIL_RECUT * xh
    best = None
    for pieces in cut_glyph(joined, 2, keep=5, at=at, span_px=TAIL_RECUT_SPAN * xh):
        # the tail goes back to the ๗: the right piece gets no taller (it would gain the tail)
        if pieces[1].height > b.height + TAIL_GAIN * xh:
            continue
        part_probs = model.probabilities(glyph_features(pieces, line))
        if int(part_probs[0].argmax()) != seven or CLASSES[int(part_probs[1].argmax())] not in THAI_DIGITS \
                or part_probs.max(axis=1).min() < TAIL_MIN_PROBABILITY or part_probs[1].max() <= pb.max():
            continue
        score = float(part_probs.max(axis=1).prod())
        if best is None or score > best[0]:
            best = (score, pieces, part_probs)
    if best is None:
        return False
    glyphs[index:index + 2] = best[1]
    rows[index:index + 2] = list(best[2])
    return True


def specks_are_no_digits(line: Line, probs: np.ndarray) -> np.ndarray:
    """A glyph smaller than SPECK x-heights both ways is no digit (the
    smallest, ๐, stands about 0.7), however the classifier reads it: a "."
    with a fax's speckle beside it read ๘ and began a phone number."""
    xh = line.x_height
    small = [i for i, g in enumerate(line.glyphs) if g.width < SPECK * xh and g.height < SPECK * xh
             and CLASSES[int(probs[i].argmax())] in DIGIT_CLASSES]
    if not small:
        return probs
    probs = probs.copy()
    probs[small] = 0.0
    probs[small, CLASSES.index(".")] = 1.0
    return probs


def drop_floating_pieces(line: Line, probs: np.ndarray) -> tuple[Line, np.ndarray]:
    """The line without the glyphs read as digits that float above the
    baseline (see FLOAT_RISE): left in, such a piece became a digit of its
    own inside a run ("๐๕๖๓" read "๐๕๙๖๓"); read as "other" it would cut the
    run in two."""
    xh = line.x_height
    floating = [i for i, g in enumerate(line.glyphs)
                if CLASSES[int(probs[i].argmax())] in DIGIT_CLASSES and g.height < FLOAT_HEIGHT * xh
                and line.baseline((g.x0 + g.x1) / 2) - g.y1 > FLOAT_RISE * xh]
    if not floating:
        return line, probs
    keep = [i for i in range(len(line.glyphs)) if i not in floating]
    return replace(line, glyphs=[line.glyphs[i] for i in keep]), probs[keep]


def stroke_lean(glyph: Glyph, x: int) -> float:
    """How far right the top of GLYPH's ink right of column X (the ๓'s right
    side and what it gained) stands of its bottom (a ๗'s tail leans right like "/"; a ๒'s left stroke stands upright)."""
    ink = glyph.mask[:, max(0, x - glyph.x0):]
    rows = np.flatnonzero(ink.any(axis=1))
    if len(rows) < 3:
        return 0.0
    third = max(1, len(rows) // 3)
    def centre(part_rows):
        ys, xs = np.nonzero(ink[part_rows])
        return float(xs.mean()) if len(xs) else 0.0
    return centre(rows[:third]) - centre(rows[-third:])


_SLANTS = (-0.35, -0.15, 0.0, 0.15, 0.35)  # cut lines: x shift per row (a "/" leans right)
_SLANT_ARRAY = np.array(_SLANTS)


def cut_glyph(glyph: Glyph, parts: int, keep: int = 3, at: float | None = None,
          span_px: float | None = None) -> list[list[Glyph]]:
    """Up to KEEP ways to cut a glyph into PARTS pieces, least ink cut first.
    Each cut is a line x = c + slant * (y - middle) near an even division
    (or, for two parts, within SPAN_PX of the column AT)."""
    mask = glyph.mask
    h, w = mask.shape
    rows = np.arange(h)
    middle = (h - 1) / 2
    shifts = _SLANT_ARRAY[:, None] * (rows - middle)[None, :]  # (slants, rows)
    per_cut: list[list[tuple[float, float, float]]] = []
    for k in range(1, parts):
        centre = w * k / parts if at is None else at
        span = 0.3 * w / parts if span_px is None else span_px
        columns = np.arange(int(centre - span), int(centre + span) + 1)
        # every cut line at once: (slants, columns, rows) of x positions, and the ink each crosses
        line_x = np.round(columns[None, :, None] + shifts[:, None, :]).astype(int)
        inside = (line_x >= 0) & (line_x < w)
        inks = (mask[rows, np.clip(line_x, 0, w - 1)] & inside).sum(axis=2)
        score = (inks + 0.02 * np.abs(columns - centre)[None, :]).ravel()
        slant_of = np.repeat(np.arange(len(_SLANTS)), len(columns))
        column_of = np.tile(columns, len(_SLANTS))
        # least ink first, then leftmost column, then slant (as sorted tuples would be)
        best = np.lexsort((slant_of, column_of, score))[:keep]
        per_cut.append([(float(score[i]), float(column_of[i]), _SLANTS[slant_of[i]]) for i in best])
    if parts == 2:
        options = [(a[0], [(a[1], a[2])]) for a in per_cut[0]]
    else:
        options = [(a[0] + b[0], [(a[1], a[2]), (b[1], b[2])]) for a in per_cut[0] for b in per_cut[1]]
        options.sort(key=lambda o: o[0])
    ys = rows[:, None]
    xs = np.arange(w)[None, :]
    results = []
    for _, cuts in options[:keep]:
        right_of = [xs >= c + s * (ys - middle) for c, s in cuts]  # on or right of each cut line
        pieces = []
        for p in range(parts):
            part = mask & right_of[p - 1] if p else mask
            if p < parts - 1:
                part = part & ~right_of[p]
            part_rows = np.flatnonzero(part.any(axis=1))
            if len(part_rows) == 0:
                break
            part_cols = np.flatnonzero(part.any(axis=0))
            if len(part_cols) < 2:
                break
            pieces.append(Glyph(glyph.x0 + int(part_cols[0]), glyph.y0 + int(part_rows[0]),
                                glyph.x0 + int(part_cols[-1]) + 1, glyph.y0 + int(part_rows[-1]) + 1,
                                part[part_rows[0]:part_rows[-1] + 1, part_cols[0]:part_cols[-1] + 1]))
        if len(pieces) == parts:
            results.append(pieces)
    return results

THAI_INDEX = [CLASSES.index(c) for c in THAI_DIGITS]
ARABIC_INDEX = [CLASSES.index(c) for c in ARABIC_DIGITS]


def one_script(probs: np.ndarray, script: str | None = None) -> np.ndarray:
    """A number is printed in one script: the run's digits are all Thai or
    all Arabic, whichever the run's glyphs give more weight to (or SCRIPT);
    the other script's digit classes are zeroed and the rows renormalised."""
    thai = probs[:, THAI_INDEX].sum()
    arabic = probs[:, ARABIC_INDEX].sum()
    use_thai = thai >= arabic if script is None else script == "thai"
    probs = probs.copy()
    probs[:, ARABIC_INDEX if use_thai else THAI_INDEX] = 0
    probs[:, CLASSES.index(OTHER)] = 0  # in a run by construction: a digit or punctuation
    probs += 1e-6
    return probs / probs.sum(axis=1, keepdims=True)


def slash_shaped(piece: Glyph, q: np.ndarray, xh: float, min_height: float,
                 min_slash: float = SLASH_SHAPE_MIN) -> bool:
    """Whether a glyph or a piece reads "/", or reads other with "/" its
    runner-up at MIN_SLASH at least and is shaped like a "/" (SLASH_SHAPE_WIDTH,
    SLASH_SHAPE_LEAN), and stands MIN_HEIGHT x-heights tall at least."""
    label = CLASSES[int(q.argmax())]
    if piece.height < min_height * xh:
        return False
    if label == "/":
        return True
    return (label == OTHER and q[CLASSES.index("/")] >= min_slash and piece.width <= SLASH_SHAPE_WIDTH * xh
            and stroke_lean(piece, piece.x0) >= SLASH_SHAPE_LEAN * xh)
