"""Month-name stage (pipeline/ocr/months.py): a month name Tesseract lost
between a day and a year, read from the image. Accuracy: scripts/bench_digits.py
(``date%``)."""

from __future__ import annotations

import pytest

from pipeline.ocr.letters import INDEX
from pipeline.ocr.months import reread_months, skeleton
from tests.test_codes import spans_page


def test_a_month_name_is_its_in_line_letters_and_their_marks():
    assert skeleton("มี.ค.") == [(INDEX["ม"], True), (INDEX["ค"], False)]
    assert skeleton("ม.ค.") == [(INDEX["ม"], False), (INDEX["ค"], False)]
    assert skeleton("เม.ย.") == [(INDEX["other"], False), (INDEX["ม"], False), (INDEX["ย"], False)]
    assert [i for i, _ in skeleton("กุมภาพันธ์")] == [INDEX[c] for c in "กมภ"] + [INDEX["other"]] + [
        INDEX[c] for c in "พนธ"]


def _date_page(printed: str, read_month: str):
    """A rendered ``day month year`` line, and Tesseract's page with
    ``read_month`` for the month and the digit stage's spans over the numbers."""
    day, month, year = printed.split()
    at_year = len(day) + len(month) + 2
    return spans_page(printed, [(day, 0, len(day) - 1), (read_month, len(day) + 1, at_year - 2),
                                (year, at_year, len(printed) - 1)],
                      [(day, 0, len(day) - 1), (year, at_year, len(printed) - 1)])


@pytest.mark.parametrize("printed, read_month", [
    ("๑๒ ก.ย. ๒๕๕๙", "ก.ข."),
    ("๑๙ พฤษภาคม ๒๕๕๓", "'"),
    ("๓ มี.ค. ๒๕๖๗", "ม.ศ."),
    ("๑๑ ธ.ค. ๒๕๗๐", "5ิ.ค."),  # a letter read as a digit
    # the speck of a dot read as a vowel below: ม.ค. or มี.ค. by the mark above ม
    ("๖ ม.ค. ๒๕๓๔", "ม.ุค."),
    ("๑๒ มี.ค. ๒๕๓๘", "ม.ุค."),
])
def test_a_lost_month_name_is_read_from_the_image(printed, read_month):
    image, page = _date_page(printed, read_month)
    fixed = reread_months(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == printed.split()
    year = fixed.digit_spans[-1]
    assert fixed.text[year.start:year.end] == year.text  # the span moved with the text


def test_a_month_name_tesseract_wrote_nothing_for_is_written_as_a_word_of_its_own():
    # TH Garuda on an office scan: "๑๐ กรกฎาคม ๒๕๓๗" written "๑๐\tใ๒๕ด", no word over the name
    printed = "๑๐ กรกฎาคม ๒๕๓๗"
    at_year = printed.index("๒๕")
    image, page = spans_page(printed, [("๑๐", 0, 1), ("๒๕๓๗", at_year, len(printed) - 1)],
                             [("๑๐", 0, 1), ("๒๕๓๗", at_year, len(printed) - 1)])
    fixed = reread_months(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == printed.split()
    day, month, year = fixed.words
    assert day.left + day.width <= month.left and month.left + month.width <= year.left
    assert fixed.text[fixed.digit_spans[-1].start:fixed.digit_spans[-1].end] == "๒๕๓๗"


def test_a_month_tesseract_read_is_left_alone():
    # the image shows ก.ย.; Tesseract's ก.พ. is a month, and this stage only mends lost ones
    image, page = _date_page("๑๒ ก.ย. ๒๕๕๙", "ก.พ.")
    assert reread_months(page, image).text == "๑๒ ก.พ. ๒๕๕๙"
    image, page = _date_page("๑๒ มี.ค. ๒๕๕๙", "ม.ค.")
    assert reread_months(page, image).text == "๑๒ ม.ค. ๒๕๕๙"


@pytest.mark.parametrize("printed", ["๒ พ.ศ. ๒๕๖๗", "๕ คน ๒๕๖๗", "๓ ม.ศ. ๒๕๖๗"])
def test_what_stands_between_a_number_and_a_year_and_is_no_month_stays(printed):
    # "(ฉบับที่ ๒) พ.ศ. ๒๕๖๗": a law's title; a count; letters that name no month
    day, middle, _ = printed.split()
    image, page = _date_page(printed, middle)
    assert reread_months(page, image).text == printed


def test_a_number_standing_between_a_number_and_a_year_stays():
    # "ข้อ ๓ ๑๒ ๒๕๖๗": no date, however the image reads
    printed = "๓ ๑๒ ๒๕๖๗"
    image, page = _date_page(printed, "๑๒")
    assert reread_months(page, image).text == printed
