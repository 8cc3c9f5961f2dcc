"""Digit stage: readings weighed by the shape of their field (digit_runs.choose_reading)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.digit_runs import choose_reading
from pipeline.ocr.digits_glyphs import CLASSES
from tests.test_digits import _run_of


def test_comma_in_a_letter_numbers_unit_code_is_read_as_its_dot():
    # TH Niramit AS on a fax: the "." of "๐๙๒๔.๑/๕" has a tail and reads "," at 0.93,
    # "." below the runner-ups: the unit code read "๐๙๒๔๑" (a rare five-digit code, the
    # comma dropped) instead
    chars = [("๐", 1.0), ("๙", 0.99), ("๒", 1.0), ("๔", 1.0), (",", 0.93), ("๑", 1.0), ("/", 0.93), ("๕", 1.0)]
    probs = np.full((len(chars), len(CLASSES)), 1e-6)
    for position, (char, p) in enumerate(chars):
        probs[position, CLASSES.index(char)] = p
    probs[4, CLASSES.index("๕")] = 0.03
    probs[4, CLASSES.index("๔")] = 0.02
    text, ok, _, _ = choose_reading(_run_of(probs), "letter_number", "", "ที่ มท ")
    assert (text, ok) == ("๐๙๒๔.๑/๕", True)
    # a comma in a number stays
    text, _, _, _ = choose_reading(_run_of(probs), "number", "", "จำนวน ")
    assert text == "๐๙๒๔,๑/๕"


def test_gap_standing_out_between_a_lines_digits_is_a_space():
    from pipeline.ocr.digit_runs import find_runs
    from pipeline.ocr.digits_glyphs import Glyph, Line

    # TH Garuda on an office scan: "๐๗ ๒๖๙๐ ๑๓๘๘", the ๗'s tail reaching right: 15 px
    # (0.37 x-heights, under SPACE_GAP) between the groups, 5 px between digits
    xh = 41
    lefts, x = [], 0
    for gap in (0, 5, 15, 5, 5, 5, 30, 5, 5, 5):
        x += gap
        lefts.append(x)
        x += 36
    glyphs = [Glyph(left, 0, left + 36, 41, np.ones((41, 36), bool)) for left in lefts]
    probs = np.full((len(glyphs), len(CLASSES)), 1e-6)
    for position, char in enumerate("๐๗๒๖๙๐๑๓๘๘"):
        probs[position, CLASSES.index(char)] = 1.0
    line = Line(glyphs, x_height=xh, slope=0.0, intercept=41.0)
    assert [run.best for run in find_runs(line, probs, phone_line=True)] == ["๐๗", "๒๖๙๐", "๑๓๘๘"]
    # on other lines (a letter number, a date) only SPACE_GAP is a space
    assert [run.best for run in find_runs(line, probs)] == ["๐๗๒๖๙๐", "๑๓๘๘"]
    # with no usual gap to stand out from (all wide), none is a space below SPACE_GAP
    lefts, x = [], 0
    for gap in (0, 15, 15, 15, 15, 15):
        x += gap
        lefts.append(x)
        x += 36
    glyphs = [Glyph(left, 0, left + 36, 41, np.ones((41, 36), bool)) for left in lefts]
    runs = find_runs(Line(glyphs, x_height=xh, slope=0.0, intercept=41.0), probs[:6], phone_line=True)
    assert [run.best for run in runs] == ["๐๗๒๖๙๐"]
