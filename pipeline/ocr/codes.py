"""Letter codes of letter numbers, read again from the page image.

A letter number opens with a two-consonant code (รหัสตัวพยัญชนะ: ``สธ`` in
``ที่ สธ ๐๒๐๗/๑๒๓``; the table is ``pipeline/data/letter_codes.json``).
Stock Tesseract ``tha`` misreads these often enough that one letter number
in ten came out with the wrong code on the benchmark's office scans: ``ธ``
as ``ร`` (``สร``, which is also Surin's code), as ``อ``, as a vowel (``ศี``)
or as ``ๆ``; a word beside digits it cannot write fares worst.

This stage runs after the digit stage, which has found the unit code's run
and its box (``OcrPage.digit_spans``). For each run that Tesseract's text
shows as the head of a letter number (``ที่`` or what is left of it, then
a short word), the in-line glyphs just left of the run are cut from the
image (the digit stage's segmentation), each is named by a small classifier
(``scripts/train_code_letters.py``), and every code of the table is scored
by the product of its letters' probabilities. A code replaces Tesseract's
reading only when the image makes it clearly likelier: it must hold
``SHARE`` of the table's probability mass, and when Tesseract's reading is
itself a code, be ``KNOWN_RATIO`` times as probable as that one (more where
Tesseract was sure of the letter they differ in: ``TRUST``). Codes not in
the table (committees may add letters) are never proposed, and left as
Tesseract read them when the image agrees with it letter by letter and
makes it ``UNKNOWN_RATIO`` times as probable as the table's likeliest code.

The same glyphs mend the letters around the number: ``ที่`` written without
its marks or with ฑ for ท (a lone marked glyph before the code that reads
ท), and the circular's ``ว`` after the unit code's ``/`` that Tesseract
wrote as something else or dropped (one glyph there that reads ว), or the
``/`` itself, with its ``ว``, where the text lost both (a glyph shaped like
a ``/`` between the unit code and the running number). Where Tesseract
wrote no code at all before a unit code (its glyphs read as ที่'s vowel, or
ที่ and the code as one speck or a few short words), the code and ที่ are
written when the image surely shows both.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.models import CodeReading, DigitReading, DigitSpan, OcrPage
from pipeline.ocr.classifier import GlyphClassifier
from pipeline.ocr.digit_pieces import stroke_lean
from pipeline.ocr.page_text import word_offsets
from pipeline.ocr.digits_glyphs import Glyph, Line, glyph_features, join_glyphs
from pipeline.ocr.images import gray_pixels
from pipeline.ocr.letters import INDEX, Edit, letters_between, line_near, load_model, marked_above, rewrite

DATA = Path(__file__).resolve().parents[1] / "data"


def _load_codes() -> frozenset[str]:
    data = json.loads((DATA / "letter_codes.json").read_text(encoding="utf-8"))
    return frozenset(code for group, table in data.items() if not group.startswith("_") for code in table)


CODES = _load_codes()


@cache
def _lookalike_letters() -> dict[str, str]:
    """Letter -> the letters OCR takes it for: the normaliser's table
    (``ocr_confusions.json``, its letter groups and similar shapes: ซ for ช,
    ส for ล, ด for ค; the marks' pairs in it name no letter of a code)."""
    # imported here: it is needed only for a code the table lacks
    from pipeline.normalise.lexicon import confusions

    table = confusions()
    others = dict(table["others"])
    for a, b in table["similar"]:
        others[a] = others.get(a, "") + b
    return others

# Tesseract's reading is evidence too (it reads most codes right): another
# code must be KNOWN_RATIO times as probable to the image to overrule one it
# read, and every code chosen must hold SHARE of the table's probability mass.
# Where Tesseract was sure of the letter the two codes differ in, more: TRUST
# times its odds (confidence c of 100: c / (100 - c)). A held-out font on a
# fax gave ธ odds of 7 against ร on the image, Tesseract 87 % sure of its ธ.
# (KNOWN_RATIO was 20: TH Sarabun PSK's ธ on faxes gave odds of 9.6 against ร
# on the image where Tesseract wrote สร; at 8, three codes on the bench's twelve
# replay caches were put right, and no code read right was overruled.)
KNOWN_RATIO = 8.0
TRUST = 7.0
MAX_CONFIDENCE = 99.0  # Tesseract's confidence counted at most this (its 100 is no certainty)
SHARE = 0.6
AGREE = 0.5  # a letter the image names with this probability agrees with Tesseract's
# A code the table lacks is rarer than a misread letter of one it holds: kept
# only where the image also makes it UNKNOWN_RATIO times as probable as the
# table's likeliest code (ขม, ข at 0.71 and ช at 0.24 on a fax, was ชม)
UNKNOWN_RATIO = 5.0
REACH = 7.0  # run heights left of the run searched for the code's glyphs
SPACE_GAP = 0.35  # x-heights: a gap this wide between glyphs separates words
MIN_SCORE = 0.05  # a code whose letters the image gives less (product) is no reading of it
MAX_PIECES = 5  # pieces of a broken code joined into two letters, at most
LETTER_WIDTH = 1.3  # x-heights: pieces joined into one letter span no more
MAX_ALTERNATIVES, ALTERNATIVE_MIN = 3, 0.01  # other codes listed with a reading


# Tesseract's text before a unit-code run: what is left of ที่ (``thi``: its
# marks are often lost or read apart, and a bold or faxed ท read ฑ: ท ทิ ที
# ที่ ฑี ฑท; glued to the word before it only with its vowel; "'", "|" and
# "-" are specks read), then the code as read, possibly with vowels, marks,
# ๆ or digits for letters (ธ read 5, 6 or 8: "ส5", "ย6", "ศ8"; ล read 0 or ๆ:
# "0ป", "ๆป"; น read แ: "แว"; ว read ")" or "]": "อ)"), possibly glued to ที่, specks
# after it ("กด-๐๗๐๖")
_HEAD = re.compile(
    r"(?P<thi>(?:(?<![^\s\"'\-])[ทฑ]{1,2}|ที)[\u0e34-\u0e3a\u0e47-\u0e4e]{0,3})[\s\"'|.\-]*"
    r"(?P<code>[\u0e31\u0e34-\u0e3a\u0e40-\u0e44\u0e47-\u0e4e]?[ก-ฮๆ][ก-ฮ\u0e30-\u0e3a\u0e47-\u0e4eๆ0-9๐-๙)\]]{0,4}"
    r"|[0-9๐-๙][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]?[ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]{0,2})"
    r"(?P<specks>['|]*)[\s.'|\-]*$",
    re.MULTILINE)
# Tesseract's text before a unit-code run where it wrote no code: what is
# left of ที่ alone at the head of the line
_THI_ONLY = re.compile(r"(?P<thi>(?:(?<![^\s\"'\-])[ทฑ]{1,2}|ที)[\u0e34-\u0e3a\u0e47-\u0e4e]{0,3})[\s\"'|.\-]*$",
                       re.MULTILINE)
# ... or a few short words of anything: ที่ and the code garbled ("1", "ท 0", "1 0",
# "ที่1", "ง"); the image is then the only witness (see _lost_code)
_FEW_WORDS = re.compile(r"[ \t]*(?P<junk>\S{1,4}(?:[ \t]+\S{1,4}){0,2})[ \t]*")
_ABOVE = re.compile("[\u0e31\u0e34-\u0e37\u0e47-\u0e4e]")  # vowels and marks written above
THI_MIN = 0.5  # probability of ท for the lone marked glyph before the code to be written ที่
# (or, where Tesseract read ท with its vowel, ที or ทิ, ท the likeliest letter; or
# where it read a bare ท and the image shows marks over it, ท at least THI_BARE_MIN:
# TH Sarabun New's ท on a fax, its marks a line of their own "ซ่", reads ฬ 0.32, ซ
# 0.28, ท 0.21)
_THI_READ = re.compile("ท[\u0e34\u0e35]")
THI_BARE_MIN = 0.1
# What Tesseract wrote between a unit code's "/" and the running number where
# it is already the circular's ว (or nothing else could be)
_WO = re.compile(r"\s*ว\s*")
WO_MIN = 0.5  # probability of ว for the one glyph between "/" and the running number
WO_REACH = 3.0  # x-heights between the "/" and the running number, at most
# A "/" the text lost between a unit code and its running number (see _lost_slash):
# a glyph this many x-heights tall at least, this wide at most, its top this far
# right of its foot at least (TH Garuda's among Arabic digits on office scans, the
# x-height the digits': 1.0 tall, 0.39 wide, leaning 0.2; Laksaman's 0.61 wide),
# standing at most SLASH_REACH x-heights after the unit code
SLASH_HEIGHT, SLASH_WIDTH, SLASH_LEAN = 0.9, 0.7, 0.15
SLASH_REACH = 4.0


def reread_codes(page: OcrPage, image: Image.Image, *, model: GlyphClassifier | None = None,
                 pixels: np.ndarray | None = None) -> OcrPage:
    """The page with the codes of its letter numbers read again from ``image``
    where the image clearly shows another code of the table, their ``ที่``
    where Tesseract lost its marks, and the circular's ``ว`` after the unit
    code's ``/`` where Tesseract wrote something else or nothing (module doc;
    ``pixels``: ``images.gray_pixels(image)``, when the caller has it)."""
    model = model or load_model()
    if model is None or not page.digit_spans:
        return page
    gray: np.ndarray | None = None
    words: list[tuple[int, int, float]] | None = None  # Tesseract's words and confidences, when needed
    edits: list[Edit] = []
    spans = list(page.digit_spans)
    for position, span in enumerate(spans):
        if span.kind in ("day", "year", "phone") or span.text[:1] not in "0๐":
            continue  # a unit code starts with 0
        line_start = page.text.rfind("\n", 0, span.start) + 1
        head = _HEAD.search(page.text, line_start, span.start)
        if head is None and "/" not in span.text:
            continue  # (a unit code ends in "/", or holds one before its running number)
        if gray is None:
            gray = pixels if pixels is not None else gray_pixels(image)
        following = [s for s in spans if s.start >= span.end]
        after = min(following, key=lambda s: s.start) if following else None
        number = after if span.text.endswith("/") else None
        # a unit code ending in a digit, after a head, the running number close after it: the
        # "/" (and ว) between them lost (see _lost_slash)
        slashless = (after if head is not None and span.text[-1:].isdigit() and "/" not in span.text
                     and after is not None and "\n" not in page.text[span.end:after.start] else None)
        # one crop of the line for both: from the code's reach to the running number
        left, height = span.box[0], span.box[3]
        reach = number if number is not None else slashless
        right = max(left + 2 * height, reach.box[0] + reach.box[2] if reach is not None else 0)
        found = line_near(gray, left - REACH * height, right, span.box)
        if found is None:
            continue
        if number is not None:
            wo = _circular_mark(page, span, number, found, model)
            if wo is not None:
                edits.append(wo)
        if slashless is not None:
            slash = _lost_slash(page, span, slashless, found, model)
            if slash is not None:
                edits.append(slash)
        if head is None:
            lost = _lost_code(page, span, line_start, found, model, gray)
            if lost is not None:
                spans[position] = span.model_copy(update={"code": lost[0]})
                edits.extend(lost[1])
            continue
        glyphs = head_glyphs(found, span.box)
        if glyphs is None:
            continue
        ways, thi, line = glyphs
        if _ABOVE.search(head.group("code")) and any(marked_above(g, found, gray) for g in ways[0]):
            continue  # Tesseract and the image both see marks above: a word (ที่ตั้ง ๐๑๒), not a code
        probs = max((model.probabilities(glyph_features(code, line)) for code in ways),
                    key=lambda p: max(_scores(p).values()))

        def confidences(start: int = head.start("code"), end: int = head.end("code")) -> list[float | None]:
            nonlocal words
            words = _word_spans(page) if words is None else words
            return _confidences(words, start, end)

        reading = code_reading(probs, head.group("code"), confidences)
        spans[position] = span.model_copy(update={"code": reading})
        if reading.text != reading.ocr_text:
            # specks glued to the code go with it: the image shows two letters there ("ชง|" for ชม)
            edits.append((head.start("code"), head.end("specks"), reading.text, reading.text, None))
        # ที่ read without its marks or as ฑ: the image shows a ท that carries marks
        if head.group("thi") != "ที่" and thi is not None and thi.mark_above and _reads_tho(
                model.probabilities(glyph_features([thi], line))[0], head.group("thi"),
                lambda: marked_above(thi, found, gray)):
            # (with a quote Tesseract read for the marks glued before it: '"ท')
            start = head.start("thi") - (page.text[head.start("thi") - 1:head.start("thi")] in ('"', "'"))
            edits.append((start, head.end("thi"), "ที่", "ที่", None))
    page = page.model_copy(update={"digit_spans": spans})
    return rewrite(page, edits) if edits else page


def _lost_code(page: OcrPage, span: DigitSpan, line_start: int, found: tuple[Line, int, int],
               model: GlyphClassifier, gray: np.ndarray) -> tuple[CodeReading, list[Edit]] | None:
    """The code and the edits that write it (and ``ที่``) where Tesseract
    wrote no code before a unit code ending in "/" (or a letter number's run
    holding its "/" and running number): only what is left of
    ที่ ("ที๐๐๔๙/", the code's glyphs read as its vowel) or a few short
    words at the head of the line ("1 ๐๒๒๔.๓/", "ท 0 ๐๗๕๓.๒/", "ง ๐๗๔๑.๕/":
    ``_FEW_WORDS``), and the image shows a lone
    marked glyph that is surely ท, then two glyphs that are surely a code
    of the table."""
    if "/" not in span.text:
        return None
    thi_read = _THI_ONLY.search(page.text, line_start, span.start)
    junk = None if thi_read else _FEW_WORDS.fullmatch(page.text, line_start, span.start)
    if thi_read is None and junk is None:
        return None
    glyphs = head_glyphs(found, span.box)
    if glyphs is None or len(glyphs[0]) != 1 or glyphs[1] is None:
        return None
    (code,), thi, line = glyphs
    if (not marked_above(thi, found, gray) or any(g.mark_above for g in code)
            or model.probabilities(glyph_features([thi], line))[0, INDEX["ท"]] < THI_MIN):
        return None
    reading = code_reading(model.probabilities(glyph_features(code, line)), "")
    if not reading.text:
        return None
    text = page.text
    at = thi_read.end("thi") if thi_read else span.start
    x0, y0 = found[1], found[2]
    box = (x0 + code[0].x0, y0 + min(g.y0 for g in code), code[1].x1 - code[0].x0,
           max(g.y1 for g in code) - min(g.y0 for g in code))
    written = (" " if thi_read and not text[at - 1].isspace() else "") + reading.text + (
        " " if not text[at].isspace() else "")
    edits: list[Edit] = [(at, at, written, reading.text, box)]
    start, end = (thi_read.start("thi"), thi_read.end("thi")) if thi_read else junk.span("junk")
    if text[start:end] != "ที่":
        edits.append((start, end, "ที่", "ที่", None))
    return reading, edits


def _reads_tho(row: np.ndarray, ocr_thi: str, marked: Callable[[], bool] = lambda: False) -> bool:
    """Whether the glyph before the code, with class probabilities ``row``,
    is ที่'s ท: THI_MIN sure, or the likeliest letter where Tesseract read ท
    with its vowel, or THI_BARE_MIN sure where Tesseract read a bare ท and
    ink stands over it (``marked``: ``letters.marked_above``)."""
    p = row[INDEX["ท"]]
    return bool(p >= THI_MIN or (_THI_READ.match(ocr_thi) and p >= row.max())
                or (ocr_thi == "ท" and p >= THI_BARE_MIN and marked()))


def _confidences(words: list[tuple[int, int, float]], start: int, end: int) -> list[float | None]:
    """Tesseract's confidence (0-100) in each character of ``page.text[start:end]``:
    that of the word it stands in (None where no word holds it). ``words``:
    ``_word_spans`` of the page."""
    confidences: list[float | None] = [None] * (end - start)
    first = max(0, bisect.bisect_right(words, (start, float("inf"), 0.0)) - 1)
    for offset, stop, conf in words[first:]:
        if offset >= end:
            break
        for at in range(max(start, offset), min(end, stop)):
            confidences[at - start] = conf
    return confidences


def _word_spans(page: OcrPage) -> list[tuple[int, int, float]]:
    """(start, end, confidence) of each word of the page found in its text, in order."""
    return sorted((offset, offset + len(word.text), word.conf)
                  for word, offset in zip(page.words, word_offsets(page)) if offset is not None)


def _circular_mark(page: OcrPage, unit: DigitSpan, number: DigitSpan, found: tuple[Line, int, int],
                   model: GlyphClassifier) -> Edit | None:
    """The edit that writes ``ว `` between a unit code ending in ``/`` and
    the running number after it, where the image shows one glyph there that
    is surely a ว and Tesseract wrote something else (``/ว2``, ``/?``, ``/)``)
    or nothing. ``found``: ``letters.line_near``'s crop of the line."""
    between = page.text[unit.end:number.start]
    if "\n" in between or _WO.fullmatch(between):
        return None
    glyphs = _glyphs_between(page, unit, number, found, WO_REACH)
    if glyphs is None or len(glyphs) != 1 or glyphs[0].mark_above:
        return None
    line, x0, y0 = found
    glyph = glyphs[0]
    if model.probabilities(glyph_features(glyphs, line))[0, INDEX["ว"]] < WO_MIN:
        return None
    box = (x0 + glyph.x0, y0 + glyph.y0, glyph.width, glyph.height)
    return unit.end, number.start, "ว ", "ว", box


def _glyphs_between(page: OcrPage, unit: DigitSpan, number: DigitSpan, found: tuple[Line, int, int],
                    reach: float) -> list[Glyph] | None:
    """The letters' glyphs between a unit code's span and the running
    number's after it (``found``: ``letters.line_near``'s crop of the line),
    or None where Tesseract wrote more than a few characters between them or
    they stand more than REACH x-heights apart (or overlap)."""
    if len(page.text[unit.end:number.start]) > 6:
        return None
    line, x0, _ = found
    left, right = unit.box[0] + unit.box[2] - x0, number.box[0] - x0
    if right - left > reach * line.x_height or right <= left:
        return None
    return letters_between(line, left, right)


def _lost_slash(page: OcrPage, unit: DigitSpan, number: DigitSpan, found: tuple[Line, int, int],
                model: GlyphClassifier) -> Edit | None:
    """The edit that writes ``/ว `` (or ``/``) between a unit code that ends
    in a digit and the running number after it, where the image shows a
    glyph shaped like a "/" there (SLASH_*), then perhaps one glyph that is
    surely a ว, and Tesseract wrote no "/" (TH Garuda's "1/ว" on office scans,
    Arabic digits: Tesseract wrote "173", the digit stage took the 1 and left
    the rest out: "0505.1.  539")."""
    if "/" in page.text[unit.end:number.start]:
        return None
    glyphs = _glyphs_between(page, unit, number, found, SLASH_REACH)
    if glyphs is None or not 1 <= len(glyphs) <= 2:
        return None
    line, x0, y0 = found
    xh = line.x_height
    slash = glyphs[0]
    if not (slash.height >= SLASH_HEIGHT * xh and slash.width <= SLASH_WIDTH * xh
            and stroke_lean(slash, slash.x0) >= SLASH_LEAN * xh):
        return None
    last = glyphs[-1]
    box = (x0 + slash.x0, y0 + min(g.y0 for g in glyphs), last.x1 - slash.x0,
           max(g.y1 for g in glyphs) - min(g.y0 for g in glyphs))
    if len(glyphs) == 1:
        return unit.end, number.start, "/", "/", box
    # (a mark flagged over the ว there is the foot of the line above: no letter follows "/")
    if model.probabilities(glyph_features(glyphs[1:], line))[0, INDEX["ว"]] < WO_MIN:
        return None
    return unit.end, number.start, "/ว ", "/ว", box


def head_glyphs(found: tuple[Line, int, int], box: tuple[int, int, int, int]
                ) -> tuple[list[list[Glyph]], Glyph | None, Line] | None:
    """The ways to read the code just left of a run at ``box`` (left, top,
    width, height) as two glyphs, the glyph of ที่'s ท before it (None where
    no lone glyph stands there), and their line; None when the code cannot
    be two glyphs. (ที่ may end the word before the code: "วันพุธที่ คค".)
    A code of more pieces (a fax breaks thin strokes: ม in
    three) is read as two glyphs in every way its pieces join into two no
    wider than a letter. ``found``: ``letters.line_near``'s crop of the line."""
    left = box[0]
    line, x0, _ = found
    xh = line.x_height
    words: list[list[Glyph]] = []  # space-separated, right to left
    for glyph in reversed(letters_between(line, 0, left - x0 - 0.1 * xh)):
        if words and words[-1][0].x0 - glyph.x1 <= SPACE_GAP * xh:
            words[-1].insert(0, glyph)
        else:
            words.append([glyph])
    if not words:
        return None
    # ที่ alone, or ending the word before the code, its ท carrying the marks ("วันพุธที่ คค")
    thi = None
    if len(words) > 1 and (len(words[1]) == 1 or words[1][-1].mark_above):
        thi = words[1][-1]
    code = words[0]
    if len(code) == 3 and code[0].mark_above:
        thi, code = code[0], code[1:]  # ที่ glued to the code (ที่ทม): its ท carries the marks
    if len(code) == 2:
        return [code], thi, line
    splits = [[code[:cut], code[cut:]] for cut in range(1, len(code))] if len(code) <= MAX_PIECES else []
    ways = [[join_glyphs(part) for part in parts] for parts in splits
            if all(part[-1].x1 - part[0].x0 <= LETTER_WIDTH * xh for part in parts)]
    return (ways, thi, line) if ways else None


Confidences = Sequence[float | None] | Callable[[], Sequence[float | None]] | None
"""Tesseract's confidence (0-100) in each character of its reading of a
code, where known, or what gives them when asked (they cost a pass over the
page's words, and are seldom needed)."""


def code_reading(probs: np.ndarray, ocr_code: str, confidences: Confidences = None) -> CodeReading:
    """What the stage makes of a code: ``choose_code``'s choice or
    Tesseract's reading, with the image's probability of its letters and
    the next most probable codes of the table."""
    text = choose_code(probs, ocr_code, confidences) or ocr_code
    scores = _scores(probs)
    others = sorted((code for code in scores if code != text), key=scores.__getitem__, reverse=True)
    return CodeReading(
        text=text, ocr_text=ocr_code, confidence=round(_letters_probability(probs, text), 6),
        alternatives=[DigitReading(text=code, probability=round(min(1.0, scores[code]), 6), plausible=True)
                      for code in others[:MAX_ALTERNATIVES] if scores[code] >= ALTERNATIVE_MIN])


_TABLE = sorted(CODES)
_LETTER_COLUMNS = np.array([[INDEX[c] for c in code] for code in _TABLE])  # (codes, 2)
_PLACE_LETTERS = [frozenset(code[0] for code in _TABLE), frozenset(code[1] for code in _TABLE)]


def _scores(probs: np.ndarray) -> dict[str, float]:
    """Every code of the table: the product of its letters' probabilities."""
    products = probs[0, _LETTER_COLUMNS[:, 0]] * probs[1, _LETTER_COLUMNS[:, 1]]
    return dict(zip(_TABLE, products.tolist()))


def _letters_probability(probs: np.ndarray, code: str) -> float:
    if len(code) != len(probs) or any(c not in INDEX for c in code):
        return 0.0
    return float(np.prod([row[INDEX[c]] for row, c in zip(probs, code)]))


def choose_code(probs: np.ndarray, ocr_code: str, confidences: Confidences = None) -> str | None:
    """The table's code the glyphs' probabilities (2 x CLASSES) make clearly
    likelier than Tesseract's reading ``ocr_code``; None to keep the reading.
    ``confidences``: Tesseract's in each character of ``ocr_code``
    (``Confidences``)."""
    # a code the table lacks was misread: the letters it shares with the table's codes count still
    scores = _scores(probs if ocr_code in CODES else _tesseract_letters(probs, ocr_code))
    total = sum(scores.values())
    best = max(scores, key=scores.__getitem__)
    if best == ocr_code or scores[best] < MIN_SCORE:
        return None
    if scores[best] < SHARE * total:
        return None
    if ocr_code in CODES:
        return best if scores[best] >= _known_ratio(ocr_code, best, confidences) * scores[ocr_code] else None
    if (len(ocr_code) == 2 and all(c in INDEX and probs[i, INDEX[c]] >= AGREE for i, c in enumerate(ocr_code))
            and _letters_probability(probs, ocr_code) >= UNKNOWN_RATIO * scores[best]):
        return None  # a code the table lacks, and the image agrees with Tesseract
    return best


def _tesseract_letters(probs: np.ndarray, ocr_code: str) -> np.ndarray:
    """PROBS with each letter Tesseract read (OCR_CODE, one per glyph) given
    the probability AGREE at least, or, for a letter no code of the table has
    in its place, the letters OCR takes for it as well (``_lookalike_letters``):
    where Tesseract's code is none of the table's, one of its letters may
    still be right, or a lookalike of the right one, and the image unsure.
    TH Sarabun New's ชม on a fax, read "ชง|": the image gave ช 0.04 against
    ซ 0.38, and ม 0.85, so ชม scored 0.03, under MIN_SCORE; read "ซม", the
    same with ซ for ช."""
    if len(ocr_code) != len(probs):
        return probs
    probs = probs.copy()
    lookalikes = _lookalike_letters()
    for place, (row, char) in enumerate(zip(probs, ocr_code)):
        # a letter no code has in its place is surely misread: its lookalikes count for it
        letters = char + lookalikes.get(char, "") if char not in _PLACE_LETTERS[place] else char
        for letter in letters:
            if letter in INDEX:
                row[INDEX[letter]] = max(row[INDEX[letter]], AGREE)
    return probs


def _known_ratio(ocr_code: str, other: str, confidences: Confidences) -> float:
    """How many times as probable to the image ``other`` must be to overrule
    the table's code Tesseract read: KNOWN_RATIO, or TRUST times Tesseract's
    odds on the letters where the two differ, when that is more."""
    if callable(confidences):
        confidences = confidences()
    sure = [c for mine, theirs, c in zip(ocr_code, other, confidences or [])
            if mine != theirs and c is not None]
    if not sure:
        return KNOWN_RATIO
    confidence = min(min(sure), MAX_CONFIDENCE)
    return max(KNOWN_RATIO, TRUST * confidence / (100.0 - confidence))
