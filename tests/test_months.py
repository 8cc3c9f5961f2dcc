"""Month-name stage (pipeline/ocr/months.py): a month name Tesseract lost
between a day and a year, read from the image. Accuracy: scripts/bench_digits.py
(``date%``)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.models import DigitSpan
from pipeline.ocr.letters import INDEX
from pipeline.ocr.months import reread_months, skeleton
from tests.test_digits import page_of, render


def test_a_month_name_is_its_in_line_letters_and_their_marks():
    assert skeleton("มี.ค.") == [(INDEX["ม"], True), (INDEX["ค"], False)]
    assert skeleton("ม.ค.") == [(INDEX["ม"], False), (INDEX["ค"], False)]
    assert skeleton("เม.ย.") == [(INDEX["other"], False), (INDEX["ม"], False), (INDEX["ย"], False)]
    assert [i for i, _ in skeleton("กุมภาพันธ์")] == [INDEX[c] for c in "กมภ"] + [INDEX["other"]] + [
        INDEX[c] for c in "พนธ"]


def _date_page(printed: str, read_month: str):
    """A rendered ``day month year`` line, and Tesseract's page with
    ``read_month`` for the month and the digit stage's spans over the numbers."""
    image, chars = render(printed)
    day, month, year = printed.split()
    at_month, at_year = len(day) + 1, len(day) + len(month) + 2
    words = [(day, chars[0][1], chars[len(day) - 1][2]),
             (read_month, chars[at_month][1], chars[at_year - 2][2]),
             (year, chars[at_year][1], chars[-1][2])]
    page = page_of(image, words, top=70, height=60)
    ink = np.asarray(image) < 128

    def span(text: str, first: int, last: int) -> DigitSpan:
        left, right = chars[first][1], chars[last][2]
        rows = np.flatnonzero(ink[:, left:right].any(axis=1))
        start = page.text.index(text, 0 if first == 0 else len(day) + 1)
        return DigitSpan(start=start, end=start + len(text), text=text, ocr_text=text, kind="number",
                         plausible=None, confidence=0.99,
                         box=(left, int(rows[0]), right - left, int(rows[-1] - rows[0] + 1)))

    spans = [span(day, 0, len(day) - 1), span(year, at_year, len(printed) - 1)]
    return image, page.model_copy(update={"digit_spans": spans})


@pytest.mark.parametrize("printed, read_month", [
    ("๑๒ ก.ย. ๒๕๕๙", "ก.ข."),
    ("๑๙ พฤษภาคม ๒๕๕๓", "'"),
    ("๓ มี.ค. ๒๕๖๗", "ม.ศ."),
])
def test_a_lost_month_name_is_read_from_the_image(printed, read_month):
    image, page = _date_page(printed, read_month)
    fixed = reread_months(page, image)
    assert fixed.text == printed
    assert [w.text for w in fixed.words] == printed.split()
    year = fixed.digit_spans[-1]
    assert fixed.text[year.start:year.end] == year.text  # the span moved with the text


def test_a_month_tesseract_read_is_left_alone():
    # the image shows ก.ย.; Tesseract's ก.พ. is a month, and this stage only mends lost ones
    image, page = _date_page("๑๒ ก.ย. ๒๕๕๙", "ก.พ.")
    assert reread_months(page, image).text == "๑๒ ก.พ. ๒๕๕๙"
