"""Digit stage: lines Tesseract garbled or made of marks, around the page's
digit runs (pipeline/ocr/digits.py)."""

from __future__ import annotations

import pytest
from PIL import Image

from pipeline.models import OcrPage, OcrWord
from pipeline.ocr.page_text import drop_words
from pipeline.ocr.digits import reread_digits
from tests.test_digits import page_of, render

PITCH = 100  # px: 16 pt at 300 dpi, 1.5 line spacing (the bench's pages)


def _word(text: str, left: int, right: int, top: int, height: int, line: int) -> OcrWord:
    return OcrWord(text=text, conf=90, left=left, top=top, width=right - left, height=height,
                   block=1, par=1, line=line)


def _page(image: Image.Image, lines: list[list[OcrWord]]) -> OcrPage:
    words = [w for line in lines for w in line]
    return OcrPage(number=1, width=image.width, height=image.height, dpi=300,
                   text="\n".join(" ".join(w.text for w in line) for line in lines), words=words, engine="test")


def _letter_number_page(mark_text: str, mark_bottom_above_base: int):
    """A letter number's line (baseline 3 pitches down) under a line Tesseract
    made of one short word MARK_BOTTOM_ABOVE_BASE px above that baseline,
    and three lines of letters above it (blank: the line pitch)."""
    line_image, spans = render("ที่ สธ ๐๐๐๗/๕")
    base = 3 * PITCH + 40
    image = Image.new("L", (line_image.width, base + 60), 255)
    image.paste(line_image.crop((0, 2 * 66 - 60, line_image.width, 2 * 66 + 30)), (0, base - 60))
    lines = [[_word("ก", 140, 170, 40 + k * PITCH - 28, 28, k + 1), _word("ข", 300, 330, 40 + k * PITCH - 28, 28, k + 1)]
             for k in range(3)]
    mark = [_word(mark_text, spans[0][1], spans[0][2], base - mark_bottom_above_base - 27, 27, 4)]
    number = [_word("ที่", spans[0][1], spans[2][2], base - 29, 29, 5),
              _word("สธ", spans[4][1], spans[5][2], base - 40, 40, 5),
              _word("๐๐๐๗/๕", spans[7][1], spans[12][2], base - 36, 36, 5)]
    return image, _page(image, lines + [mark, number])


def test_a_digit_written_for_the_marks_above_a_line_is_dropped():
    # TH Niramit AS on an office scan: the ี่ of ที่ written "4" on a line of its own,
    # its bottom 30 px (0.3 pitches) above the letter number's baseline: "4\nที่ สธ ..."
    image, page = _letter_number_page("4", 30)
    fixed = reread_digits(page, image)
    assert fixed.text.endswith("ข\nที่ สธ ๐๐๐๗/๕")
    assert "4" not in [w.text for w in fixed.words]


def test_two_digit_words_written_for_the_marks_are_dropped():
    # "๕ 4" for the marks of ที่, the ๕'s box reaching 21 px above the baseline
    image, page = _letter_number_page("4", 30)
    five = page.words[6].model_copy(update={"text": "๕", "top": page.words[6].top + 9, "left": page.words[6].left - 5})
    page = page.model_copy(update={"words": page.words[:6] + [five] + page.words[6:],
                                   "text": page.text.replace("\n4\n", "\n๕ 4\n")})
    assert reread_digits(page, image).text.endswith("ข\nที่ สธ ๐๐๐๗/๕")


def test_thi_marks_tesseract_wrote_as_a_letter_on_a_line_of_their_own_are_dropped():
    # TH Sarabun New on a fax: "ซ่\nท พณ ๐๔๐๙.๕/๙๖๕๒", the marks 0.31 pitches above the
    # baseline of a line opening with the ท that lost them
    image, page = _letter_number_page("ซ่", 30)
    tho = page.words[-3].model_copy(update={"text": "ท"})
    page = page.model_copy(update={"words": page.words[:-3] + [tho] + page.words[-2:],
                                   "text": page.text.replace("ที่ สธ", "ท สธ")})
    assert reread_digits(page, image).text.endswith("ข\nท สธ ๐๐๐๗/๕")
    # over a line opening with another letter, such a word stays
    other = page.words[-3].model_copy(update={"text": "ก"})
    page = page.model_copy(update={"words": page.words[:-3] + [other] + page.words[-2:],
                                   "text": page.text.replace("ท สธ", "ก สธ")})
    assert "\nซ่\nก สธ ๐๐๐๗/๕" in reread_digits(page, image).text


def test_a_digit_line_a_pitch_above_stays():
    image, page = _letter_number_page("4", PITCH)
    assert "\n4\nที่ สธ ๐๐๐๗/๕" in reread_digits(page, image).text


def test_a_digit_on_the_line_tesseract_put_on_a_line_of_its_own_stays():
    image, page = _letter_number_page("4", 2)
    assert "\n4\nที่ สธ ๐๐๐๗/๕" in reread_digits(page, image).text


def test_dropped_words_take_their_line_break():
    image = Image.new("L", (100, 100), 255)
    page = _page(image, [[_word("ก", 0, 10, 0, 10, 1)], [_word("0", 0, 10, 20, 10, 2)],
                         [_word("ข", 0, 10, 40, 10, 3), _word("1", 20, 30, 40, 10, 3)]])
    assert drop_words(page, [1]).text == "ก\nข 1"
    assert drop_words(page, [3]).text == "ก\n0\nข"
    assert [w.text for w in drop_words(page, [1, 3]).words] == ["ก", "ข"]


def test_digits_under_a_word_tesseract_stretched_over_them_are_read():
    # TH Garuda on an office scan: "ที่ ลป ๐๙๔๓.๙/ว ๔๔" written "ทีอป สว", the ส's box over
    # the whole unit code (over four times the words' height wide), the ว's over "/ว",
    # no word over the running number
    image, spans = render("ที่ ลป ๐๙๔๓.๙/ว ๔๔ ลงวันที่")
    words = [("ที", spans[0][1], spans[2][2]), ("อป", spans[4][1], spans[5][2]),
             ("ส", spans[7][1], spans[12][2]), ("ว", spans[13][1], spans[14][2]),
             ("ลงวันที่", spans[19][1], spans[26][2])]
    page = page_of(image, words, top=94, height=40)
    assert page.words[2].width > 4 * 40
    fixed = reread_digits(page, image)
    assert fixed.text == "ที อป ๐๙๔๓.๙/ ว ๔๔ ลงวันที่"
    assert [s.text for s in fixed.digit_spans] == ["๐๙๔๓.๙/", "๔๔"]
    assert all(fixed.text[s.start:s.end] == s.text for s in fixed.digit_spans)
    assert [w.text for w in fixed.words][-3:] == ["ว", "๔๔", "ลงวันที่"]


def test_digit_runs_under_one_garbled_word_are_each_read():
    # TH Garuda on an office scan: "... ๕ ลงวันที่ ๒๘ สิงหาคม ๒๕๔๙" written "๕11", the "11"
    # one box 740 px wide over the whole date: both runs under it are written, set apart
    # from the running number Tesseract glued the word to
    printed = "ที่ คค ๐๔๕๗.๗/ว ๕ ลงวันที่ ๒๘ สิงหาคม ๒๕๔๙"
    image, spans = render(printed)
    boxes = [("ที่", 0, 2), ("คค", 4, 5), ("๐๔๕๗.๗/ว", 7, 14), ("๕", 16, 16), ("11", 18, 41)]
    words = [OcrWord(text=t, conf=90, left=spans[a][1], top=94, width=spans[b][2] - spans[a][1], height=40,
                     block=1, par=1, line=1) for t, a, b in boxes]
    page = OcrPage(number=1, width=image.width, height=image.height, dpi=300, text="ที่ คค ๐๔๕๗.๗/ว ๕11",
                   words=words, engine="test")
    assert page.words[4].width > 4 * 40 * 2
    fixed = reread_digits(page, image)
    assert fixed.text == "ที่ คค ๐๔๕๗.๗/ว ๕ ๒๘ ๒๕๔๙"
    assert [s.text for s in fixed.digit_spans][-2:] == ["๒๘", "๒๕๔๙"]
    assert all(fixed.text[s.start:s.end] == s.text for s in fixed.digit_spans)
    assert [w.text for w in fixed.words][-2:] == ["๒๘", "๒๕๔๙"]


def test_letters_under_a_stretched_word_stay():
    image, spans = render("ที่ ลป ของรัฐบาล")
    words = [("ที", spans[0][1], spans[2][2]), ("อป", spans[4][1], spans[5][2]),
             ("ส", spans[7][1], spans[14][2])]
    page = page_of(image, words, top=94, height=40)
    assert page.words[2].width > 4 * 40
    assert reread_digits(page, image).text == page.text


def test_a_narrow_word_of_letters_over_digits_stays():
    # a word of letters no wider than letters are: Tesseract read letters there
    image, spans = render("ที่ ลป ๐๙๔๓.๙/ว ๔๔")
    words = [("ที", spans[0][1], spans[2][2]), ("อป", spans[4][1], spans[5][2]),
             ("ส", spans[7][1], spans[12][2]), ("ว", spans[13][1], spans[14][2])]
    page = page_of(image, words, top=54, height=80)
    assert reread_digits(page, image).text == page.text


def _arabic_run(digits: str):
    """A run of one glyph per digit, 20 px apart from x = 100 (crop and page alike)."""
    import numpy as np

    from pipeline.ocr.digit_runs import Run
    from pipeline.ocr.digits_glyphs import CLASSES, Glyph

    glyphs = [Glyph(100 + 20 * k, 0, 116 + 20 * k, 30, np.ones((30, 16), bool)) for k in range(len(digits))]
    probs = np.zeros((len(digits), len(CLASSES)), dtype=np.float32)
    for k, digit in enumerate(digits):
        probs[k, CLASSES.index(digit)] = 1.0
    return Run(glyphs=glyphs, probs=probs, x0=100, y0=0, x1=glyphs[-1].x1, y1=30, raw=probs.copy())


def test_a_run_tesseract_wrote_as_two_words_of_arabic_digits_is_cut_between_them():
    # TH Niramit AS on an office scan: the narrow 1 before the space of "0 2931 1646" made
    # the run's gap rule see no space; Tesseract's two words of Arabic digits, one
    # character for each glyph, stand
    from pipeline.ocr.digit_words import split_at_arabic_words

    run = _arabic_run("29311646")
    words = [("โทร.", 0, 80), ("2931", 98, 178), ("1646", 178, 258)]
    page = page_of(Image.new("L", (300, 40), 255), words, top=0, height=30)
    parts = split_at_arabic_words(page, [0, 1, 2], run, 0)
    assert [p.best for p in parts] == ["2931", "1646"]
    assert [(p.x0, p.x1) for p in parts] == [(100, 176), (180, 256)]
    assert parts[1].raw.shape == (4, run.raw.shape[1])


@pytest.mark.parametrize("words", [
    [("293", 98, 178), ("1646", 178, 258)],  # a glyph Tesseract did not write
    [("2931", 98, 178), ("๑๖๔๖", 178, 258)],  # Thai digits: Tesseract's spaces there are no evidence
    [("29311646", 98, 258)],  # one word
])
def test_a_run_is_left_whole_unless_tesseract_wrote_arabic_words_one_for_one(words):
    from pipeline.ocr.digit_words import split_at_arabic_words

    run = _arabic_run("29311646")
    page = page_of(Image.new("L", (300, 40), 255), words, top=0, height=30)
    assert split_at_arabic_words(page, list(range(len(words))), run, 0) == [run]


def test_a_letter_number_tesseract_wrote_nothing_for_after_its_head_is_read():
    # TH Garuda on an office scan: "ที่ อว ๐๓๕๖/๑" written "ที่ อว", nothing after the code
    # (the words' boxes hold ที่'s marks: 70 px tall, as on the bench pages)
    image, spans = render("ที่ อว ๐๓๕๖/๑")
    words = [("ที่", spans[0][1], spans[2][2]), ("อว", spans[4][1], spans[5][2])]
    fixed = reread_digits(page_of(image, words, top=64, height=70), image)
    assert fixed.text == "ที่ อว ๐๓๕๖/๑"
    assert [s.text for s in fixed.digit_spans] == ["๐๓๕๖/๑"]
    assert fixed.text[fixed.digit_spans[0].start:fixed.digit_spans[0].end] == "๐๓๕๖/๑"
    assert [w.text for w in fixed.words] == ["ที่", "อว", "๐๓๕๖/๑"]


def test_letters_after_a_bare_head_stay():
    image, spans = render("ที่ อว ของรัฐ")
    words = [("ที่", spans[0][1], spans[2][2]), ("อว", spans[4][1], spans[5][2])]
    page = page_of(image, words, top=64, height=70)
    assert reread_digits(page, image).text == "ที่ อว"


def _line_page(texts: list[str]) -> OcrPage:
    """One line of words, 30 px apart, the text joined by spaces."""
    words = [OcrWord(text=t, conf=90, left=40 * i, top=10, width=30, height=30, block=1, par=1, line=1)
             for i, t in enumerate(texts)]
    return OcrPage(number=1, width=40 * len(texts), height=60, dpi=300, text=" ".join(texts), words=words,
                   engine="test")


def test_marks_alone_where_a_day_stands_are_a_lookalike_of_a_digit():
    from pipeline.ocr.digit_text import lookalike_words
    from pipeline.ocr.page_text import word_offsets

    # TH Sarabun PSK's ๗ before a month name written "ี่ ๆ" on an office scan
    page = _line_page(["ลงวันที่", "ี่", "ๆ", "พฤษภาคม", "๒๕๓๔"])
    assert lookalike_words(page, list(range(5)), word_offsets(page)) == {2}
    page = _line_page(["ลงวันที่", "ี่", "ม.ค.", "๒๕๓๕"])
    assert lookalike_words(page, list(range(4)), word_offsets(page)) == {1}
    # marks standing elsewhere are no day
    page = _line_page(["ลงวันที่", "ี่", "ประชุม", "สามัญ"])
    assert lookalike_words(page, list(range(4)), word_offsets(page)) == set()


def test_a_day_tesseract_wrote_nothing_for_is_read_after_wan_thi():
    # "ลงวันที่ ม.ค. ๒๕๓๕" for "ลงวันที่ ๗ ม.ค. ๒๕๓๕" (TH Sarabun New, office scan)
    text = "ลงวันที่ ๗ ม.ค. ๒๕๓๕"
    image, spans = render(text)
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    words = [("ลงวันที่", x[0], x[8]), ("ม.ค.", x[11], x[15]), ("๒๕๓๕", x[16], x[20])]
    page = page_of(image, words, top=2 * 67 - 50, height=60)
    fixed = reread_digits(page, image)
    assert fixed.text == text
    assert [span.kind for span in fixed.digit_spans if span.text == "๗"] == ["day"]
    # TH Sarabun PSK on an office scan: ที่'s marks a word of their own, their box reaching
    # over the ๗ ("ท", "ี่" and "ม.ค." for "ที่ ๗ ม.ค.")
    marks = OcrWord(text="ี่", conf=90, left=x[6] + 10, top=2 * 67 - 70, width=x[9] + 16 - (x[6] + 10), height=70,
                    block=1, par=1, line=1)
    words = [page.words[0].model_copy(update={"text": "ลงวันท", "width": x[6] - x[0]}), marks] + page.words[1:]
    fixed = reread_digits(page.model_copy(update={"words": words}), image)
    assert fixed.text == text
    # no room between "วันที่" and the month name: nothing is written
    image, spans = render("ลงวันที่ ม.ค. ๒๕๓๕")
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    page = page_of(image, [("ลงวันที่", x[0], x[8]), ("ม.ค.", x[9], x[13]), ("๒๕๓๕", x[14], x[18])],
                   top=2 * 67 - 50, height=60)
    assert reread_digits(page, image).text == "ลงวันที่ ม.ค. ๒๕๓๕"


def test_a_count_tesseract_wrote_nothing_for_is_read_before_its_unit():
    # "จํานวน ชุด" for "จำนวน ๗ ชุด": stock Tesseract cannot write ๗ and leaves a lone
    # one out (every font in the bench, on clean scans too)
    text = "จำนวน ๗ ชุด"
    image, spans = render(text)
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    page = page_of(image, [("จํานวน", x[0], x[5]), ("ชุด", x[8], x[11])], top=2 * 67 - 50, height=60)
    fixed = reread_digits(page, image)
    assert fixed.text == "จํานวน ๗ ชุด"
    assert [span.text for span in fixed.digit_spans] == ["๗"]
    # two digits, and another unit
    image, spans = render("รวม ๔๖ คน")
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    page = page_of(image, [("รวม", x[0], x[3]), ("คน", x[7], x[9])], top=2 * 67 - 50, height=60)
    assert reread_digits(page, image).text == "รวม ๔๖ คน"
    # a unit with no count printed before it: nothing is written
    image, spans = render("จำนวน ชุด")
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    page = page_of(image, [("จํานวน", x[0], x[5]), ("ชุด", x[6], x[9])], top=2 * 67 - 50, height=60)
    assert reread_digits(page, image).text == "จํานวน ชุด"
    # nor where a letter stands there that Tesseract left out
    image, spans = render("จำนวน ก ชุด")
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    page = page_of(image, [("จํานวน", x[0], x[5]), ("ชุด", x[8], x[11])], top=2 * 67 - 50, height=60)
    assert reread_digits(page, image).text == "จํานวน ชุด"


def test_a_unit_code_run_no_word_covers_is_read_whole_after_the_words_left_of_it():
    # TH Garuda on an office scan: "ท 0" for "ที่ กค ๐๗๕๓.๒/๑", Tesseract's "0" over the ค
    # and no word over the digits; the run reaches past the reach of that "0" (the memo's
    # "วันที่" after it on the line)
    image, spans = render("ที่ กค ๐๗๕๓.๒/๑ วันที่")
    words = [("ท", spans[0][1], spans[2][2]), ("0", spans[5][1], spans[5][2]), ("วันที่", spans[16][1], spans[21][2])]
    fixed = reread_digits(page_of(image, words, top=64, height=70), image)
    assert fixed.text == "ท 0 ๐๗๕๓.๒/๑ วันที่"
    assert [s.text for s in fixed.digit_spans] == ["๐๗๕๓.๒/๑"]
    # nor on the line Tesseract made of the marks over the letter number, where the
    # letter number's own line names the digits
    image, spans = render("ที่ กค ๐๗๕๓.๒/๑")
    marks = [OcrWord(text="ญู", conf=30, left=spans[0][1], top=50, width=spans[2][2] - spans[0][1], height=80,
                     block=1, par=1, line=1)]
    number = [OcrWord(text=t, conf=90, left=spans[a][1], top=100, width=spans[b][2] - spans[a][1], height=34,
                      block=1, par=1, line=2) for t, a, b in [("ที่", 0, 2), ("กค", 4, 5), ("๐๗๕๓.๒/๑", 7, 14)]]
    page = OcrPage(number=1, width=image.width, height=image.height, dpi=300, text="ญู\nที่ กค ๐๗๕๓.๒/๑",
                   words=marks + number, engine="test")
    assert reread_digits(page, image).text.split("\n")[0] == "ญู"
    # digits of no unit code's shape are not written so
    image, spans = render("ที่ กค ๑๒๓๔๕")
    words = [("ท", spans[0][1], spans[2][2]), ("0", spans[5][1], spans[5][2])]
    assert reread_digits(page_of(image, words, top=64, height=70), image).text == "ท 0"


def test_a_letter_number_after_a_head_tesseract_garbled_whole_is_read():
    # TH Garuda on an office scan: "ก" over "ที่ ชม", nothing for "๐๑๖๐/๑", a tab after it
    image, spans = render("ที่ ชม ๐๑๖๐/๑")
    words = [("ก", spans[0][1], spans[5][2])]
    page = page_of(image, words, top=64, height=70)
    page = page.model_copy(update={"text": "ก\t"})
    fixed = reread_digits(page, image)
    assert fixed.text == "ก ๐๑๖๐/๑\t"
    # letters after it stay
    image, spans = render("ที่ ชม ของรัฐ")
    page = page_of(image, [("ก", spans[0][1], spans[5][2])], top=64, height=70)
    assert reread_digits(page, image).text == "ก"


def test_a_letter_tesseract_wrote_for_the_running_number_after_a_bare_head_is_read():
    # TH Garuda on an office scan: "ที่ สธ ฒ" for "ที่ สธ ๐๗๑๒/ว ๙", the ฒ over the ๙
    image, spans = render("ที่ สธ ๐๗๑๒/ว ๙")
    words = [("ที่", spans[0][1], spans[2][2]), ("สธ", spans[4][1], spans[5][2]), ("ฒ", spans[-1][1], spans[-1][2])]
    fixed = reread_digits(page_of(image, words, top=64, height=70), image)
    # (the ว goes back in with the code stage: test_codes.py)
    assert fixed.text == "ที่ สธ ๐๗๑๒/ ๙"
    assert [s.text for s in fixed.digit_spans] == ["๐๗๑๒/", "๙"]


def _glued_page(image: Image.Image, words: list[tuple[str, int, int]], text: str) -> OcrPage:
    """An OcrPage of one line whose text is TEXT (words glued as Tesseract glues them)."""
    ocr_words = [OcrWord(text=t, conf=90, left=a, top=2 * 67 - 50, width=b - a, height=60, block=1, par=1, line=1)
                 for t, a, b in words]
    return OcrPage(number=1, width=image.width, height=image.height, dpi=300, text=text, words=ocr_words,
                   engine="test")


def test_an_arabic_digit_tesseract_wrote_for_a_letter_is_dropped():
    # "๑๐ มกราค3ม ๒๕๖๒" for "๑๐ มกราคม ๒๕๖๒" (TH Sarabun New on a fax): the 3 stands
    # over a letter, glued to the letters beside it
    text = "๑๐ มกราคม ๒๕๖๒"
    image, spans = render(text)
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    words = [("๑๐", x[0], x[2]), ("มกราค", x[3], x[8]), ("3", x[8], x[9]), ("๒๕๖๒", x[10], x[14])]
    fixed = reread_digits(_glued_page(image, words, "๑๐ มกราค3 ๒๕๖๒"), image)
    assert fixed.text == "๑๐ มกราค ๒๕๖๒"
    assert [w.text for w in fixed.words] == ["๑๐", "มกราค", "๒๕๖๒"]
    assert [span.text for span in fixed.digit_spans] == ["๑๐", "๒๕๖๒"]
    # a digit printed there stays, glued or not
    text = "ข้อ3 ๒๕๖๒"
    image, spans = render(text)
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    words = [("ข้อ", x[0], x[3]), ("3", x[3], x[4]), ("๒๕๖๒", x[5], x[9])]
    assert reread_digits(_glued_page(image, words, "ข้อ3 ๒๕๖๒"), image).text == "ข้อ3 ๒๕๖๒"
    # nor is one dropped in a letter number's prefix, where the code stage reads two letters
    # again from Tesseract's two characters ("ที่ า0 ๐๓๙๗/๓๐" for "ที่ พณ ๐๓๙๗/๓๐", TH Garuda, office)
    text = "ที่ พณ ๐๓๙๗/๓๐"
    image, spans = render(text)
    x = [a for _, a, _ in spans] + [spans[-1][2]]
    words = [("ที่", x[0], x[3]), ("า", x[4], x[5]), ("0", x[5], x[6]), ("๐๓๙๗/๓๐", x[7], x[14])]
    assert reread_digits(_glued_page(image, words, "ที่ า0 ๐๓๙๗/๓๐"), image).text.startswith("ที่ า0 ")
