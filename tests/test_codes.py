"""Letter-code stage (pipeline/ocr/codes.py): the code of a letter number read
again from the image where Tesseract misread it.

Accuracy is measured by scripts/bench_digits.py (``ln full``); these tests
check the stage's rules and its work on rendered lines.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline.extract.numbers import LETTER_NUMBER, parse_letter_number
from pipeline.models import DigitSpan
from pipeline.ocr.codes import CODES, _reads_tho, choose_code, reread_codes
from pipeline.ocr.letters import CLASSES, MODEL_PATH, load_model
from tests.test_digits import page_of, render


def probs_for(*letters: dict[str, float]) -> np.ndarray:
    """Rows of class probabilities, the rest of each row spread over the other classes."""
    rows = np.zeros((len(letters), len(CLASSES)), dtype=np.float32)
    for row, given in zip(rows, letters):
        rest = (1 - sum(given.values())) / (len(CLASSES) - len(given))
        row[:] = rest
        for char, p in given.items():
            row[CLASSES.index(char)] = p
    return rows


def test_the_model_ships_and_the_table_holds_the_codes():
    assert MODEL_PATH.is_file() and MODEL_PATH.stat().st_size < 400_000
    assert load_model().classes == CLASSES
    assert {"สธ", "ศธ", "มท", "นร", "สร", "กท"} <= CODES and all(len(c) == 2 for c in CODES)


def test_a_code_tesseract_read_stands_unless_the_image_is_sure_of_another():
    # สร is Surin's code: the image must be sure of ธ to overrule it
    assert choose_code(probs_for({"ส": 0.99}, {"ธ": 0.98, "ร": 0.01}), "สร") == "สธ"
    assert choose_code(probs_for({"ส": 0.99}, {"ธ": 0.7, "ร": 0.29}), "สร") is None
    # TH Sarabun PSK on a fax: ธ 0.82 against ร 0.09 (odds 9.6) is sure enough
    assert choose_code(probs_for({"ส": 1.0}, {"ธ": 0.82, "ร": 0.086}), "สร") == "สธ"
    assert choose_code(probs_for({"ส": 0.99}, {"ร": 0.9}), "สร") is None


def test_the_image_must_be_surer_the_surer_tesseract_was_of_the_letter_they_differ_in():
    # the image: ร 30 times as likely as ธ
    probs = probs_for({"ส": 0.99}, {"ร": 0.9, "ธ": 0.03})
    assert choose_code(probs, "สธ") == "สร"
    assert choose_code(probs, "สธ", [95.0, 60.0]) == "สร"  # Tesseract unsure of its ธ
    assert choose_code(probs, "สธ", [20.0, 90.0]) is None  # sure of it (odds 9: 63 times needed)
    assert choose_code(probs, "สธ", [None, None]) == "สร"
    # asked for only when needed: they cost a pass over the page's words
    asked = []
    assert choose_code(probs, "สธ", lambda: asked.append(1) or [20.0, 90.0]) is None and asked == [1]
    assert choose_code(probs_for({"ส": 0.99}, {"ธ": 0.9}), "สธ", lambda: asked.append(2)) is None and asked == [1]


def test_a_reading_that_is_no_code_gives_way_to_the_likeliest_code():
    assert choose_code(probs_for({"ศ": 0.95}, {"ธ": 0.8}), "ศี") == "ศธ"
    assert choose_code(probs_for({"ส": 0.95}, {"ธ": 0.6, "ร": 0.1}), "สๆ") == "สธ"
    # the image agrees with a code the table lacks (committees add codes): kept
    assert choose_code(probs_for({"ข": 0.9}, {"ธ": 0.9}), "ขธ") is None
    # ... but not where the image also finds a code of the table nearly as likely
    assert choose_code(probs_for({"ข": 0.71, "ช": 0.24}, {"ม": 0.99}), "ขม") == "ชม"
    assert choose_code(probs_for({"ข": 0.9, "ช": 0.09}, {"ม": 0.99}), "ขม") is None
    # nothing the image says looks like a code: kept
    assert choose_code(probs_for({"other": 0.95}, {"other": 0.95}), "ศี") is None


def test_a_letter_tesseract_read_right_in_a_code_the_table_lacks_counts():
    # TH Sarabun New's ชม on a fax, read "ชง|": the image unsure of ช (ซ 0.38), sure of ม
    image = probs_for({"other": 0.48, "ซ": 0.38, "ช": 0.04}, {"ม": 0.85, "other": 0.14})
    assert choose_code(image, "ชง") == "ชม"
    # read "ซม": ซ is a lookalike of ช (ocr_confusions.json), so ชม still counts
    assert choose_code(image, "ซม") == "ชม"
    # the image alone gives ชม 0.03: too little where Tesseract read neither letter nor a lookalike
    assert choose_code(image, "ฮง") is None


def spans_page(printed: str, words: list[tuple[str, int, int]], runs: list[tuple[str, int, int]]):
    """A rendered line, and the page Tesseract and the digit stage might make
    of it: ``words`` as (text, first char, last char) of ``printed``, digit
    spans over the (text, first char, last char) ``runs`` (boxed on their ink)."""
    image, chars = render(printed)
    page = page_of(image, [(t, chars[a][1], chars[b][2]) for t, a, b in words], top=70, height=60)
    ink = np.asarray(image) < 128
    spans, cursor = [], 0
    for text, a, b in runs:
        left, right = chars[a][1], chars[b][2]
        rows = np.flatnonzero(ink[:, left:right].any(axis=1))
        start = page.text.index(text, cursor)
        cursor = start + len(text)
        spans.append(DigitSpan(start=start, end=cursor, text=text, ocr_text=text, kind="number", plausible=None,
                               confidence=0.99, box=(left, int(rows[0]), right - left, int(rows[-1] - rows[0] + 1))))
    return image, page.model_copy(update={"digit_spans": spans})


def _code_page(printed: str, read_code: str):
    """A rendered ``ที่ <code> <digits>`` line and the page Tesseract might make
    of it: ``read_code`` for the code, the digit stage's span over the digits."""
    digits_at, end = printed.index("๐"), len(printed) - 1
    image, page = spans_page(printed, [("ที่", 0, 2), (read_code, 4, 5), (printed[digits_at:], digits_at, end)],
                             [(printed[digits_at:], digits_at, end)])
    unit = page.digit_spans[0].model_copy(update={"kind": "letter_number", "plausible": True})
    return image, page.model_copy(update={"digit_spans": [unit]})


@pytest.mark.parametrize("printed, read_code", [
    ("ที่ สธ ๐๒๐๗/๑๒๓", "สร"),
    ("ที่ ศธ ๐๕๒๗.๑๐/ว ๙๙", "ศี"),
    ("ที่ ยธ ๐๖๓๕.๗/๕๑", "ยอ"),
    ("ที่ อว ๐๓๒๑/๗๘๖", "อ)"),  # ว read as a bracket (TH Garuda, office scan)
    ("ที่ ลป ๐๑๓๒.๖/ว ๓๔", "ๆป"),  # ล read as ๆ (TH Garuda, TH Niramit AS, office scans)
])
def test_misread_code_is_read_from_the_image(printed, read_code):
    image, page = _code_page(printed, read_code)
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == printed.split(maxsplit=2)
    # the digit span moved with the text and still points at its digits
    span = fixed.digit_spans[0]
    assert fixed.text[span.start:span.end] == span.text
    m = LETTER_NUMBER.search(fixed.text)
    assert parse_letter_number(m, m.group()).prefix == printed.split()[1]


def test_a_code_tesseract_lost_after_thi_ending_a_word_is_written():
    # TH Garuda on an office scan: a letter cited in the body, "...วันพุธที่ คค ๐๔๕๗.๗/ว ๕",
    # its code under a word Tesseract garbled, which the digit run took
    printed = "วันพุธที่ คค ๐๔๕๗.๗/ว ๕"
    text = "วันพุธที่ ๐๔๕๗.๗/ว ๕"
    image, page = _retyped(printed, [("วันพุธที่", 0, 8), ("๐๔๕๗.๗/", 13, 19), ("๕", 22, 22)], text)
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert fixed.digit_spans[0].code.text == "คค"
    # no code printed, none written
    image, page = _retyped(text, [("วันพุธที่", 0, 8), ("๐๔๕๗.๗/", 10, 16), ("๕", 19, 19)], text)
    assert reread_codes(page, image).text == text


def test_a_code_glued_to_thi_with_its_first_letter_read_as_mai_yamok_is_read():
    # TH Niramit AS on an office scan: "ที่ๆป" for "ที่ ลป", no space between
    printed = "ที่ ลป ๐๕๐๐.๑.๔/๑๑๔๘"
    image, page = _retyped(printed, [("ที่", 0, 2), ("ๆป", 4, 5), ("๐๕๐๐.๑.๔/", 7, 15), ("๑๑๔๘", 16, 19)],
                           "ที่ๆป ๐๕๐๐.๑.๔/๑๑๔๘")
    fixed = reread_codes(page, image)
    assert fixed.text == "ที่ลป ๐๕๐๐.๑.๔/๑๑๔๘"
    assert fixed.digit_spans[0].code.text == "ลป"


def test_code_read_right_and_surin_printed_are_left_alone():
    for printed in ("ที่ สร ๐๐๔๗/๙", "ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓"):
        image, page = _code_page(printed, printed.split()[1])
        assert reread_codes(page, image).text == printed


def test_words_that_are_no_letter_number_head_are_left_alone():
    image, page = _code_page("ที่ สธ ๐๒๐๗/๑๒๓", "สร")
    # the same line without ที่ before the code: no head, nothing to do
    page = page.model_copy(update={"text": "จาก" + page.text[3:]})
    assert reread_codes(page, image).text.startswith("จาก สร ")


def test_the_reading_is_recorded_on_the_unit_codes_span():
    image, page = _code_page("ที่ สธ ๐๒๐๗/๑๒๓", "สร")
    code = reread_codes(page, image).digit_spans[0].code
    assert (code.text, code.ocr_text) == ("สธ", "สร")
    assert 0.5 < code.confidence <= 1
    assert all(a.text in CODES and a.text != "สธ" and a.probability <= code.confidence for a in code.alternatives)


@pytest.mark.parametrize("read_wo", ["?", "ว2", ")"])
def test_the_circulars_wo_misread_after_the_slash_is_read_from_the_image(read_wo):
    printed = "ที่ สธ ๐๒๐๗/ว ๑๒๓"
    image, page = spans_page(printed, [("ที่", 0, 2), ("สธ", 4, 5), ("๐๒๐๗/", 7, 11), (read_wo, 12, 12),
                                        ("๑๒๓", 14, 16)], [("๐๒๐๗/", 7, 11), ("๑๒๓", 14, 16)])
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == ["ที่", "สธ", "๐๒๐๗/", "ว", "๑๒๓"]
    number = fixed.digit_spans[1]
    assert fixed.text[number.start:number.end] == "๑๒๓"


def test_a_lost_wo_goes_back_in_with_a_word_of_its_own():
    printed = "ที่ สธ ๐๒๐๗/ว ๑๒๓"
    image, page = spans_page(printed, [("ที่", 0, 2), ("สธ", 4, 5), ("๐๒๐๗/", 7, 11), ("๑๒๓", 14, 16)],
                              [("๐๒๐๗/", 7, 11), ("๑๒๓", 14, 16)])
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == ["ที่", "สธ", "๐๒๐๗/", "ว", "๑๒๓"]


def test_a_slash_and_wo_lost_between_a_unit_code_and_its_running_number_go_back_in():
    # TH Garuda, Arabic digits, office scan: "1/ว" written "173", the digit stage took
    # the 1 and left the rest out ("ที่ ยธ 0314.1 5")
    printed = "ที่ ยธ 0314.1/ว 5"
    image, page = spans_page(printed, [("ที่", 0, 2), ("ยธ", 4, 5), ("0314.1", 7, 12), ("5", 16, 16)],
                             [("0314.1", 7, 12), ("5", 16, 16)])
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    m = LETTER_NUMBER.search(fixed.text)
    assert parse_letter_number(m, m.group()).circular
    # no "/" printed there (a space and a ว), none written
    image, page = spans_page("ที่ ยธ 0314.1 ว 5", [("ที่", 0, 2), ("ยธ", 4, 5), ("0314.1", 7, 12), ("5", 16, 16)],
                             [("0314.1", 7, 12), ("5", 16, 16)])
    assert reread_codes(page, image).text == "ที่ ยธ 0314.1 5"


def test_no_wo_printed_none_written():
    printed = "ที่ สธ ๐๒๐๗/๑๒๓"
    image, page = spans_page(printed, [("ที่", 0, 2), ("สธ", 4, 5), ("๐๒๐๗/", 7, 11), ("๑๒๓", 12, 14)],
                              [("๐๒๐๗/", 7, 11), ("๑๒๓", 12, 14)])
    assert reread_codes(page, image).text == "ที่ สธ ๐๒๐๗/ ๑๒๓"


@pytest.mark.parametrize("printed, read_code", [("ที่ ยธ ๐๑๗๖.๘/๗๗๖", "ูปีว"), ("ที่ นร ๐๗๓๔.๘/๖๓", "แว")])
def test_a_code_tesseract_began_with_a_vowel_is_read_too(printed, read_code):
    image, page = _code_page(printed, read_code)
    assert reread_codes(page, image).text == printed


@pytest.mark.parametrize("read_thi", ["ท", "ที", "ฑี", '"ท'])
def test_thi_read_without_its_marks_is_put_right_where_the_image_shows_them(read_thi):
    printed = "ที่ สธ ๐๒๐๗/๑๒๓"
    image, page = spans_page(printed, [(read_thi, 0, 2), ("สธ", 4, 5), ("๐๒๐๗/๑๒๓", 7, 14)],
                              [("๐๒๐๗/๑๒๓", 7, 14)])
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    m = LETTER_NUMBER.search(fixed.text)
    assert parse_letter_number(m, m.group()).prefix == "สธ"


def test_thi_tesseract_read_with_its_vowel_needs_only_be_the_likeliest_letter():
    # a faxed ที่: the image 31 % sure of ท, the likeliest letter
    row = probs_for({"ท": 0.31, "ห": 0.25, "พ": 0.16})[0]
    assert _reads_tho(row, "ที") and _reads_tho(row, "ทิ")
    assert not _reads_tho(row, "ท")  # Tesseract saw no vowel: the image must be sure
    # ... unless ink stands over it: TH Sarabun New's ท on a fax, its marks a line of their own
    row = probs_for({"ฬ": 0.32, "ซ": 0.28, "ท": 0.21})[0]
    assert _reads_tho(row, "ท", lambda: True) and not _reads_tho(row, "ท", lambda: False)
    assert not _reads_tho(probs_for({"ฬ": 0.6, "ท": 0.05})[0], "ท", lambda: True)
    assert not _reads_tho(probs_for({"ห": 0.4, "ท": 0.3})[0], "ที")


def test_a_speck_or_sliver_just_over_a_code_letter_is_no_mark():
    # a fax breaks a sliver off the head of ธ, or leaves a speck on it: Tesseract
    # reads a vowel over the letter ("สถี"), but the code is no word with marks
    printed = "ที่ สธ ๐๒๐๗/๑๒๓"
    image, page = _code_page(printed, "สถี")
    _, chars = render(printed)
    ink = np.asarray(image) < 128
    left, right = chars[5][1], chars[5][2]
    top = int(np.flatnonzero(ink[:, left:right].any(axis=1))[0])
    pixels = np.asarray(image).copy()
    middle = (left + right) // 2
    pixels[top - 4:top - 1, middle - 3:middle + 3] = 0  # 6 x 3 px, a pixel clear of the letter
    assert reread_codes(page, Image.fromarray(pixels)).text == printed


def _retyped(printed: str, words: list[tuple[str, int, int]], text: str):
    """``spans_page`` with Tesseract's text spaced as ``text`` (digit spans
    over the last two words)."""
    image, page = spans_page(printed, words, words[-2:])
    spans, cursor = [], 0
    for span in page.digit_spans:
        start = text.index(span.text, cursor)
        cursor = start + len(span.text)
        spans.append(span.model_copy(update={"start": start, "end": cursor}))
    return image, page.model_copy(update={"text": text, "digit_spans": spans})


@pytest.mark.parametrize("printed, words, text", [
    # the code's glyphs read as ที่'s vowel: "ที"
    ("ที่ รง ๐๐๔๙/๓๒", [("ท", 0, 2), ("ี", 4, 5), ("๐๐๔๙/", 7, 11), ("๓๒", 12, 13)], "ที ๐๐๔๙/๓๒"),
    # ที่ read as a speck, the code not at all
    ("ที่ นร ๐๒๒๔.๓/๕", [("1", 0, 2), ("๐๒๒๔.๓/", 7, 13), ("๕", 14, 14)], "1 ๐๒๒๔.๓/๕"),
    # ที่ and the code garbled into a few short words (TH Garuda, office scans)
    ("ที่ คค ๐๔๒๓/๘๘", [("1", 0, 2), ("0", 4, 5), ("๐๔๒๓/", 7, 11), ("๘๘", 12, 13)], "1 0 ๐๔๒๓/๘๘"),
    ("ที่ รง ๐๕๑๐.๙/๘", [("ที่1", 0, 5), ("๐๕๑๐.๙/", 7, 13), ("๘", 14, 14)], "ที่1 ๐๕๑๐.๙/๘"),
    ("ที่ ยธ ๐๗๔๑.๕/๖๙๙๐", [("ง", 0, 5), ("๐๗๔๑.๕/", 7, 13), ("๖๙๙๐", 14, 17)], "ง ๐๗๔๑.๕/๖๙๙๐"),
])
def test_a_code_tesseract_lost_is_written_where_the_image_shows_thi_and_a_code(printed, words, text):
    image, page = _retyped(printed, words, text)
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert fixed.digit_spans[0].code.text == printed.split()[1]
    assert [fixed.text[sp.start:sp.end] for sp in fixed.digit_spans] == [w[0] for w in words[-2:]]
    m = LETTER_NUMBER.search(fixed.text)
    assert parse_letter_number(m, m.group()).prefix == printed.split()[1]


def test_a_code_tesseract_lost_before_a_run_holding_its_running_number_is_written():
    # TH Garuda on an office scan: ที่ read as "1", the code not at all, and the unit code
    # and running number one run ("1 ๐๙๐๒.๘/๖๓๕": no "/ว" between them)
    printed = "ที่ พณ ๐๙๐๒.๘/๖๓๕"
    words = [("1", 0, 2), ("๐๙๐๒.๘/๖๓๕", 7, 16)]
    image, page = spans_page(printed, words, words[-1:])
    span = page.digit_spans[0]
    page = page.model_copy(update={"text": "1 ๐๙๐๒.๘/๖๓๕", "digit_spans": [
        span.model_copy(update={"start": 2, "end": 2 + len(span.text)})]})
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert fixed.digit_spans[0].code.text == "พณ"
    assert fixed.text[fixed.digit_spans[0].start:fixed.digit_spans[0].end] == "๐๙๐๒.๘/๖๓๕"


@pytest.mark.parametrize("printed, words, text", [
    ("ที่ ๐๐๔๙/๓๒", [("ที", 0, 2), ("๐๐๔๙/", 4, 8), ("๓๒", 9, 10)], "ที ๐๐๔๙/๓๒"),  # no code printed
    ("๑ รง ๐๐๔๙/๓๒", [("1", 0, 0), ("๐๐๔๙/", 5, 9), ("๓๒", 10, 11)], "1 ๐๐๔๙/๓๒"),  # no ที่ printed
])
def test_no_code_is_written_where_the_image_shows_none(printed, words, text):
    image, page = _retyped(printed, words, text)
    assert reread_codes(page, image).text == text


def test_a_word_before_a_code_that_is_no_thi_is_left_alone():
    printed = "ทบ สธ ๐๒๐๗/๑๒๓"  # two glyphs, no marks: not ที่
    image, page = spans_page(printed, [("ท", 0, 1), ("สธ", 3, 4), ("๐๒๐๗/๑๒๓", 6, 13)],
                              [("๐๒๐๗/๑๒๓", 6, 13)])
    assert reread_codes(page, image).text.startswith("ท สธ ")


def test_a_code_letter_broken_in_pieces_is_read_whole():
    # a fax breaks thin strokes: the ม of ชม in two pieces, which Tesseract read "ง|"
    printed = "ที่ ชม ๐๒๐๗/๑๒๓"
    image, page = _code_page(printed, "ชง|")
    _, chars = render(printed)
    middle = (chars[5][1] + chars[5][2]) // 2
    pixels = np.asarray(image).copy()
    pixels[:, middle - 1:middle + 1] = 255
    broken = Image.fromarray(pixels)
    fixed = reread_codes(page, broken)
    assert fixed.text == "ที่ ชม ๐๒๐๗/๑๒๓"
    assert fixed.digit_spans[0].code.text == "ชม"


def test_a_code_letter_tesseract_wrote_as_5_is_read_from_the_image():
    printed = "ที่ สธ ๐๙๑๙/๖๙"
    image, page = spans_page(printed, [("ที่", 0, 2), ("ส5", 4, 5), ("๐๙๑๙/๖๙", 7, 13)],
                             [("5", 5, 5), ("๐๙๑๙/๖๙", 7, 13)])
    assert page.text == "ที่ ส5 ๐๙๑๙/๖๙"
    fixed = reread_codes(page, image)
    assert fixed.text == printed
    assert [s.text for s in fixed.digit_spans] == ["๐๙๑๙/๖๙"]  # the 5's run went with it
    assert fixed.text[fixed.digit_spans[0].start:fixed.digit_spans[0].end] == "๐๙๑๙/๖๙"


@pytest.mark.parametrize("printed, read_head", [
    ("ที่ ศธ ๐๕๒๗/๑๒", "ที่ ศ8"),  # ธ read as a digit
    ("ที่ ยธ ๐๕๒๗/๑๒", "ที่ ย6"),
    ("ที่ ลป ๐๕๒๗/๑๒", "ที่ 0ป"),  # ล read as a digit
    ("ที่ สธ ๐๕๒๗/๑๒", "ที่-ส5"),  # a speck read between ที่ and the code
])
def test_a_code_letter_tesseract_wrote_as_a_digit_is_read_from_the_image(printed, read_head):
    thi, code = read_head[:3] + read_head[3].strip(), read_head[4:]
    image, page = spans_page(printed, [(thi, 0, 2), (code, 4, 5), ("๐๕๒๗/๑๒", 7, 13)], [("๐๕๒๗/๑๒", 7, 13)])
    page = page.model_copy(update={"text": read_head + page.text[len(read_head):]})
    fixed = reread_codes(page, image)
    assert fixed.text.replace("-", " ") == printed
    assert fixed.text[fixed.digit_spans[0].start:fixed.digit_spans[0].end] == "๐๕๒๗/๑๒"


def test_a_code_with_a_speck_read_after_it_is_read_from_the_image():
    printed = "ที่ กค ๐๕๒๗/๑๒"
    image, page = _retyped(printed, [("ที่", 0, 2), ("กด", 4, 5), ("-", 6, 6), ("๐๕๒๗/", 7, 11), ("๑๒", 12, 13)],
                           "ที่ กด-๐๕๒๗/๑๒")
    fixed = reread_codes(page, image)
    assert fixed.text == "ที่ กค-๐๕๒๗/๑๒" and fixed.digit_spans[0].code.text == "กค"


@pytest.mark.parametrize("printed, words", [
    # ตั้ง and สิน show ต ง and ส น in line, as the codes ตง and สน: their marks tell they are words
    ("ที่ ตั้ง ๐๑๒", [("ที่", 0, 2), ("ตั้ง", 4, 7), ("๐๑๒", 9, 11)]),
    ("ที่ สิน ๐๑๒", [("ที่", 0, 2), ("สิน", 4, 6), ("๐๑๒", 8, 10)]),
    # no unit code (it starts with ๐): no letter number
    ("ที่ ตง ๑๒๓", [("ที่", 0, 2), ("ตร", 4, 5), ("๑๒๓", 7, 9)]),
])
def test_words_before_digits_that_are_no_letter_number_head_are_left_alone(printed, words):
    runs = [(words[-1][0], words[-1][1], words[-1][2])]
    image, page = spans_page(printed, words, runs)
    assert reread_codes(page, image).text == page.text
