"""The x-height segment_line cuts a line by, on a short line most of whose
sizeable components are digits (a fax's phone-number line)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.digits_glyphs import CLASSES, _digit_heavy_x_height, segment_line

BASE = 40  # baseline row of the test lines
CONSONANT = 17  # px: the consonants' height, the true x-height
DIGIT = 13  # px: TH Sarabun New's digits on a fax stand about 0.76 x-heights


def _line_image(boxes: list[tuple[int, int, int, int]], width: int = 420) -> np.ndarray:
    """A white line crop with black boxes (x0, x1, height above the baseline, gap under it)."""
    image = np.full((64, width), 255, dtype=np.uint8)
    for x0, x1, top, bottom in boxes:
        image[BASE - top:BASE - bottom, x0:x1] = 0
    return image


def _digit_heavy_boxes(broken_at: int) -> list[tuple[int, int, int, int]]:
    """Three consonants (10 px wide, CONSONANT tall), seven digits (16 px wide,
    DIGIT tall) and a digit broken in two stacked pieces at BROKEN_AT: its
    body DIGIT tall and the curl a fax cut off its top, standing above it."""
    boxes = [(10 + 14 * i, 20 + 14 * i, CONSONANT, 0) for i in range(3)]
    boxes += [(60 + 20 * i, 76 + 20 * i, DIGIT, 0) for i in range(7)]
    boxes += [(broken_at, broken_at + 16, DIGIT, 0), (broken_at + 4, broken_at + 14, CONSONANT + 1, DIGIT + 2)]
    return boxes


def test_digit_heavy_line_takes_its_consonants_height():
    heights = np.array([CONSONANT] * 3 + [DIGIT] * 7 + [DIGIT - 1] * 2, dtype=float)
    widths = np.array([10] * 3 + [16] * 7 + [16] * 2, dtype=float)
    assert np.median(heights) == DIGIT
    assert _digit_heavy_x_height(float(np.median(heights)), heights, widths) == CONSONANT


def test_arabic_digits_taller_than_the_consonants_leave_the_median():
    # an Arabic-numeral line: consonants at the x-height (some wide), narrow digits 1.26 times as tall
    heights = np.array([26] * 8 + [33] * 6, dtype=float)
    widths = np.array([16, 19, 22, 24, 28, 20, 18, 22] + [21] * 6, dtype=float)
    assert _digit_heavy_x_height(26.0, heights, widths) == 26.0


def test_a_line_of_consonants_keeps_its_median():
    heights = np.array([17] * 20 + [22] * 3, dtype=float)
    widths = np.array([11] * 20 + [12] * 3, dtype=float)
    assert _digit_heavy_x_height(17.0, heights, widths) == 17.0


def test_the_curl_cut_off_a_digit_on_a_digit_heavy_line_stays_with_it():
    line = segment_line(_line_image(_digit_heavy_boxes(broken_at=220)), line_height=45)
    assert line is not None
    # the classifier's x-height is the plain median (as it was trained), the cut the consonants'
    assert line.x_height == DIGIT
    broken = [g for g in line.glyphs if g.x0 == 220]
    assert len(broken) == 1 and broken[0].height == CONSONANT + 1 and not broken[0].mark_above


def _merge_pieces(model, spans: list[tuple[int, int]], *, top: int, x_height: int):
    """merge_broken on pieces at SPANS (x-ranges, from TOP down to the
    baseline at X_HEIGHT px) of a digit-heavy line cut by its consonants' 17
    px: the joined line and its probabilities, and how many glyphs stay where
    the line is cut by its median instead."""
    from dataclasses import replace

    from pipeline.ocr.digit_pieces import merge_broken
    from pipeline.ocr.digits_glyphs import Glyph, Line, glyph_features

    glyphs = [Glyph(x0, top, x1, x_height, np.ones((x_height - top, x1 - x0), bool)) for x0, x1 in spans]
    line = Line(glyphs, x_height=x_height, slope=0.0, intercept=float(x_height), cut_x_height=17.0)
    probs = model.probabilities(glyph_features(line.glyphs, line))
    joined, joined_probs = merge_broken(line, probs, model)
    plain = merge_broken(replace(line, cut_x_height=None), probs, model)[0]
    return joined, joined_probs, len(plain.glyphs)


def test_pieces_of_a_broken_digit_are_joined_by_the_lines_cut_x_height():
    from tests.test_digits_fax import WidthLabels

    # a ๖ a fax broke in two pieces side by side, 18 px together: 1.5 of a digit-heavy
    # line's median (12 px, MERGE_WIDTH is 1.2) but 1.06 of its consonants' height (17)
    model = WidthLabels([(1.35, {"๖": 0.9}), (0.0, {"other": 0.7, "๖": 0.2})])
    joined, _, plain = _merge_pieces(model, [(0, 8), (9, 18)], top=0, x_height=12)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 18)]
    assert joined.cut_x_height == 17.0 and joined.x_height == 12
    assert plain == 2  # measured by the median they stay apart


def test_a_short_piece_read_as_other_on_a_line_of_digits_is_no_letter():
    from tests.test_digits_fax import WidthLabels

    # TH Sarabun New's ๐ a fax broke in halves on a line of digits (median 13 px, cut by
    # its consonants' 17): the left half, 12 px tall, read other 0.98, the right ๑ 0.93,
    # ๐ 1.00 joined ("๐๘" read "๑๘")
    model = WidthLabels([(1.0, {"๐": 1.0}), (0.55, {"๑": 0.93, "other": 0.05}), (0.0, {"other": 0.98})])
    joined, joined_probs, plain = _merge_pieces(model, [(0, 6), (8, 16)], top=1, x_height=13)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 16)]
    assert "".join(CLASSES[i] for i in joined_probs.argmax(axis=1)) == "๐"
    # on a line cut by its median a piece read surely as other is a letter, whatever its height
    assert plain == 2
