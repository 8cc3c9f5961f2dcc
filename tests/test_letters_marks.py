"""What counts as a mark above a glyph for the letter stages
(``letters.marked_above``): the segmentation's flag, and ink just above the
glyph, not specks on it nor the feet of the line above."""

from __future__ import annotations

import numpy as np

from PIL import Image

from pipeline.ocr.digits_glyphs import Glyph, Line
from pipeline.ocr.letters import MARK_GAP, MARK_REACH, marked_above
from pipeline.ocr.months import reread_months
from tests.test_digits import render
from tests.test_months import _date_page

XH = 40


def _found(ink_rows: tuple[int, int] | None, *, flagged: bool = True):
    """A glyph 40 px wide whose top is at row 100 of a white page, flagged as
    marked, with ink over its columns between the given rows, if any."""
    gray = np.full((200, 100), 255, dtype=np.uint8)
    if ink_rows is not None:
        gray[ink_rows[0]:ink_rows[1], 30:50] = 0
    glyph = Glyph(30, 100, 70, 140, np.ones((40, 40), dtype=bool), mark_above=flagged)
    return glyph, (Line([glyph], float(XH), 0.0, 140.0), 0, 0), gray


def test_a_mark_is_ink_just_above_the_glyph():
    glyph, found, gray = _found((100 - int(0.6 * XH), 100 - int(0.2 * XH)))  # a vowel above
    assert marked_above(glyph, found, gray)
    glyph, found, gray = _found((100 - int(0.6 * XH), 100 - int(0.2 * XH)), flagged=False)
    assert not marked_above(glyph, found, gray)  # the segmentation saw none


def test_specks_on_the_glyph_and_the_line_above_are_no_marks():
    glyph, found, gray = _found((100 - int(MARK_GAP * XH) + 1, 100))  # a sliver on its head
    assert not marked_above(glyph, found, gray)
    glyph, found, gray = _found((0, 100 - int(MARK_REACH * XH) - 2))  # the feet of the line above
    assert not marked_above(glyph, found, gray)
    glyph, found, gray = _found(None)
    assert not marked_above(glyph, found, gray)
    # the ุ of the line above (bench pages: 1.5 line spacing) ending 1.0 x-height above
    # the ธ of "ที่ สธ" on an office scan: no mark of the code's, so no word "สิวิ"
    glyph, found, gray = _found((100 - int(1.3 * XH), 100 - int(1.0 * XH)))
    assert not marked_above(glyph, found, gray)


def test_the_feet_of_a_tightly_set_line_above_do_not_make_a_month_marked():
    # ม.ุค. is ม.ค. or มี.ค. by the mark above ม; Arabic digits stand taller
    # than the letters, so the crop of their line takes in the feet of the line above
    printed = "27 ม.ค. 2542"
    image, page = _date_page(printed, "ม.ุค.")
    _, chars = render(printed)
    pixels = np.asarray(image).copy()
    letters = pixels[:, chars[3][1]:chars[3][2]] < 128  # ม
    rows = np.flatnonzero(letters.any(axis=1))
    top, xh = int(rows[0]), int(rows[-1] - rows[0])
    feet = np.where(np.arange(pixels.shape[1]) % 12 < 6, 0, 255).astype(np.uint8)
    pixels[top - int(1.9 * xh):top - int(1.4 * xh), :] = feet  # a row of letters' feet
    fixed = reread_months(page, Image.fromarray(pixels))
    assert fixed.text == printed
