"""The letter classifier of the image stages that read Thai letters again
(``codes.py``: letter codes; ``months.py``: month names), and the line crop
they cut glyphs from.

The classifier names one in-line glyph (the digit stage's segmentation,
``digits_glyphs.py``) as one of the Thai consonants or OTHER (digits,
in-line vowels, punctuation); ``scripts/train_code_letters.py`` trains it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pipeline.models import OcrPage, OcrWord
from pipeline.ocr.classifier import GlyphClassifier, load_classifier
from pipeline.ocr.page_text import word_offsets
from pipeline.ocr.digits_glyphs import OTHER, Glyph, Line, segment_line

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "code_letter_model.npz"
CONSONANTS = "".join(chr(c) for c in range(ord("ก"), ord("ฮ") + 1) if chr(c) not in "ฃฅ")
CLASSES: tuple[str, ...] = (*CONSONANTS, OTHER)
INDEX = {c: i for i, c in enumerate(CLASSES)}

BAND_ABOVE, BAND_BELOW = 1.1, 0.6  # the line crop around a digit run, in run heights (marks, descenders)
SPECK = 0.4  # x-heights: in-line ink smaller both ways is a dot or a speck, not a letter


def load_model(path: Path = MODEL_PATH) -> GlyphClassifier | None:
    """The shipped classifier; None when the file is missing (the stages are then no-ops)."""
    return load_classifier(path, CLASSES)


def line_near(gray: np.ndarray, x0: float, x1: float,
              box: tuple[int, int, int, int]) -> tuple[Line, int, int] | None:
    """The segmented line from x0 to x1 (page pixels) on the line of the
    digit run at ``box`` (left, top, width, height), and the crop's left and
    top edges (the line's coordinates plus these are the page's)."""
    _, top, _, height = box
    y0, y1 = max(0, int(top - BAND_ABOVE * height)), min(gray.shape[0], int(top + height + BAND_BELOW * height))
    left, right = max(0, int(x0)), min(gray.shape[1], int(x1))
    if y1 - y0 < 4 or right - left < height:
        return None
    line = segment_line(gray[y0:y1, left:right], line_height=(1 + BAND_ABOVE + BAND_BELOW) * height / 1.25)
    return None if line is None else (line, left, y0)


def letters_between(line: Line, x0: float, x1: float) -> list[Glyph]:
    """The line's in-line glyphs whose centres lie between x0 and x1 (the
    line's coordinates), dots and specks left out."""
    xh = line.x_height
    return [g for g in line.glyphs if x0 < (g.x0 + g.x1) / 2 < x1
            and not (g.height < SPECK * xh and g.width < SPECK * xh)]


# A mark above a glyph is ink this far above its top (x-heights) and this
# much of it (x-height squared): a fax breaks a sliver off the top of a
# letter (the head of ธ), and a crop of a tightly set line takes in the feet
# of the line above, which the segmentation may take for marks (the ุ of the
# line above ends 1.0 x-height over the code's ธ on an office scan at 1.5 line
# spacing; MARK_REACH was 1.2). A vowel above begins within 0.1-0.3.
MARK_GAP, MARK_INK, MARK_REACH = 0.1, 0.02, 0.8


def marked_above(glyph: Glyph, found: tuple[Line, int, int], gray: np.ndarray) -> bool:
    """Whether a glyph of ``found`` (``line_near``'s crop of ``gray``)
    carries a mark above: flagged so by the segmentation, and MARK_INK of
    ink above its top, clear of it by MARK_GAP and within MARK_REACH."""
    if not glyph.mark_above:
        return False
    line, x0, y0 = found
    xh = line.x_height
    top = y0 + glyph.y0
    band = gray[max(0, int(top - MARK_REACH * xh)):max(0, int(top - MARK_GAP * xh)), x0 + glyph.x0:x0 + glyph.x1]
    return int(np.count_nonzero(band < 128)) >= MARK_INK * xh * xh


Edit = tuple[int, int, str, str, tuple[int, int, int, int] | None]
"""(start, end, new text, word text, box) of ``rewrite``."""


def rewrite(page: OcrPage, edits: list[Edit]) -> OcrPage:
    """The page with each (start, end, new text, word, box) of ``edits``
    written: ``page.text[start:end]`` becomes the new text, the words there
    become one word (text ``word``, their boxes joined), and the digit spans
    after it move with the text (those inside it go). Where no word stands
    in the range, a word with ``box`` (left, top, width, height) goes in,
    when one is given. An edit whose range cuts through a word is left out
    (text and words would part)."""
    offsets = word_offsets(page)
    text, spans = page.text, list(page.digit_spans)
    words: list[OcrWord | None] = list(page.words)
    added: dict[int, OcrWord] = {}  # word index -> a word that goes in before it
    for start, end, new, word_text, box in sorted(edits, key=lambda e: e[0], reverse=True):
        inside = [i for i, o in enumerate(offsets) if o is not None and start <= o < end]
        if any(offsets[i] + len(page.words[i].text) > end for i in inside):
            continue
        if inside:
            boxes = [page.words[i] for i in inside]
            left, top = min(w.left for w in boxes), min(w.top for w in boxes)
            right = max(w.left + w.width for w in boxes)
            bottom = max(w.top + w.height for w in boxes)
            words[inside[0]] = boxes[0].model_copy(update={
                "text": word_text, "left": left, "top": top, "width": right - left, "height": bottom - top})
            for i in inside[1:]:
                words[i] = None
        else:
            after = [i for i, o in enumerate(offsets) if o is not None and o >= end]
            if box is None or not after or after[0] in added:
                continue
            neighbour = page.words[after[0]]
            added[after[0]] = neighbour.model_copy(update={
                "text": word_text, "left": box[0], "top": box[1], "width": box[2], "height": box[3]})
        text = text[:start] + new + text[end:]
        shift = len(new) - (end - start)
        # a digit run Tesseract saw inside the rewritten letters (the 5 of "ส5") is gone with them
        spans = [s for s in spans if not (start <= s.start and s.end <= end)]
        if shift:
            spans = [s if s.start < end else s.model_copy(update={"start": s.start + shift, "end": s.end + shift})
                     for s in spans]
    kept: list[OcrWord] = []
    for index, word in enumerate(words):
        if index in added:
            kept.append(added[index])
        if word is not None:
            kept.append(word)
    return page.model_copy(update={"text": text, "digit_spans": spans, "words": kept})
