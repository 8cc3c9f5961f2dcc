"""Digit stage on fax pages: digits whose thin strokes a fax's threshold broke apart."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.digits_glyphs import CLASSES, SIZE, Glyph, Line

XH = 12  # a short line's x-height that came out small: its digits stand 17 px wide


class WidthLabels:
    """A stand-in classifier that reads a glyph by its width in x-heights:
    the first of ``bands`` (min width, {class: probability}) it reaches."""

    def __init__(self, bands: list[tuple[float, dict[str, float]]]):
        self.bands = sorted(bands, key=lambda b: -b[0])

    def probabilities(self, x):
        p = np.full((len(x), len(CLASSES)), 1e-6, dtype=np.float32)
        for row, width in enumerate(x[:, SIZE * SIZE + 1]):
            for min_width, labels in self.bands:
                if width >= min_width - 1e-6:
                    for char, probability in labels.items():
                        p[row, CLASSES.index(char)] = probability
                    break
        return p


def box(x0: int, x1: int, marked: bool = False, y0: int = 0) -> Glyph:
    return Glyph(x0, y0, x1, XH, np.ones((XH - y0, x1 - x0), bool), mark_above=marked)


def line_of(glyphs: list[Glyph]) -> Line:
    return Line(glyphs, x_height=XH, slope=0.0, intercept=float(XH))


def test_overlapping_pieces_of_a_broken_digit_are_joined_though_wide():
    from pipeline.ocr.digit_pieces import merge_broken

    # TH Sarabun New on a fax, "๒๕๖๔" read "๒๑๔๓๖๐๔": the ๕ broke in a left stroke and a
    # loop whose boxes share a column, 17 px together (1.42 x-heights; MERGE_WIDTH is
    # 1.2), the loop marked above (the ๕'s top curl, broken off too, taken for a mark)
    model = WidthLabels([(1.35, {"๕": 0.92, "๙": 0.04}), (1.0, {"๒": 0.98}),
                         (0.0, {"๑": 0.52, "๔": 0.4})])
    two = box(0, 13)
    line = line_of([two, box(16, 23), box(22, 33, marked=True)])
    probs = model.probabilities(_features(line))
    joined, joined_probs = merge_broken(line, probs, model)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 13), (16, 33)]
    assert "".join(CLASSES[i] for i in joined_probs.argmax(axis=1)) == "๒๕"
    # the same pieces side by side (no column shared) stay apart: whole digits stand so
    line = line_of([two, box(16, 23), box(23, 34)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 3
    # and so do pieces wider than MERGE_OVERLAP_WIDTH together (two digits)
    line = line_of([two, box(16, 27), box(26, 37)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 3


def test_overlapping_digit_and_slash_or_sure_digit_are_not_joined():
    from pipeline.ocr.digit_pieces import merge_broken

    # TH Niramit AS on a fax: a ๕ and the "/" after it, their boxes sharing a column,
    # read ๗ together ("๐๐๘๕/ว" read "๐๐๘๗ว")
    model = WidthLabels([(1.35, {"๗": 0.96}), (0.8, {"๕": 0.86}), (0.0, {"/": 0.94})])
    line = line_of([box(0, 12), box(11, 17, y0=-3)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 2
    # a ๔ read surely and a piece its box overlaps, read ๙ together ("๔/๓" read "๙๓")
    model = WidthLabels([(1.35, {"๙": 0.89}), (0.8, {"๔": 1.0}), (0.0, {"other": 0.82, "/": 0.1})])
    line = line_of([box(0, 12), box(11, 17, y0=-3)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 2
    # ... but a piece broken off a ๒ that reads surely, read ๒ together, is its own
    model = WidthLabels([(1.35, {"๒": 1.0}), (0.8, {"๒": 0.99}), (0.0, {"other": 0.72})])
    line = line_of([box(0, 12), box(10, 17)])
    joined, joined_probs = merge_broken(line, model.probabilities(_features(line)), model)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 17)]


def _features(line: Line) -> np.ndarray:
    from pipeline.ocr.digits_glyphs import glyph_features

    return glyph_features(line.glyphs, line)


def test_piece_broken_off_a_digit_between_two_digits_does_not_cut_the_run():
    from pipeline.ocr.digit_runs import find_runs

    # TH Sarabun New on a fax, "๒๕๕๖" read "๒๕๕" and "๖": the tip of the ๖'s left stroke,
    # 6 px tall at an x-height of 16 and read other 0.45, overlaps the boxes beside it
    xh = 16

    def glyph(x0, x1, height=13):
        return Glyph(x0, 16 - height, x1, 16, np.ones((height, x1 - x0), bool))

    def probs_of(reads):
        probs = np.full((len(reads), len(CLASSES)), 1e-6)
        for position, (char, p) in enumerate(reads):
            probs[position, CLASSES.index(char)] = p
            if char == "other":
                probs[position, CLASSES.index("๖")] = (1 - p) / 2
        return probs

    glyphs = [glyph(0, 13), glyph(16, 34), glyph(37, 60), glyph(58, 64, height=6), glyph(63, 74)]
    reads = [("๒", 1.0), ("๕", 1.0), ("๕", 0.93), ("other", 0.45), ("๖", 0.99)]
    line = Line(glyphs, x_height=xh, slope=0.0, intercept=16.0)
    runs = find_runs(line, probs_of(reads))
    assert [run.best for run in runs] == ["๒๕๕๖"]
    assert len(runs[0].glyphs) == 4  # the piece is no glyph of the run
    # a "-" (low, apart from its digits) cuts the run, and so does a piece read surely as other
    glyphs[3] = glyph(62, 66, height=2)
    assert [run.best for run in find_runs(line, probs_of(reads))] == ["๒๕๕", "๖"]
    glyphs[3] = glyph(58, 64, height=6)
    reads[3] = ("other", 0.95)
    assert [run.best for run in find_runs(line, probs_of(reads))] == ["๒๕๕", "๖"]


def test_year_after_a_month_name_misread_by_one_character_has_a_years_shape():
    from pipeline.ocr.digit_fields import field_kind
    from pipeline.ocr.digit_runs import choose_reading
    from tests.test_digits import _run_of

    # on a fax: "๓ มีนาคม ๒๕๖๓", the month read "มนาคม" (its vowel lost), the year's ๖
    # broken in two pieces each read ๖: "๒๕๖๖๓"
    assert field_kind("๓ มนาคม ", "") == "year"
    assert field_kind("๒๘ พ.ค: ", "") == "year"  # a "." read ":"
    assert field_kind("ลงวันที่ ๒๘ เมษายน ", "") == "year"
    # words two characters from a month name, or short, name none
    assert field_kind("จำนวน ", "") == "number"
    assert field_kind("ที่ กค ", "") == "letter_number"
    assert field_kind("นาคม ", "") == "number"
    chars = [("๒", 1.0), ("๕", 1.0), ("๖", 0.98), ("๖", 0.56), ("๓", 1.0)]
    probs = np.full((len(chars), len(CLASSES)), 1e-6)
    for position, (char, p) in enumerate(chars):
        probs[position, CLASSES.index(char)] = p
    probs[3, CLASSES.index("๒")] = 0.41
    text, ok, _, _ = choose_reading(_run_of(probs), field_kind("๓ มนาคม ", ""), "", "๓ มนาคม ")
    assert (text, ok) == ("๒๕๖๓", True)


def test_year_in_six_glyphs_drops_two_pieces_of_broken_digits():
    from pipeline.ocr.digit_runs import choose_reading
    from tests.test_digits import _run_of

    # TH Sarabun New on a fax, "๔ ต.ค. ๒๕๖๔": a piece of the ๖ and of the ๔ each read as
    # a digit of its own, "๒๕๓๖๐๔"; no one glyph dropped gives a year
    chars = [("๒", 0.98), ("๕", 0.92), ("๓", 0.62), ("๖", 0.98), ("๐", 0.62), ("๔", 0.91)]
    probs = np.full((len(chars), len(CLASSES)), 1e-6)
    for position, (char, p) in enumerate(chars):
        probs[position, CLASSES.index(char)] = p
    run = _run_of(probs)
    text, ok, _, _ = choose_reading(run, "year", "", "๔ ต.ค. ")
    assert (text, ok) == ("๒๕๖๔", True)
    assert len(run.glyphs) == 4 and run.best == "๒๕๖๔"
    # a number of six digits keeps them all
    text, _, _, _ = choose_reading(_run_of(probs), "number", "", "จำนวน ")
    assert text == "๒๕๓๖๐๔"


def test_unit_code_after_thi_that_lost_its_mark_has_a_unit_codes_shape():
    from pipeline.ocr.digit_fields import field_kind
    from pipeline.ocr.digit_runs import choose_reading
    from tests.test_digits import _run_of

    # on a fax: "ที่ มท ๐๙๐๖/๕๒๐๐", ที่ read "ที", the ๖ broken in two pieces each read ๖
    assert field_kind("ที มท ", "") == "letter_number"
    assert field_kind("ลงวันที ", "") == "number"  # ที inside a word names no prefix
    chars = [("๐", 1.0), ("๙", 0.99), ("๐", 1.0), ("๖", 0.97), ("๖", 0.9), ("/", 1.0)]
    probs = np.full((len(chars), len(CLASSES)), 1e-6)
    for position, (char, p) in enumerate(chars):
        probs[position, CLASSES.index(char)] = p
    text, ok, _, _ = choose_reading(_run_of(probs), field_kind("ที มท ", ""), "๕๒๐๐", "ที มท ")
    assert (text, ok) == ("๐๙๐๖/", True)


def test_joined_pieces_of_a_digit_are_not_cut_again_into_two_of_it():
    from pipeline.ocr.digit_cuts import split_touching

    # TH Sarabun New on a fax, "๐๕๓๔.๖/๖๘๐๔" read "๐๕๓๔.๖๖/๖๖๘...": the ๖ in pieces joined
    # again (17 px, 1.31 x-heights where the line's x-height came out 13) read ๖ 0.79,
    # and split_touching cut it into two halves that each read ๖
    xh = 13
    model = WidthLabels([(1.2, {"๖": 0.79, "๒": 0.21}), (0.0, {"๖": 0.99})])

    def line_with(width):
        glyph = Glyph(0, 0, width, 16, np.ones((16, width), bool))
        return Line([glyph], x_height=xh, slope=0.0, intercept=16.0)

    line = line_with(17)
    split, split_probs = split_touching(line, model.probabilities(_features(line)), model)
    assert len(split.glyphs) == 1 and CLASSES[int(split_probs[0].argmax())] == "๖"
    # a glyph two digits wide is two of them
    line = line_with(2 * xh)
    split, split_probs = split_touching(line, model.probabilities(_features(line)), model)
    assert "".join(CLASSES[int(q.argmax())] for q in split_probs) == "๖๖"


def test_small_piece_overlapping_a_surely_read_digit_is_part_of_it():
    from pipeline.ocr.digit_pieces import merge_broken

    # TH Sarabun New on a fax, "๐๕๓๖" read "๐๕๓๘๖": the tip of the ๖'s stroke broke off,
    # 7 px tall at an x-height of 13, read ๘ 0.48 (a speck above it passed for a mark);
    # the ๖ read 1.00, the two joined read other 0.50
    xh = 13
    model = WidthLabels([(1.0, {"other": 0.5, "๖": 0.48}), (0.7, {"๖": 1.0}), (0.0, {"๘": 0.48, "๖": 0.3})])

    def glyph(x0, x1, height, marked=False):
        return Glyph(x0, 13 - height, x1, 13, np.ones((height, x1 - x0), bool), mark_above=marked)

    three = glyph(0, 11, 12)
    line = Line([three, glyph(21, 27, 7, marked=True), glyph(25, 36, 12)], x_height=xh, slope=0.0,
                intercept=13.0)
    probs = model.probabilities(_features(line))
    probs[0] = 1e-6
    probs[0, CLASSES.index("๓")] = 1.0
    joined, joined_probs = merge_broken(line, probs, model)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 11), (21, 36)]
    assert "".join(CLASSES[i] for i in joined_probs.argmax(axis=1)) == "๓๖"
    # a piece as tall as a digit, or beside the digit without sharing a column, stays
    for piece in (glyph(21, 27, 12), glyph(18, 24, 7)):
        line = Line([three, piece, glyph(25, 36, 12)], x_height=xh, slope=0.0, intercept=13.0)
        probs = model.probabilities(_features(line))
        probs[1] = 1e-6
        probs[1, CLASSES.index("๘")] = 0.48
        assert len(merge_broken(line, probs, model)[0].glyphs) == 3


def test_overlapping_pieces_both_read_as_the_same_digit_are_one_digit():
    from pipeline.ocr.digit_pieces import merge_broken

    # TH Sarabun New on a fax: a ๖ broken in its stroke and its loop, boxes sharing two
    # columns, each read ๖ surely and ๖ 0.56 together ("๐๕๓๖" read "๐๕๓๖๖")
    model = WidthLabels([(1.0, {"๖": 0.56, "๒": 0.43}), (0.0, {"๖": 1.0})])
    line = line_of([box(0, 6), box(4, 13)])
    joined, joined_probs = merge_broken(line, model.probabilities(_features(line)), model)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 13)]
    assert "".join(CLASSES[i] for i in joined_probs.argmax(axis=1)) == "๖"
    # two whole ๖ side by side (no column shared) stay two
    line = line_of([box(0, 9), box(9, 18)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 2
    # and so do pieces read as two different digits
    model = WidthLabels([(1.0, {"๖": 0.56, "๒": 0.43}), (0.7, {"๒": 1.0}), (0.0, {"๖": 1.0})])
    line = line_of([box(0, 6), box(4, 13)])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 2


def test_narrow_pieces_of_a_broken_thai_digit_join_across_a_wider_gap():
    from pipeline.ocr.digit_pieces import merge_broken

    # TH Sarabun New on a fax: a ๖ broken in its stroke and its loop, 5 px wide each at an
    # x-height of 17 and 3 px (0.18 x-heights) apart, read ๖ 0.65 and "6" 0.52 ("๖๒๑" read "๖๑๒๑")
    model = WidthLabels([(0.7, {"๖": 0.95}), (0.0, {"๖": 0.65, "6": 0.3})])
    line = Line([Glyph(0, 0, 5, 17, np.ones((17, 5), bool)), Glyph(8, 5, 13, 17, np.ones((12, 5), bool))],
                x_height=17, slope=0.0, intercept=17.0)
    joined, joined_probs = merge_broken(line, model.probabilities(_features(line)), model)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 13)]
    assert "".join(CLASSES[i] for i in joined_probs.argmax(axis=1)) == "๖"
    # pieces as far apart that read as Arabic digits stay apart (an Arabic "11")
    model = WidthLabels([(0.7, {"๖": 0.95}), (0.0, {"1": 0.65, "๖": 0.3})])
    assert len(merge_broken(line, model.probabilities(_features(line)), model)[0].glyphs) == 2


def test_a_comma_beside_a_digit_is_no_sliver_of_it():
    from pipeline.ocr.digits_glyphs import segment_line

    # TH Sarabun New's "2,138,589" on a fax: the comma 4 px wide, 1 px right of the 2,
    # hanging 5 px below the baseline; taken for a sliver of the 2 the two read 7
    base, xh = 40, 18
    image = np.full((64, 200), 255, dtype=np.uint8)
    for x0 in (10, 30, 50, 70, 90):  # consonants: the line's x-height and baseline
        image[base - xh:base, x0:x0 + 12] = 0
    image[base - xh:base, 110:124] = 0  # the 2
    image[base - 5:base + 5, 125:129] = 0  # the comma
    line = segment_line(image, line_height=30)
    assert [(g.x0, g.x1) for g in line.glyphs][-2:] == [(110, 124), (125, 129)]
    # a sliver of the stroke, standing on the baseline, still joins the glyph it touches
    image[base - 5:base + 5, 125:129] = 255
    image[base - 10:base, 125:129] = 0
    line = segment_line(image, line_height=30)
    assert [(g.x0, g.x1) for g in line.glyphs][-1] == (110, 129)


def test_a_piece_the_regroup_cut_left_beside_its_digit_is_joined_to_it():
    from pipeline.ocr.digit_pieces import join_twice_read

    # TH Sarabun New's "๖๖" on a fax: the first ๖'s stroke (read ๖ 0.97) overlaps its loop,
    # which regroup_pieces' cut read ๖ 1.00 apart from the second ๖: "๐๓๖๖" read "๐๓๖๖๖"
    xh = 17
    stroke = Glyph(0, 28, 9, 46, np.ones((18, 9), bool))
    loop = Glyph(6, 33, 18, 45, np.ones((12, 12), bool))
    second = Glyph(19, 28, 37, 46, np.ones((18, 18), bool))
    line = Line([stroke, loop, second], x_height=xh, slope=0.0, intercept=46.0)
    probs = np.full((3, len(CLASSES)), 1e-6, dtype=np.float32)
    probs[:, CLASSES.index("๖")] = [0.97, 1.0, 0.99]
    joined, joined_probs = join_twice_read(line, probs)
    assert [(g.x0, g.x1) for g in joined.glyphs] == [(0, 18), (19, 37)]
    assert [CLASSES[int(q.argmax())] for q in joined_probs] == ["๖", "๖"]
    # two digits side by side, their boxes apart, stay two
    assert len(join_twice_read(Line([loop, second], x_height=xh, slope=0.0, intercept=46.0), probs[1:])[0].glyphs) == 2
