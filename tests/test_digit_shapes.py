"""Shape tests that overrule the classifier (pipeline/ocr/digit_shapes.py).

How often they fire right on whole pages is measured by scripts/bench_digits.py;
here: the flat-topped 3 is told from a 5, and no TLWG font's 5 is taken for one.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr.digit_shapes import threes_by_shape, without_five_stroke
from pipeline.ocr.digits_glyphs import CLASSES, Glyph, Line, segment_line

TLWG = Path("/usr/share/fonts/truetype/tlwg")


def _lower_bowl(mask: np.ndarray) -> None:
    """The bowl a 5 and a flat-topped 3 share: across the middle, down the right, along the bottom."""
    mask[12:15, 5:16] = True
    mask[13:27, 15:19] = True
    mask[26:30, 2:17] = True


def _glyph(mask: np.ndarray) -> Glyph:
    height, width = mask.shape
    return Glyph(0, 0, width, height, mask)


def five() -> Glyph:
    mask = np.zeros((30, 20), dtype=bool)
    mask[0:4, 3:19] = True  # top bar
    mask[0:15, 3:7] = True  # left stroke hanging from the bar's left end
    _lower_bowl(mask)
    return _glyph(mask)


def flat_three() -> Glyph:
    mask = np.zeros((30, 20), dtype=bool)
    mask[0:4, 2:19] = True  # top bar
    for row in range(3, 14):  # diagonal from the bar's right end to the middle
        column = round(17 - (row - 3) * 0.9)
        mask[row, column - 2:column + 2] = True
    _lower_bowl(mask)
    return _glyph(mask)


def test_a_flat_topped_three_is_told_from_a_five():
    assert without_five_stroke(flat_three())
    assert not without_five_stroke(five())


def test_a_glyph_without_a_fives_stroke_is_no_five():
    line = Line([five(), flat_three(), flat_three(), flat_three()], x_height=20.0, slope=0.0, intercept=30.0)
    probs = np.zeros((4, len(CLASSES)), dtype=np.float32)
    probs[0:2, CLASSES.index("5")] = 0.98
    probs[0:2, CLASSES.index("3")] = 0.02
    probs[2, CLASSES.index("3")], probs[2, CLASSES.index("5")] = 0.67, 0.33  # read 3, 5 close behind
    probs[3, CLASSES.index("๕")] = 1.0  # a Thai digit: left alone
    out = threes_by_shape(line, probs)
    assert [CLASSES[int(q.argmax())] for q in out] == ["5", "3", "3", "๕"]
    assert out[0, CLASSES.index("5")] == pytest.approx(0.98)  # the 5 keeps its 5
    assert out[1:3, CLASSES.index("3")] == pytest.approx([1.0, 1.0])
    assert out[1:3, CLASSES.index("5")] == pytest.approx([0.0, 0.0])
    assert probs[1, CLASSES.index("5")] == pytest.approx(0.98)  # the input is not changed


@pytest.mark.parametrize("name", ["Garuda", "Loma", "Norasi", "Kinnari", "Kinnari-Italic", "Sawasdee",
                                  "Waree", "TlwgTypo", "Umpush", "Purisa", "Laksaman"])
@pytest.mark.parametrize("dpi", [200, 300])
def test_no_tlwg_five_in_thai_text_is_a_flat_three(name, dpi):
    font_file = TLWG / f"{name}.ttf"
    if not font_file.exists():
        pytest.skip(f"font not installed: {font_file} (fonts-thai-tlwg-ttf)")
    px = round(16 * dpi / 72)
    font = ImageFont.truetype(str(font_file), px, layout_engine=ImageFont.Layout.RAQM)
    text = "ที่ สธ หนังสือราชการ 5535"  # Thai before the digits: a font's Thai alternates are drawn
    image = Image.new("L", (round(font.getlength(text)) + 2 * px, 3 * px), 255)
    ImageDraw.Draw(image).text((px, 2 * px), text, font=font, fill=0, anchor="ls")
    line = segment_line(np.asarray(image), line_height=1.5 * px)
    fives = [line.glyphs[-4], line.glyphs[-3], line.glyphs[-1]]
    assert [without_five_stroke(glyph) for glyph in fives] == [False, False, False]


class MarkFlagModel:
    """A stand-in classifier: a glyph with a mark flagged over it reads other,
    one without reads 1 (as TH Garuda's Arabic 1 with a fax's speck over it)."""

    def probabilities(self, x):
        from pipeline.ocr.digits_glyphs import SIZE

        p = np.zeros((len(x), len(CLASSES)), dtype=np.float32)
        marked = x[:, SIZE * SIZE + 4] > 0
        p[marked, CLASSES.index("other")], p[marked, CLASSES.index("1")] = 0.72, 0.28
        p[~marked, CLASSES.index("1")] = 0.99
        p[~marked, CLASSES.index("7")] = 0.01
        return p


def _line_of(labels_marks: list[tuple[str, bool]]) -> tuple[Line, np.ndarray]:
    glyphs, probs = [], np.zeros((len(labels_marks), len(CLASSES)), dtype=np.float32)
    for n, (label, marked) in enumerate(labels_marks):
        glyphs.append(Glyph(20 * n, 0, 20 * n + 15, 30, np.ones((30, 15), bool), mark_above=marked))
        if label == "other":
            probs[n, CLASSES.index("other")], probs[n, CLASSES.index("1")] = 0.72, 0.28
        else:
            probs[n, CLASSES.index(label)] = 1.0
    return Line(glyphs, x_height=30.0, slope=0.0, intercept=30.0), probs


def test_a_digit_a_speck_made_read_as_a_letter_is_read_again_without_its_mark():
    from pipeline.ocr.digit_shapes import specks_passing_for_marks

    # "2571" on a fax: the 1 with a speck over it, read other 0.72, 1 0.28
    line, probs = _line_of([("2", False), ("5", False), ("7", False), ("other", True)])
    out = specks_passing_for_marks(line, probs, MarkFlagModel())
    assert [CLASSES[int(q.argmax())] for q in out] == ["2", "5", "7", "1"]
    # beside Thai digits it is left alone (a Thai letter loses its marks and reads ๓ for ท)
    line, probs = _line_of([("๒", False), ("๕", False), ("๗", False), ("other", True)])
    assert [CLASSES[int(q.argmax())] for q in specks_passing_for_marks(line, probs, MarkFlagModel())][-1] == "other"
    # and so is a glyph with no mark flagged
    line, probs = _line_of([("2", False), ("5", False), ("7", False), ("other", False)])
    assert [CLASSES[int(q.argmax())] for q in specks_passing_for_marks(line, probs, MarkFlagModel())][-1] == "other"
