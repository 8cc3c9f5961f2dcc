"""Writing the digit stage's runs into the page text and words
(pipeline/ocr/digit_text.py: RunEdit, RunInsert, apply_edits)."""

from __future__ import annotations

import numpy as np
from PIL import Image

from pipeline.ocr.digit_runs import Run
from pipeline.ocr.digit_text import RunEdit, RunInsert, apply_edits, word_offsets
from pipeline.ocr.digits_glyphs import CLASSES, Glyph
from tests.test_digits import page_of


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
