"""Digit stage: a "/" blur joined to the digit beside it (pipeline/ocr/digit_pieces.py)."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.digits_glyphs import CLASSES


def _digit_and_slash(xh: int, *, slash_height: float, slash_left: bool = False):
    """A glyph of a Thai digit one x-height tall and wide and a leaning "/"
    SLASH_HEIGHT x-heights tall touching it (on its right, or its left)."""
    from pipeline.ocr.digits_glyphs import Glyph, Line

    height = round(slash_height * xh)
    width = round(1.4 * xh)
    mask = np.zeros((height, width), bool)
    stroke = round(0.12 * xh)
    lean = round(0.3 * xh)
    if slash_left:
        digit_cols, slash_from = slice(width - xh, width), 0
    else:
        digit_cols, slash_from = slice(0, xh), width - round(0.45 * xh)
    mask[height - xh:, digit_cols] = True
    for row in range(height):  # the "/": its top LEAN right of its foot
        left = slash_from + (height - 1 - row) * lean // (height - 1)
        mask[row, left:left + stroke] = True
    glyph = Glyph(0, 0, width, height, mask)
    return glyph, Line([glyph], x_height=xh, slope=0.0, intercept=float(height))


class _TallModel:
    """TH Garuda's "๔/" blurred together: the whole (wider than 1.3 x-heights)
    reads ๙ at WHOLE; a piece taller than 1.15 x-heights reads SLASH (a dict
    of probabilities), a lower one ๔ at 0.98."""

    def __init__(self, whole: float = 0.99, slash: dict[str, float] | None = None):
        self.whole, self.slash = whole, slash or {"/": 0.87, "other": 0.13}

    def probabilities(self, x):
        from pipeline.ocr.digits_glyphs import SIZE

        p = np.zeros((len(x), len(CLASSES)), dtype=np.float32)
        height, width = x[:, SIZE * SIZE], x[:, SIZE * SIZE + 1]
        whole = width > 1.3
        tall, low = ~whole & (height >= 1.15), ~whole & (height < 1.15)
        p[whole, CLASSES.index("๙")] = self.whole
        p[whole, CLASSES.index("๔")] = 1 - self.whole
        for char, probability in self.slash.items():
            p[tall, CLASSES.index(char)] = probability
        p[low, CLASSES.index("๔")] = 0.98
        p[low, CLASSES.index("other")] = 0.02
        return p


def _labels(line, model):
    from pipeline.ocr.digit_cuts import split_touching
    from pipeline.ocr.digits_glyphs import glyph_features

    _, probs = split_touching(line, model.probabilities(glyph_features(line.glyphs, line)), model)
    return [CLASSES[int(q.argmax())] for q in probs]


def test_glyph_taller_than_any_thai_digit_is_cut_into_the_digit_and_its_slash():
    # TH Garuda's "๔/" on an office scan: one glyph 1.39 x-heights wide and 1.24 tall read ๙
    # at 0.96, more surely than its pieces read ๔ and "/" ("๐๙๙๗.๒.๔/๗๘" read "๐๙๙๗.๒.๙๗๘")
    glyph, line = _digit_and_slash(40, slash_height=1.25)
    assert _labels(line, _TallModel()) == ["๔", "/"]
    # as tall as a digit may stand, it stays one digit
    glyph, line = _digit_and_slash(40, slash_height=1.12)
    assert _labels(line, _TallModel()) == ["๙"]


def test_slash_cut_off_a_tall_glyph_may_read_as_other_where_it_is_shaped_like_a_slash():
    # TH Niramit AS's "/๖" on an office scan (1.31 x-heights tall): the "/" cut off still
    # holds a stroke of the ๖ and reads other 0.58, "/" 0.36
    slash = {"other": 0.6, "/": 0.35, "๗": 0.05}
    glyph, line = _digit_and_slash(40, slash_height=1.3, slash_left=True)
    assert _labels(line, _TallModel(slash=slash)) == ["/", "๔"]
    # no runner-up "/": no slash
    glyph, line = _digit_and_slash(40, slash_height=1.3, slash_left=True)
    assert _labels(line, _TallModel(slash={"other": 0.9, "๗": 0.1})) == ["๙"]
    # "/" the runner-up at 0.15, as the "/" cut off TH Garuda's "๔/" ("๐๒๕๖.๔/๑๐๗๘" read
    # "๐๒๕๖.๔๑๐๗๘") and TH Niramit AS's "/๖" ("๐๔๑๑/๖" read "๐๔๑๑๖") on office scans gave
    glyph, line = _digit_and_slash(40, slash_height=1.3, slash_left=True)
    assert _labels(line, _TallModel(slash={"other": 0.8, "/": 0.15, "๗": 0.05})) == ["/", "๔"]
    glyph, line = _digit_and_slash(40, slash_height=1.3, slash_left=True)
    assert _labels(line, _TallModel(slash={"other": 0.9, "/": 0.05, "๗": 0.05})) == ["๙"]


def test_wide_seven_and_the_digit_blurred_to_it_are_cut_in_two():
    from pipeline.ocr.digit_cuts import split_touching
    from pipeline.ocr.digits_glyphs import SIZE, Glyph, Line, glyph_features

    class SevenModel:
        """TH Niramit AS's ๗ (its tail reaching far right, 1.49 x-heights wide) and
        a ๒ blurred to it: the whole reads ๗ at 0.52, the cut pieces ๗ and ๒."""

        def probabilities(self, x):
            p = np.zeros((len(x), len(CLASSES)), dtype=np.float32)
            width = x[:, SIZE * SIZE + 1]
            whole, seven = width > 2.0, (width > 1.2) & (width <= 2.0)
            two, narrow = (width <= 1.2) & (width >= 0.9), width < 0.9
            p[whole, CLASSES.index("๗")], p[whole, CLASSES.index("other")] = 0.52, 0.48
            p[seven, CLASSES.index("๗")], p[seven, CLASSES.index("๙")] = 0.93, 0.07
            p[two, CLASSES.index("๒")] = 1.0
            p[narrow, CLASSES.index("other")] = 1.0
            return p

    xh = 28
    mask = np.zeros((30, 71), bool)
    mask[2:30, 0:41] = True  # the ๗, 1.46 x-heights wide
    mask[10:12, 41:43] = True  # touching
    mask[0:30, 43:71] = True  # the ๒
    glyph = Glyph(0, 0, 71, 30, mask)  # 2.54 x-heights wide
    line = Line([glyph], x_height=xh, slope=0.0, intercept=30.0)
    model = SevenModel()
    _, probs = split_touching(line, model.probabilities(glyph_features([glyph], line)), model)
    assert [CLASSES[int(q.argmax())] for q in probs] == ["๗", "๒"]


def _leaning_slash(x0: int, *, mark_below: bool = False):
    """A "/" 26 px tall and 9 wide, its top 6 px right of its foot, from column X0."""
    from pipeline.ocr.digits_glyphs import Glyph

    mask = np.zeros((26, 9), bool)
    for row in range(26):
        mask[row, (25 - row) * 6 // 25:(25 - row) * 6 // 25 + 3] = True
    return Glyph(x0, 0, x0 + 9, 26, mask, mark_below=mark_below)


def _slash_readings(xh: int, glyphs: list, digits: list[str], *, other: float, slash_p: float):
    """slashes_by_shape's labels for a digit, a glyph read other (OTHER, "/"
    SLASH_P) and a digit (GLYPHS, the digits read DIGITS at 0.99), and for the
    first two alone."""
    from pipeline.ocr.digit_shapes import slashes_by_shape
    from pipeline.ocr.digits_glyphs import Line

    probs = np.full((3, len(CLASSES)), 0.0001, dtype=np.float32)
    probs[0, CLASSES.index(digits[0])] = probs[2, CLASSES.index(digits[1])] = 0.99
    probs[1, CLASSES.index("other")], probs[1, CLASSES.index("/")] = other, slash_p

    def labels(count):
        line = Line(glyphs[:count], x_height=xh, slope=0.0, intercept=float(glyphs[0].y1))
        return [CLASSES[int(q.argmax())] for q in slashes_by_shape(line, probs[:count])]
    return labels(3), labels(2)


def test_slash_shaped_glyph_with_a_mark_below_between_two_digits_is_a_slash():
    from pipeline.ocr.digits_glyphs import Glyph

    # TH Garuda on an office scan: the "/" of "๐๒๗๘/๔๓๗" read other 0.71, "/" 0.28, a tone
    # mark of the next line flagged under it; the letter number fell apart in two runs
    eight = Glyph(0, 3, 14, 24, np.ones((21, 14), bool))
    slash = _leaning_slash(15, mark_below=True)  # 1.24 x-heights tall, its top 0.3 right of its foot
    four = Glyph(25, 3, 39, 24, np.ones((21, 14), bool))
    between, after = _slash_readings(21, [eight, slash, four], ["๘", "๔"], other=0.71, slash_p=0.28)
    assert between == ["๘", "/", "๔"]
    assert after == ["๘", "other"]  # with no digit after it, the mark makes it a letter's


def test_thin_leaning_glyph_between_two_digits_is_a_slash_however_unsurely_read():
    from pipeline.ocr.digits_glyphs import Glyph

    # TH Garuda's "/" between Arabic digits on a fax ("0242.7/308"): the x-height the
    # digits', the "/" 1.04 of it tall, read other 0.90 and "/" 0.095
    seven = Glyph(0, 1, 16, 26, np.ones((25, 16), bool))
    slash = _leaning_slash(18)  # its top 0.24 x-heights right of its foot
    three = Glyph(29, 1, 45, 26, np.ones((25, 16), bool))
    between, after = _slash_readings(25, [seven, slash, three], ["7", "3"], other=0.9, slash_p=0.095)
    assert between == ["7", "/", "3"]
    # after a digit at the end of a run it must stand taller and read more like a "/"
    assert after == ["7", "other"]


def test_line_band_of_a_line_whose_boxes_mostly_reach_into_the_line_above():
    from pipeline.models import OcrWord
    from pipeline.ocr.digit_lines import line_band

    # TH Garuda on an office scan (seed 999000): a phone line Tesseract garbled, most of its
    # boxes 1.2 pitches tall reaching into the line above; the median band still spans 1.37
    # pitches and the crop held three lines. The short boxes stand on the baseline (2183).
    pitch = 101.0
    tall = [OcrWord(text="ม", conf=50, left=40 * i, top=2078, width=30, height=120, block=1, par=1, line=1)
            for i in range(9)]
    short = [OcrWord(text="๐", conf=90, left=400 + 40 * i, top=2150, width=30, height=33, block=1, par=1, line=1)
             for i in range(5)]
    top, bottom = line_band(tall + short, pitch)
    assert bottom - top <= pitch and bottom >= 2183 and top >= 2100


class _ArabicModel:
    """Arabic digits 0.6 x-heights wide read surely: a piece taller than 1.1
    x-heights is "/", a narrower one DIGIT; a glyph wider than 1.0 reads WHOLE."""

    def __init__(self, digit: str, whole: dict[str, float]):
        self.digit, self.whole = digit, whole

    def probabilities(self, x):
        from pipeline.ocr.digits_glyphs import SIZE

        p = np.zeros((len(x), len(CLASSES)), dtype=np.float32)
        height, width = x[:, SIZE * SIZE], x[:, SIZE * SIZE + 1]
        wide = width > 1.0
        for char, probability in self.whole.items():
            p[wide, CLASSES.index(char)] = probability
        p[~wide & (height > 1.1), CLASSES.index("/")] = 1.0
        p[~wide & (height <= 1.1), CLASSES.index(self.digit)] = 1.0
        return p


def test_arabic_digit_and_slash_joined_narrower_than_a_thai_pair_are_cut():
    from pipeline.ocr.digit_cuts import split_touching
    from pipeline.ocr.digits_glyphs import Glyph, Line, glyph_features

    # TH Sarabun on a fax: the "2/" of "0821.2/ว" one glyph 1.18 x-heights wide (two Arabic
    # digits' width, less than SPLIT_WIDTH) read ๕ at 0.61 ("0821.6ว")
    xh = 22
    digits = [Glyph(16 * i, 0, 16 * i + 13, 22, np.ones((22, 13), bool)) for i in range(3)]
    mask = np.zeros((26, 26), bool)
    mask[4:26, 0:13] = True  # the 2
    for row in range(26):  # the "/", taller
        mask[row, 14 + (25 - row) * 8 // 25:16 + (25 - row) * 8 // 25] = True
    mask[22:24, 12:15] = True  # touching
    joined = Glyph(50, -4, 76, 22, mask)
    line = Line(digits + [joined], x_height=xh, slope=0.0, intercept=22.0)
    model = _ArabicModel("2", {"๕": 0.61, "๖": 0.2, "other": 0.19})
    _, probs = split_touching(line, model.probabilities(glyph_features(line.glyphs, line)), model)
    assert [CLASSES[int(q.argmax())] for q in probs] == ["2", "2", "2", "2", "/"]


def test_two_arabic_digits_blurred_together_are_cut():
    from pipeline.ocr.digit_cuts import split_touching
    from pipeline.ocr.digits_glyphs import Glyph, Line, glyph_features

    # TH Niramit AS on an office scan: the "44" of "0144/217" one glyph 1.42 x-heights wide
    # read ๓ at 0.35 ("014/217"): its pieces read 4 surely, but only Thai pieces were kept
    xh = 33
    mask = np.zeros((33, 47), bool)
    mask[:, 0:22] = True
    mask[10:12, 22:25] = True
    mask[:, 25:47] = True
    glyph = Glyph(0, 0, 47, 33, mask)
    line = Line([glyph], x_height=xh, slope=0.0, intercept=33.0)
    model = _ArabicModel("4", {"๓": 0.35, "๒": 0.3, "other": 0.35})
    _, probs = split_touching(line, model.probabilities(glyph_features(line.glyphs, line)), model)
    assert [CLASSES[int(q.argmax())] for q in probs] == ["4", "4"]


def test_cuts_of_a_wide_glyph_are_classified_in_one_call_per_kind_of_cut():
    from pipeline.ocr.digit_cuts import _split_one
    from pipeline.ocr.digits_glyphs import Glyph, Line, glyph_features

    class Counting(_TallModel):
        calls = 0

        def probabilities(self, x):
            Counting.calls += 1
            return super().probabilities(x)

    # a glyph 1.9 x-heights wide: even cuts in two and three, and the slash cuts on each side
    xh = 40
    glyph = Glyph(0, 0, 76, 40, np.ones((40, 76), bool))
    line = Line([glyph], x_height=xh, slope=0.0, intercept=40.0)
    model = Counting()
    p = model.probabilities(glyph_features([glyph], line))[0]
    Counting.calls = 0
    _split_one(glyph, p, line, model)
    assert Counting.calls <= 4  # (a call for every cut made 12)


class _DotModel(_TallModel):
    """As _TallModel, the whole read "other" (0.7, ๗ 0.3), the "/" piece read
    "/" at 0.99 and a glyph under 0.3 x-heights tall read "."."""

    def __init__(self):
        super().__init__(slash={"/": 0.99, "other": 0.01})

    def probabilities(self, x):
        from pipeline.ocr.digits_glyphs import SIZE

        p = super().probabilities(x)
        height, width = x[:, SIZE * SIZE], x[:, SIZE * SIZE + 1]
        whole = width > 1.3
        p[whole] = 0.0
        p[whole, CLASSES.index("other")], p[whole, CLASSES.index("๗")] = 0.7, 0.3
        dot = height < 0.3
        p[dot] = 0.0
        p[dot, CLASSES.index(".")] = 1.0
        return p


def test_digit_and_slash_with_a_mark_flagged_under_them_are_cut_where_they_go_on_a_run():
    from dataclasses import replace

    from pipeline.ocr.digits_glyphs import Glyph

    # TH Garuda's "๒/" of "๐๗๕๓.๒/๑" on an office scan: blurred together, read other, a
    # mark of the line below flagged under them; the "." before it is read
    xh = 40
    mask = np.zeros((50, 56), bool)  # 1.4 x-heights wide, 1.25 tall
    mask[10:, :34] = True  # the digit
    for row in range(50):  # the "/", its foot touching the digit
        mask[row, 36 + (49 - row) * 12 // 49:41 + (49 - row) * 12 // 49] = True
    mask[48:, 34:36] = True
    _, line = _digit_and_slash(xh, slash_height=1.25)
    glyph = Glyph(20, 0, 76, 50, mask, mark_below=True)
    dot = Glyph(0, glyph.y1 - 8, 8, glyph.y1, np.ones((8, 8), bool))
    assert _labels(replace(line, glyphs=[dot, glyph]), _DotModel()) == [".", "๔", "/"]
    # alone, or a space after the ".", the mark makes it a letter's
    assert _labels(replace(line, glyphs=[glyph]), _DotModel()) == ["other"]
    far = replace(glyph, x0=40, x1=96)
    assert _labels(replace(line, glyphs=[dot, far]), _DotModel()) == [".", "other"]


class _JoinedModel:
    """Reads a glyph wider than 0.9 x-heights (two pieces joined) ๘ at 0.77
    (and nothing else: _merge_pieces asks it only for the joined glyph)."""

    def probabilities(self, x):
        from pipeline.ocr.digits_glyphs import SIZE

        p = np.zeros((len(x), len(CLASSES)), dtype=np.float32)
        wide = x[:, SIZE * SIZE + 1] > 0.9
        p[wide, CLASSES.index("๘")] = 0.77
        p[wide, CLASSES.index("other")] = 0.23
        return p


def test_sure_digit_and_the_slash_shaped_piece_right_of_it_are_not_joined():
    from pipeline.ocr.digit_pieces import _merge_pieces
    from pipeline.ocr.digits_glyphs import Glyph, Line

    # TH Niramit AS's "4/" on a fax: the 4 read 1.00, its thin "/" (as tall as the 4,
    # leaning) other 0.66 and "/" 0.20, the two together ๘ 0.77: "0321.4/2595" read "0321.42595"
    xh = 21
    four = Glyph(0, 0, 14, 26, np.ones((26, 14), bool))
    slash = _leaning_slash(14)
    line = Line([four, slash], x_height=xh, slope=0.0, intercept=26.0)
    rows = np.full((2, len(CLASSES)), 0.0001, dtype=np.float32)
    rows[0, CLASSES.index("4")] = 1.0
    rows[1, CLASSES.index("other")], rows[1, CLASSES.index("/")] = 0.66, 0.20
    model = _JoinedModel()
    assert _merge_pieces([four, slash], list(rows), line, model) is None
    # an unsure digit beside it is a broken one's piece: joined as before
    rows[0, CLASSES.index("4")] = 0.6
    joined = _merge_pieces([four, slash], list(rows), line, model)
    assert joined is not None and CLASSES[int(joined[1].argmax())] == "๘"
    # and a piece that is no "/" by shape (upright) joins a sure digit as before
    rows[0, CLASSES.index("4")] = 1.0
    upright = Glyph(14, 0, 23, 26, np.ones((26, 9), bool))
    assert _merge_pieces([four, upright], list(rows), line, model) is not None
