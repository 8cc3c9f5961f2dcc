"""Writing the digit stage's runs into the page text and words
(pipeline/ocr/digit_text.py: RunEdit, RunInsert, apply_edits)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.ocr.digit_runs import Run
from pipeline.ocr.digit_text import RunEdit, RunInsert, apply_edits
from pipeline.ocr.page_text import word_offsets
from pipeline.ocr.digits_glyphs import CLASSES, Glyph
from pipeline.ocr.digits import reread_digits
from tests.test_digits import page_of, render


def _run(reading: str, x0: int) -> Run:
    """A run of one sure glyph per character, 20 px apart from X0."""
    glyphs = [Glyph(x0 + 20 * k, 0, x0 + 16 + 20 * k, 30, np.ones((30, 16), bool)) for k in range(len(reading))]
    probs = np.zeros((len(reading), len(CLASSES)), dtype=np.float32)
    for k, char in enumerate(reading):
        probs[k, CLASSES.index(char)] = 1.0
    return Run(glyphs=glyphs, probs=probs, x0=x0, y0=0, x1=glyphs[-1].x1, y1=30, raw=probs.copy())


def _page(words):
    return page_of(Image.new("L", (400, 40), 255), words, top=0, height=30)


def test_a_run_over_no_word_is_written_after_its_anchor():
    # "ที่ อว" with nothing after the code: the run is written after the code, a space between
    page = _page([("ที่", 0, 40), ("อว", 50, 90)])
    fixed = apply_edits(page, [RunInsert(1, _run("๐๓๕๖", 100))], word_offsets(page))
    assert fixed.text == "ที่ อว ๐๓๕๖"
    assert [w.text for w in fixed.words] == ["ที่", "อว", "๐๓๕๖"]
    assert fixed.words[2].left == 100
    span = fixed.digit_spans[-1]
    assert fixed.text[span.start:span.end] == "๐๓๕๖"


def test_a_running_number_is_written_only_after_its_unit_code():
    # RunInsert(after_previous=True): only right after the unit code's edit, when that is written
    page = _page([("ที่", 0, 40), ("นร", 50, 90), ("๐๕๓๓/", 100, 200)])
    unit, running = _run("๐๔๙๓/", 100), _run("๔๔", 240)
    fixed = apply_edits(page, [RunEdit(2, 2, unit, [2]), RunInsert(2, running, after_previous=True)],
                        word_offsets(page))
    assert fixed.text == "ที่ นร ๐๔๙๓/ ๔๔"
    assert [w.text for w in fixed.words] == ["ที่", "นร", "๐๔๙๓/", "๔๔"]
    # alone, it is not written
    alone = apply_edits(page, [RunInsert(2, running, after_previous=True)], word_offsets(page))
    assert alone.text == page.text and alone.words == page.words
    # nor after a unit code's edit that was dropped (its word taken by an earlier edit)
    dropped = apply_edits(page, [RunEdit(2, 2, unit, [2]), RunEdit(2, 2, _run("๐๔๙๓", 100), [2]),
                                 RunInsert(2, running, after_previous=True)], word_offsets(page))
    assert dropped.text == "ที่ นร ๐๔๙๓/"


def test_an_edit_keeps_the_letters_outside_its_run():
    # "ที่๒" (Tesseract joined ที่ and the day): the prefix keeps the left part of the box
    page = _page([("วันที่๒", 0, 120), ("ม.ค.", 140, 200)])
    fixed = apply_edits(page, [RunEdit(0, 0, _run("๖", 100), [0], prefix="วันที่")], word_offsets(page))
    assert fixed.text == "วันที่๖ ม.ค."
    assert [(w.text, w.left, w.width) for w in fixed.words[:2]] == [("วันที่", 0, 100), ("๖", 100, 16)]


def test_a_word_two_runs_trim_alike_lets_both_be_written():
    # TH Garuda on an office scan: Tesseract's "0865" over "๗.๔/ว ๑๐๒๒", its digits on both
    # runs' sides dropped; the running number, under a "5" of Tesseract's, was left out
    text = "ที่ คค ๐๘๖๗.๔/ว ๑๐๒๒"
    image, sp = render(text)
    words = [("ที่", sp[0][1], sp[2][2]), ("คค", sp[4][1], sp[5][2]), ("0", sp[7][1], sp[8][2]),
             ("0865", sp[10][1], sp[19][2]), ("5", sp[17][1], sp[17][2])]
    fixed = reread_digits(page_of(image, words, top=64, height=70), image)
    assert fixed.text.split() == ["ที่", "คค", "๐๘๖๗.๔/", "๑๐๒๒"]


def test_letters_tesseract_was_unsure_of_over_a_unit_code_give_way():
    # TH Garuda on an office scan: "ต" and "อ", 53 and 38 % sure, over "๐๙๔๑/ว" (the อ,
    # reaching over the ว, stays for it: the code stage reads the ว there)
    text = "ที่ ศธ ๐๙๔๑/ว ๙๙"
    image, sp = render(text)
    words = [("ที่", sp[0][1], sp[2][2]), ("ศธ", sp[4][1], sp[5][2]), ("ต", sp[7][1], sp[8][2]),
             ("อ", sp[9][1], sp[12][2]), ("๓๓", sp[14][1], sp[15][2])]
    page = page_of(image, words, top=64, height=70)
    unsure = page.model_copy(update={"words": [w.model_copy(update={"conf": 45.0}) if w.text in "ตอ" else w
                                               for w in page.words]})
    assert reread_digits(unsure, image).text.split()[:3] == ["ที่", "ศธ", "๐๙๔๑/อ"]
    # letters it was sure of stay
    assert reread_digits(page, image).text.split()[:4] == ["ที่", "ศธ", "ต", "อ"]


def test_words_are_found_again_at_the_next_line_after_a_substitution():
    from pipeline.models import OcrPage, OcrWord

    # an e-mail address read again in English changed the text of one line: the words of
    # the lines after it still name their text
    def word(text, line):
        return OcrWord(text=text, conf=90, left=0, top=0, width=1, height=1, block=1, par=1, line=line)

    words = [word("ที่", 1), word("อว", 1), word("๐๓๑ณ.@ซ/๒", 1), word("๑๑", 2), word("ตุลาคม", 2),
             word("ก", 3), word("ข", 3)]
    page = OcrPage(number=1, width=9, height=9, dpi=300, text="ที่ อว omn@e.cia\n๑๑ ตุลาคม\n\nก ข",
                   words=words, engine="test")
    assert word_offsets(page) == [0, 4, None, 17, 20, 28, 30]
