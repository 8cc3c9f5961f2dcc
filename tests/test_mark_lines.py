"""Lines Tesseract made of the marks above another line (pipeline/ocr/mark_lines.py).

How many such lines the benchmark pages hold, and that the fields under them
read right, is measured by scripts/bench_digits.py; here: which lines go.
"""

from __future__ import annotations

from pipeline.models import OcrPage, OcrWord
from pipeline.ocr.mark_lines import drop_mark_lines

LETTERS = 17  # a fax's letter height at 200 dpi, 16 pt


def _line(texts: list[str], line: int, baseline: int, *, left: int = 100, height: int = LETTERS,
          step: int = 14) -> list[OcrWord]:
    """Words of one Tesseract line: each TEXT a box STEP px right of the last,
    standing on BASELINE; every third one a letter with a mark, its box
    reaching 28 px higher (as Tesseract boxes them)."""
    words = []
    for n, text in enumerate(texts):
        tall = 28 if n % 3 == 1 and height == LETTERS else 0
        words.append(OcrWord(text=text, conf=90, left=left + n * step, top=baseline - height - tall, width=10,
                             height=height + tall, block=1, par=1, line=line))
    return words


def _page(*lines: list[OcrWord]) -> OcrPage:
    words = [w for line in lines for w in line]
    text = "\n".join(" ".join(w.text for w in line) for line in lines) + "\n"
    return OcrPage(number=1, width=1000, height=1000, dpi=200, text=text, words=words, engine="test")


BODY = list("สิ่งที่ส่งมาด้วยจำนวน") + ["๓", "๒", "ฉบับ"]


def test_a_line_of_marks_over_a_line_is_dropped():
    # "- 9 ซ่ ๑ / ๐ 7": 6-15 px tall, their bottoms just over the letters' tops
    marks = _line(["-", "9", "ซ่", "๑", "/", "๐", "7"], 1, baseline=348, height=8, left=110, step=40)
    body = _line(BODY, 2, baseline=367)
    page = drop_mark_lines(_page(marks, body))
    assert [w.line for w in page.words] == [2] * len(BODY)
    assert page.text == " ".join(BODY) + "\n"


def test_a_line_of_text_above_is_kept():
    above = _line(list("เรียนอธิบดีกรมควบคุมโรค"), 1, baseline=301)  # a line's spacing (66 px) higher
    body = _line(BODY, 2, baseline=367)
    page = _page(above, body)
    assert drop_mark_lines(page) == page


def test_a_line_of_small_text_above_is_kept():
    # short words, but standing well above the line under them, not in its marks' band
    small = _line(list("หมายเหตุ"), 1, baseline=320, height=9)
    body = _line(BODY, 2, baseline=367)
    page = _page(small, body)
    assert drop_mark_lines(page) == page


def test_short_words_over_no_line_are_kept():
    marks = _line(["-", "9", "ซ่"], 1, baseline=348, height=8, left=600, step=40)
    body = _line(BODY, 2, baseline=367)  # ends at x 450: nothing under the marks
    page = _page(marks, body)
    assert drop_mark_lines(page) == page
