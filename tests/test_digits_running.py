"""Digit stage: a letter number's running number Tesseract wrote as letters,
found by the image alone (a run right after a run ending in "/")."""

from __future__ import annotations

from pipeline.ocr.digits import reread_digits
from tests.test_digits import page_of, render


def test_running_number_after_a_wo_tesseract_wrote_as_another_letter_is_read():
    # TH Niramit AS on an office scan: "/ว ๑๑๐๖" written "อปร ดลวะ" (no "/", the ว a ร),
    # the running number standing more than CONTEXT x-heights past the unit code's digits
    image, spans = render("ที่ มท ๐๙๗๖.๓/ว ๑๑๐๖")
    words = [("ที่", spans[0][1], spans[2][2]), ("มท", spans[4][1], spans[5][2]),
             ("๐๕๗๐", spans[7][1], spans[11][2]), ("อป", spans[12][1], spans[13][2]),
             ("ร", spans[14][1], spans[14][2]), ("ดลวะ", spans[16][1], spans[19][2])]
    page = page_of(image, words, top=70, height=60)
    fixed = reread_digits(page, image)
    assert fixed.text.startswith("ที่ มท ๐๙๗๖.๓/") and fixed.text.endswith(" ๑๑๐๖")


def test_running_number_tesseract_wrote_as_mai_yamok_is_read():
    # TH Sarabun on an office scan: the ๗ after "/ว" written ๆ (no consonant in it)
    image, spans = render("ที่ อว ๐๘๐๒/ว ๗")
    words = [("ที่", spans[0][1], spans[2][2]), ("อว", spans[4][1], spans[5][2]),
             ("๐๕๐๒/", spans[7][1], spans[11][2]), ("ว", spans[12][1], spans[12][2]),
             ("ๆ", spans[14][1], spans[14][2])]
    page = page_of(image, words, top=70, height=60)
    assert reread_digits(page, image).text == "ที่ อว ๐๘๐๒/ ว ๗"


def test_letters_after_a_wo_that_the_image_shows_as_letters_stay():
    image, spans = render("ที่ อว ๐๘๐๒/ว ของ")
    words = [("ที่", spans[0][1], spans[2][2]), ("อว", spans[4][1], spans[5][2]),
             ("๐๕๐๒/", spans[7][1], spans[11][2]), ("ว", spans[12][1], spans[12][2]),
             ("ของ", spans[14][1], spans[16][2])]
    page = page_of(image, words, top=70, height=60)
    assert reread_digits(page, image).text == "ที่ อว ๐๘๐๒/ ว ของ"


def test_sliver_digit_beside_a_run_over_no_ink_is_dropped():
    # TH Niramit AS on an office scan: ๖ written ๐๒, the ๒'s box a sliver just past the
    # ๖ over no glyph ("วันที่๐๒ ตุลาคม" read "วันที่๖๒")
    image, spans = render("วันที่ ๖ ตุลาคม ๒๕๔๓")
    six, year = spans[7], spans[-4:]
    words = [("วันที่", spans[0][1], spans[5][2]), ("๐", six[1], six[2]), ("๒", six[2] + 3, six[2] + 6),
             ("ตุลาคม", spans[9][1], spans[14][2]), ("๒๕๕๓", year[0][1], year[3][2])]
    fixed = reread_digits(page_of(image, words, top=70, height=60), image)
    assert " ".join(fixed.text.split()) == "วันที่ ๖ ตุลาคม ๒๕๔๓"
    # a box 0.4 x-heights wide (the line's x-height 42 px; TH Niramit AS's ๗ written ๓๓,
    # the second ๓ 0.36 wide: "วันที่ ๗๓ เมษายน")
    words[2] = ("๒", six[2] + 1, six[2] + 18)
    fixed = reread_digits(page_of(image, words, top=70, height=60), image)
    assert " ".join(fixed.text.split()) == "วันที่ ๖ ตุลาคม ๒๕๔๓"


def test_a_narrow_glyph_read_as_an_arabic_one_beside_a_thai_digit_stands_apart():
    import numpy as np

    from pipeline.ocr.digit_runs import find_runs
    from pipeline.ocr.digits_glyphs import CLASSES, Glyph, Line

    # on a fax, the stem of a า broken off its hook (4 px wide, read "1" 0.61) stood
    # 13 px (0.76 x-heights) left of a ๕: "๕ ชุด" read "๙๕ ชุด"
    def glyph(x0, x1, height=17):
        return Glyph(x0, 17 - height, x1, 17, np.ones((height, x1 - x0), bool))

    def probs_of(reads):
        probs = np.full((len(reads), len(CLASSES)), 1e-6)
        for position, (char, p) in enumerate(reads):
            probs[position, CLASSES.index(char)] = p
        return probs

    line = Line([glyph(0, 4), glyph(17, 36, height=18)], x_height=17, slope=0.0, intercept=17.0)
    assert [run.best for run in find_runs(line, probs_of([("1", 0.61), ("๕", 1.0)]))] == ["1", "๕"]
    # an Arabic 1 as far from an Arabic digit stands in its digit-wide cell: one number
    arabic = Line([glyph(0, 4), glyph(14, 26)], x_height=17, slope=0.0, intercept=17.0)
    assert [run.best for run in find_runs(arabic, probs_of([("1", 0.9), ("5", 1.0)]))] == ["15"]


def test_a_digit_tesseract_glued_to_the_next_word_gives_way_to_the_run_it_reaches_into():
    # TH Niramit AS on an office scan: ๙ written « and glued to the month ("วันที «ตุลาคม"),
    # the word's box reaching 8 px into the ๙
    text = "วันที่ ๙ ตุลาคม ๒๕๕๔"
    image, sp = render(text)
    words = [("วันที่", sp[0][1], sp[5][2]), ("«ตุลาคม", sp[7][2] - 8, sp[14][2]), ("๒๕๕๕", sp[16][1], sp[19][2])]
    fixed = reread_digits(page_of(image, words, top=70, height=60), image)
    assert fixed.text == "วันที่ ๙ตุลาคม ๒๕๕๔"
    assert [s.kind for s in fixed.digit_spans] == ["day", "year"]


def test_a_run_written_over_no_word_must_surely_be_thai_digits_not_surely_one_digit():
    import numpy as np

    from pipeline.ocr.digit_pieces import one_script
    from pipeline.ocr.digit_places import surely_thai_digits
    from pipeline.ocr.digit_runs import Run
    from pipeline.ocr.digits_glyphs import CLASSES, Glyph

    # TH Sarabun New's running number "๗" of "๐๗๒๒/ว ๗" on an office scan, over no word
    # of Tesseract's: read ๗ 0.63 and ๓ 0.37, surely a digit
    raw = np.full((1, len(CLASSES)), 1e-6)
    raw[0, CLASSES.index("๗")], raw[0, CLASSES.index("๓")] = 0.63, 0.37
    glyph = Glyph(0, 0, 20, 21, np.ones((21, 20), bool))
    assert surely_thai_digits(Run([glyph], one_script(raw), 0, 0, 20, 21, raw))
    # a glyph that may be a letter as well is none
    raw[0, CLASSES.index("๓")], raw[0, CLASSES.index("other")] = 0.07, 0.3
    assert not surely_thai_digits(Run([glyph], one_script(raw), 0, 0, 20, 21, raw))


def test_a_day_under_the_mark_word_of_thi_takes_the_sliver_digit_beside_it():
    # TH Sarabun New on an office scan: Tesseract wrote ที่'s "่" a word of its own, its box
    # over the day's ๗, and the ๗ as "๓" 1 px wide just right of it ("วันที่ ๓ พฤษภาคม")
    image, spans = render("วันที่ ๗ พฤษภาคม ๒๕๖๘")
    seven, year = spans[7], spans[-4:]
    words = [("วันที", spans[0][1], spans[4][2]), ("่", seven[1] - 4, seven[1] + 16),
             ("๓", seven[2] + 2, seven[2] + 3), ("พฤษภาคม", spans[9][1], spans[15][2]),
             ("๒๕๒๕", year[0][1], year[3][2])]
    fixed = reread_digits(page_of(image, words, top=70, height=60), image)
    assert "๗ พฤษภาคม ๒๕๖๘" in " ".join(fixed.text.split())
