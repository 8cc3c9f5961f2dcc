"""Glyph segmentation and features for the digit stage (pipeline/ocr/digits.py).

Shared by the stage and by ``scripts/train_digits.py`` so the classifier is
trained on glyphs cut exactly the way the stage cuts them.

A text line (a greyscale crop around one Tesseract line) is binarised (Otsu),
split into connected components, and the components are sorted into
*in-line glyphs* (those sitting on the baseline: consonants, digits, ``.``
``,`` ``/`` ``-``) and *marks* (upper/lower vowels and tone marks). The
baseline is fitted along the line (scans are skewed up to a degree, which
moves the baseline by more than an x-height across a line). Pieces of one
glyph stacked over each other are merged; a mark only sets the
``mark_above``/``mark_below`` flag of the glyph under/over it (Thai digits
never carry marks, which tells ``๐`` from ``อ`` with a tone mark).

Features: the glyph's mask scaled to fit SIZE x SIZE (aspect kept, centred)
plus its geometry relative to the line's x-height and baseline.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import ndimage

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
PUNCT = ".,/-:"
OTHER = "other"
CLASSES: tuple[str, ...] = (*THAI_DIGITS, *ARABIC_DIGITS, *PUNCT, OTHER)
SIZE = 20
N_GEOMETRY = 8
N_FEATURES = SIZE * SIZE + N_GEOMETRY

_EIGHT = np.ones((3, 3), dtype=bool)

# The x-height is the median height of a line's sizeable components, the
# consonants on most lines. On a short line of digits (a fax's phone or letter
# number line) the digits are most of them, and TH Sarabun New's Thai digits
# stand about 0.76 x-heights on a fax (13 px against 17): the median came out
# 11.5-15 px where the line's consonants stood 16.5-18, and the curl a fax cut
# off the top of a ๕ or ๘ passed for a mark. There the line is cut by the
# median height of its consonant-like components instead: narrower than
# CONSONANT_WIDTH of their height (Thai digits are as wide as tall or wider),
# at least the median and at most DIGIT_HEAVY_MAX times it (no ascender, no
# leading vowel), at least DIGIT_HEAVY_COUNT of them, when that height is
# DIGIT_HEAVY_RISE times the median or more (those lines: 1.17-1.43) and at
# least DIGIT_HEAVY_WIDE of the components about the median's height are wide
# (digits: 0.56-0.82 on those lines; on a line of Arabic digits, 1.2-1.3
# x-heights tall and narrow, that reads the same way by heights alone,
# 0.00-0.33). The classifier's geometry features keep the plain median: it was
# trained on glyphs measured by it (the consonants' height there changed the
# readings on clean scans, letter numbers of the check seed 98.33 -> 97.92).
CONSONANT_WIDTH = 0.95
DIGIT_HEAVY_MAX = 1.45
DIGIT_HEAVY_COUNT = 3
DIGIT_HEAVY_RISE = 1.15
DIGIT_HEAVY_WIDE = 0.5
# (components "about the median's height": within these shares of it)
NEAR_MEDIAN = (0.85, 1.1)
# A narrow piece beside a glyph whose lowest ink is more than this many x-heights
# below the baseline (and whose top is in the line's lower half) is a comma, not a
# sliver of the glyph's stroke (TH Sarabun New's "," on a fax: 0.28; digits and
# consonants stand on the baseline)
COMMA_DROP = 0.15


@dataclass
class Glyph:
    """One in-line glyph, in the coordinates of the array it was cut from."""

    x0: int
    y0: int
    x1: int  # exclusive
    y1: int
    mask: np.ndarray  # bool, (y1-y0, x1-x0)
    mark_above: bool = False
    mark_below: bool = False

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


@dataclass
class Line:
    glyphs: list[Glyph]
    x_height: float
    slope: float
    intercept: float  # baseline y = slope * x + intercept
    # the x-height the line was cut by where it is not x_height (a line of digits:
    # see CONSONANT_WIDTH); None where it is
    cut_x_height: float | None = None

    @property
    def size(self) -> float:
        """The x-height the line was cut by, which merge_broken measures its pieces by."""
        return self.x_height if self.cut_x_height is None else self.cut_x_height

    @property
    def digit_heavy(self) -> bool:
        """Whether the line was cut by its consonants' height (a line of digits)."""
        return self.cut_x_height is not None

    def baseline(self, x: float) -> float:
        return self.slope * x + self.intercept


def otsu_threshold(gray: np.ndarray, hist: np.ndarray | None = None) -> float:
    """Otsu's threshold of a uint8 array (HIST: its 256-bin histogram, when the caller has it)."""
    if hist is None:
        hist = np.bincount(gray.ravel(), minlength=256)
    hist = hist.astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128.0
    levels = np.arange(256, dtype=np.float64)
    weight0 = np.cumsum(hist)
    weight1 = total - weight0
    mean0 = np.cumsum(hist * levels)
    mean_total = mean0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_total * weight0 / total - mean0) ** 2 / (weight0 * weight1)
    between = np.nan_to_num(between)
    return float(np.argmax(between))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink mask of a greyscale crop (True = ink)."""
    if gray.size == 0:
        return np.zeros(gray.shape, dtype=bool)
    hist = np.bincount(gray.ravel(), minlength=256)
    levels = np.flatnonzero(hist)  # the darkest and lightest grey of the crop, from one pass
    if int(levels[-1]) - int(levels[0]) < 40:
        return np.zeros(gray.shape, dtype=bool)  # blank (or solid) crop
    return gray <= otsu_threshold(gray, hist)


def segment_line(gray: np.ndarray, *, line_height: float | None = None) -> Line | None:
    """The in-line glyphs of a line crop (uint8 greyscale, one text line with
    some margin), left to right; None when the crop holds no text."""
    ink = binarise(gray)
    labels, count = ndimage.label(ink, structure=_EIGHT)
    if count == 0:
        return None
    slices = ndimage.find_objects(labels)
    areas = np.bincount(labels.ravel(), minlength=count + 1)
    boxes = np.array([[s[1].start, s[0].start, s[1].stop, s[0].stop] for s in slices], dtype=np.int32)
    heights = boxes[:, 3] - boxes[:, 1]
    widths = boxes[:, 2] - boxes[:, 0]
    band = float(line_height or gray.shape[0])

    # x-height: median height of the sizeable components (consonants dominate)
    big = (heights >= 0.22 * band) & (heights <= 0.9 * band) & (areas[1:] >= 0.004 * band * band)
    if big.sum() == 0:
        return None
    feature_x_height = float(np.median(heights[big]))
    x_height = _digit_heavy_x_height(feature_x_height, heights[big], widths[big])
    body = big & (heights >= 0.75 * x_height) & (heights <= 1.3 * x_height)
    if body.sum() == 0:
        body = big
    slope, intercept = _fit_baseline(boxes[body], x_height)

    # speckle out, then in-line glyphs against marks (plain Python numbers
    # from here: numpy scalars cost ten times as much in these loops)
    min_area = max(3.0, 0.004 * x_height * x_height)
    keep = (areas[1:] >= min_area) & ((heights >= 0.08 * x_height) | (widths >= 0.08 * x_height))
    box = boxes.tolist()
    inline: list[int] = []
    marks: list[int] = []
    for index in np.flatnonzero(keep).tolist():
        x0, y0, x1, y1 = box[index]
        base = slope * (x0 + x1) / 2 + intercept
        centre = (y0 + y1) / 2
        if y1 - y0 > 1.6 * band:
            continue  # a rule or a frame, not text
        if base - 1.02 * x_height <= centre <= base + 0.1 * x_height:
            inline.append(index)
        elif centre < base + 1.2 * x_height and centre > base - 2.2 * x_height:
            marks.append(index)

    # merge stacked pieces of one glyph (broken strokes); a group is
    # [x0, x1, indices]
    groups: list[list] = []
    for index in sorted(inline, key=lambda i: box[i][0]):
        x0, _, x1, _ = box[index]
        merged = False
        for group in groups[-3:]:
            gx0, gx1 = group[0], group[1]
            overlap = min(x1, gx1) - max(x0, gx0)
            if overlap > 0.6 * min(x1 - x0, gx1 - gx0) and max(x1, gx1) - min(x0, gx0) < 1.4 * x_height:
                group[0], group[1] = min(gx0, x0), max(gx1, x1)
                group[2].append(index)
                merged = True
                break
        if not merged:
            groups.append([x0, x1, [index]])

    # merge a sliver broken off a thin stroke (binarised faxes) into the glyph it touches,
    # but not a comma: it hangs below the baseline, in the line's lower half (TH Sarabun
    # New's "2," of "2,138,589" on a fax, merged, read 7)
    def comma_like(members: list[int]) -> bool:
        x0, y0, x1, y1 = (min(box[i][0] for i in members), min(box[i][1] for i in members),
                          max(box[i][2] for i in members), max(box[i][3] for i in members))
        base = slope * (x0 + x1) / 2 + intercept
        return y1 > base + COMMA_DROP * x_height and y0 > base - 0.5 * x_height

    merged_groups: list[list] = []
    for group in groups:
        if merged_groups:
            last = merged_groups[-1]
            (ax0, ax1), (bx0, bx1) = (last[0], last[1]), (group[0], group[1])
            narrow = min(ax1 - ax0, bx1 - bx0) < 0.3 * x_height
            sliver = group if bx1 - bx0 < ax1 - ax0 else last
            if narrow and bx0 - ax1 <= max(1.0, 0.07 * x_height) and bx1 - ax0 <= 1.15 * x_height \
                    and not comma_like(sliver[2]):
                merged_groups[-1] = [min(ax0, bx0), max(ax1, bx1), last[2] + group[2]]
                continue
        merged_groups.append(group)

    glyphs: list[Glyph] = []
    for _, _, members in merged_groups:
        if len(members) == 1:  # most glyphs are one component
            x0, y0, x1, y1 = box[members[0]]
            glyphs.append(Glyph(x0, y0, x1, y1, labels[y0:y1, x0:x1] == members[0] + 1))
            continue
        x0 = min(box[i][0] for i in members)
        y0 = min(box[i][1] for i in members)
        x1 = max(box[i][2] for i in members)
        y1 = max(box[i][3] for i in members)
        window = labels[y0:y1, x0:x1]
        mask = window == members[0] + 1
        for i in members[1:]:
            mask |= window == i + 1
        glyphs.append(Glyph(x0, y0, x1, y1, mask))
    if glyphs and marks:
        # each mark flags the glyphs it overlaps enough: all marks against all glyphs at once
        gx0 = np.array([g.x0 for g in glyphs])
        gx1 = np.array([g.x1 for g in glyphs])
        gy0 = np.array([g.y0 for g in glyphs])
        gy1 = np.array([g.y1 for g in glyphs])
        mx0, my0, mx1, my1 = (column[:, None] for column in np.array([box[i] for i in marks]).T)
        over = np.minimum(mx1, gx1) - np.maximum(mx0, gx0) > 0.4 * (mx1 - mx0)
        on_top = my1 <= gy0 + 0.3 * x_height
        above = (over & on_top).any(axis=0)
        below = (over & ~on_top & (my0 >= gy1 - 0.3 * x_height)).any(axis=0)
        for glyph, a, b in zip(glyphs, above.tolist(), below.tolist()):
            glyph.mark_above, glyph.mark_below = a, b
    glyphs.sort(key=lambda g: g.x0)
    return Line(glyphs, feature_x_height, slope, intercept, None if x_height == feature_x_height else x_height)


def _digit_heavy_x_height(median: float, heights: np.ndarray, widths: np.ndarray) -> float:
    """The x-height a line is cut by: MEDIAN (of its sizeable components'
    HEIGHTS), or on a line of digits the height of its consonants (see
    CONSONANT_WIDTH)."""
    consonant = (widths < CONSONANT_WIDTH * heights) & (heights >= median) & (heights <= DIGIT_HEAVY_MAX * median)
    if consonant.sum() < DIGIT_HEAVY_COUNT:
        return median
    consonants = float(np.median(heights[consonant]))
    near = (heights >= NEAR_MEDIAN[0] * median) & (heights <= NEAR_MEDIAN[1] * median)
    if consonants < DIGIT_HEAVY_RISE * median or not near.any() \
            or float(np.mean(widths[near] >= CONSONANT_WIDTH * heights[near])) < DIGIT_HEAVY_WIDE:
        return median
    return consonants


def join_glyphs(glyphs: list[Glyph]) -> Glyph:
    """One glyph of several (pieces of one broken character): their masks in
    the union of their boxes, the marks of any."""
    x0, y0 = min(g.x0 for g in glyphs), min(g.y0 for g in glyphs)
    x1, y1 = max(g.x1 for g in glyphs), max(g.y1 for g in glyphs)
    mask = np.zeros((y1 - y0, x1 - x0), dtype=bool)
    for g in glyphs:
        mask[g.y0 - y0:g.y1 - y0, g.x0 - x0:g.x1 - x0] |= g.mask
    return Glyph(x0, y0, x1, y1, mask, any(g.mark_above for g in glyphs), any(g.mark_below for g in glyphs))


def _fit_baseline(boxes: np.ndarray, x_height: float) -> tuple[float, float]:
    xs = (boxes[:, 0] + boxes[:, 2]) / 2.0
    ys = boxes[:, 3].astype(np.float64)
    if len(xs) < 4 or np.ptp(xs) < 4 * x_height:
        return 0.0, float(np.median(ys))
    keep = np.ones(len(xs), dtype=bool)
    slope, intercept = 0.0, float(np.median(ys))
    for _ in range(3):
        slope, intercept = _line_fit(xs[keep], ys[keep])
        residual = np.abs(ys - (slope * xs + intercept))
        new_keep = residual <= max(0.12 * x_height, 1.5)
        if new_keep.sum() < 3:
            break
        keep = new_keep
    if abs(slope) > 0.035:  # > 2 degrees: not a baseline, fall back to flat
        return 0.0, float(np.median(ys))
    return float(slope), float(intercept)


def _line_fit(xs: np.ndarray, ys: np.ndarray) -> tuple[float, float]:
    mx, my = xs.mean(), ys.mean()
    var = float(((xs - mx) ** 2).sum())
    slope = float(((xs - mx) * (ys - my)).sum() / var) if var > 0 else 0.0
    return slope, float(my - slope * mx)


def features(glyph: Glyph, line: Line) -> np.ndarray:
    """Feature vector of one glyph (float32, N_FEATURES)."""
    out = np.empty(N_FEATURES, dtype=np.float32)
    _write_features(out, glyph, line)
    return out


def glyph_features(glyphs: list[Glyph], line: Line) -> np.ndarray:
    out = np.empty((len(glyphs), N_FEATURES), dtype=np.float32)
    for row, glyph in zip(out, glyphs):
        _write_features(row, glyph, line)
    return out


def _write_features(out: np.ndarray, glyph: Glyph, line: Line) -> None:
    h, w = glyph.mask.shape
    out[:SIZE * SIZE] = box_resize(glyph.mask).ravel()
    xh = line.x_height
    base = line.baseline((glyph.x0 + glyph.x1) / 2)
    out[SIZE * SIZE:] = (
        h / xh, w / xh, (base - glyph.y1) / xh, (base - glyph.y0) / xh,
        float(glyph.mark_above), float(glyph.mark_below),
        np.count_nonzero(glyph.mask) / glyph.mask.size, w / max(h, 1),  # the ink share: mask.mean(), faster
    )


# --------------------------------------------------------------------------
# The glyph's bitmap: its mask centred on a square, scaled to SIZE x SIZE
# exactly as Pillow's BOX resampling of a float image does it (the models
# were trained on Pillow's output, bit for bit), at a third of the cost: a
# mask is 0/1, so the horizontal pass only counts ink pixels under each
# output column's box, and the vertical pass sums a few rows in Pillow's order.
# --------------------------------------------------------------------------


def box_resize(mask: np.ndarray) -> np.ndarray:
    """``mask`` (bool) centred on a square canvas of its longer side and
    resized to SIZE x SIZE with Pillow's BOX filter (float32, identical to
    ``Image.fromarray(canvas).resize((SIZE, SIZE), Image.Resampling.BOX)``)."""
    h, w = mask.shape
    side = max(h, w)
    oy, ox = (side - h) // 2, (side - w) // 2
    columns, sums, index, weight = _box_plan(side)
    counts = (mask @ columns[ox:ox + w]).astype(np.intp)  # ink pixels under each output column
    horizontal = np.zeros((side, SIZE), dtype=np.float64)
    horizontal[oy:oy + h] = sums[counts, _OUTPUT]
    out = horizontal[index[0]] * weight[0]
    for term in range(1, len(index)):
        out += horizontal[index[term]] * weight[term]
    return out.astype(np.float32)


_OUTPUT = np.arange(SIZE)


@lru_cache(maxsize=None)
def _box_plan(side: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Pillow's BOX coefficients (``precompute_coeffs`` in Resample.c) for
    ``side`` -> SIZE, as: the 0/1 matrix of which input columns each output
    column averages; the double sums Pillow makes of n ink pixels' equal
    weights, accumulated in its order and rounded to float32 as its
    intermediate image is; and per term the input row and weight of each
    output row (zero weight past a row's last term)."""
    scale = side / SIZE
    filter_scale = max(scale, 1.0)
    support = 0.5 * filter_scale
    rows: list[tuple[int, list[float]]] = []
    for out in range(SIZE):
        centre = (out + 0.5) * scale
        first = max(int(centre - support + 0.5), 0)
        count = min(int(centre + support + 0.5), side) - first
        taps = [1.0 if -0.5 < (x + first - centre + 0.5) / filter_scale <= 0.5 else 0.0 for x in range(count)]
        total = sum(taps)
        rows.append((first, [t / total if total else t for t in taps]))
    terms = max(len(taps) for _, taps in rows)
    columns = np.zeros((side, SIZE))
    sums = np.zeros((terms + 1, SIZE))
    index = np.zeros((terms, SIZE), dtype=np.intp)
    weight = np.zeros((terms, SIZE, 1))
    for out, (first, taps) in enumerate(rows):
        acc = 0.0
        for term, tap in enumerate(taps):
            index[term, out], weight[term, out, 0] = first + term, tap
            if tap:
                columns[first + term, out] = 1.0
                acc += tap
                sums[int(columns[:, out].sum()), out] = acc
    return columns, sums.astype(np.float32), index, weight
