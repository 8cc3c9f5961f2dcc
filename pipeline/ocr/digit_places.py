"""Places where the digit stage writes digits Tesseract wrote none for.

The stage (``digits.py``) writes a run only where Tesseract wrote a digit or a
lookalike, except in a few places the text or the image names: after a
letter number's bare head (``bare_head``), between "วันที่" and a month name
(``missing_day``, ``in_day_place``), before a unit of count with no number
before it (``missing_count``, ``in_count_place``), right after a unit code's "/"
(``running_number_place``; ``past_slashes`` has those glyphs classified),
and over a word Tesseract garbled. There the glyphs alone decide, so they
must read surely (``surely_digits``, ``surely_thai_digits``).
``line_places`` finds the places the text names on a line (``LinePlaces``),
and ``wordless_place`` makes the ``RunInsert`` of a run over no word at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.models import OcrPage
from pipeline.ocr.digit_fields import FOLLOWED_BY_MONTH, without_marks
from pipeline.ocr.digit_pieces import DIGIT_CLASSES, THAI_INDEX
from pipeline.ocr.digit_runs import Run
from pipeline.ocr.digit_text import THI, UNITS, RunEdit, RunInsert, line_tokens
from pipeline.ocr.digit_words import GARBLED_WITHIN, MARKS_ONLY
from pipeline.ocr.digits_glyphs import ARABIC_DIGITS, CLASSES, PUNCT, THAI_DIGITS, Line

# A lone letter where a day or a count stands is read as a Thai digit when
# every glyph reads as one with this probability; and so must every glyph of
# a run written where Tesseract wrote nothing.
LOOKALIKE_MIN_PROBABILITY = 0.9
# Digits at least in a run written over a word Tesseract garbled (see digits.GARBLED_WIDTH).
GARBLED_DIGITS = 2


def surely_digits(run: Run) -> bool:
    """Whether every glyph of RUN reads as a digit or punctuation at least
    LOOKALIKE_MIN_PROBABILITY surely, GARBLED_DIGITS of them digits."""
    named = [CLASSES[int(p.argmax())] for p in run.probs]
    return (sum(c in DIGIT_CLASSES for c in named) >= GARBLED_DIGITS
            and all(c in DIGIT_CLASSES or c in PUNCT for c in named)
            and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY)


# A line that opens with a letter number's head alone, ที่ (its marks perhaps lost)
# and a code of two letters, with no word after them before the line's end or a tab
# (see bare_head): Tesseract wrote nothing for the number ("ที่ อว" for
# "ที่ อว ๐๓๕๖/๑", TH Garuda on an office scan). The crop reaches HEAD_REACH line
# heights past the code (a unit code, "/ว" and a running number of four: about 5.5
# on the bench pages), and a run starting with ๐ at most HEAD_GAP x-heights after
# the code that surely reads as digits (and punctuation) is written. One such line
# in the seven development caches.
_BARE_HEAD = re.compile(rf"{THI}\s*[ก-ฮ]{{2}}")
HEAD_REACH = 6.0
# One word of a letter or two may follow the head: a letter Tesseract wrote for
# the running number ("ที่ สธ ฒ" for "ที่ สธ ๐๗๑๒/ว ๙", TH Garuda, office).
_AFTER_HEAD = re.compile(r"(?: [\u0e01-\u0e4e]{1,2})?")
# Or the head garbled whole into a word of a few characters (TH Garuda, office: "ก"
# over "ที่ ชม", and nothing for "๐๑๖๐/๑"): its room is read the same way.
_GARBLED_HEAD = re.compile(r"\S{1,4}")
HEAD_GAP = 2.0


def bare_head(page: OcrPage, indices: list[int], offsets: list[int | None]) -> int | None:
    """The last word of a letter number's bare head (``_BARE_HEAD``) that
    opens a line and ends it or the line's first column (a tab follows it),
    perhaps with one short word between (``_AFTER_HEAD``)."""
    first = offsets[indices[0]]
    if first is None:
        return None
    head = _BARE_HEAD.match(page.text, first) or _GARBLED_HEAD.match(page.text, first)
    if head is None:
        return None
    rest = _AFTER_HEAD.match(page.text, head.end())
    if page.text[rest.end():rest.end() + 1] not in ("\t", "\n", ""):
        return None
    return next((i for i in indices if offsets[i] is not None
                 and offsets[i] + len(page.words[i].text) == head.end()), None)


# "วันที่" (its marks perhaps lost) with a month name right after it and no day between
# (see missing_day): Tesseract wrote nothing for a ๗ (TH Sarabun New on an office
# scan, "ลงวันที่ ม.ค. ๒๕๓๕"; on a fax, "วันที กันยายน ๒๕๕๒"). The glyphs within
# DAY_REACH line heights of the word's end are classified, and a run of one or two
# glyphs that surely read as Thai digits, standing past the word's last consonant and
# before the month name, is written after the word.
_DAY_WORD = re.compile(rf"วัน{THI}$")
DAY_REACH = 1.5


def missing_day(page: OcrPage, indices: list[int], offsets: list[int | None]) -> int | None:
    """The word ending in "วันที่" (``_DAY_WORD``) that a month name follows
    with no digit between them (only a space), or None."""
    for index in indices:
        offset = offsets[index]
        if offset is None:
            continue
        end = offset + len(page.words[index].text)
        # (Tesseract's words of Thai text are a character or two each: the text says "วันที่")
        if _DAY_WORD.search(page.text[max(0, end - 8):end]) and page.text[end:end + 1] == " " \
                and FOLLOWED_BY_MONTH.match(without_marks(page.text[end:end + 40])):
            return index
    return None


def in_day_place(page: OcrPage, day: int, run: Run, line: Line) -> bool:
    """Whether RUN stands after the last glyph under word DAY's first 80 %
    (its last consonant, ท; the marks Tesseract may have taken from the day
    stand over the rest; where DAY is those marks alone, the word before it)
    and before the next word of the line that is no marks alone."""
    word = page.words[day]
    same_line = [w for w in page.words if (w.block, w.par, w.line) == (word.block, word.par, word.line)]
    if MARKS_ONLY.fullmatch(word.text):
        # Tesseract wrote the marks a word of their own (ท ี ่), its box over the day:
        # the word of the last consonant stands for it
        word = max((w for w in same_line if w.left < word.left and not MARKS_ONLY.fullmatch(w.text)),
                   key=lambda w: w.left, default=word)
    following = [w for w in same_line if w.left > word.left + word.width / 2 and w is not word
                 and not MARKS_ONLY.fullmatch(w.text)]
    right = min((w.left for w in following), default=word.left + word.width + 10 * line.x_height)
    return word.left + 0.8 * word.width <= run.x0 and run.x1 <= right + 0.2 * line.x_height


# A count Tesseract wrote nothing for: a unit of count (digit_text.UNITS) standing as a
# token of its own after a token with no digit (see missing_count). Stock Tesseract
# cannot write ๗ or ๖ and leaves a lone one out: "จํานวน ชุด" for "จำนวน ๗ ชุด"
# (24 fields over the 22 replay caches, every font, on clean scans too). The glyphs
# within COUNT_REACH line heights before the unit are classified, and a run of at most
# COUNT_GLYPHS glyphs that surely read as Thai digits, standing between the word
# before and the unit (COUNT_SLACK x-heights into either), is written before the unit.
_COUNT_UNITS = frozenset(without_marks(unit) for unit in UNITS)
_DIGITS = set(THAI_DIGITS + ARABIC_DIGITS)
COUNT_REACH = 1.5
COUNT_GLYPHS = 3
COUNT_SLACK = 0.2


def missing_count(page: OcrPage, indices: list[int], offsets: list[int | None]) -> tuple[int, int] | None:
    """For the line's first unit of count (``_COUNT_UNITS``, a token of its
    own) whose token before holds no digit: the last word of that token and
    the unit's first word; or None."""
    text = page.text
    tokens = line_tokens(page, indices, offsets)
    for before, unit in zip(tokens, tokens[1:]):
        start = offsets[unit[0]]
        end = offsets[unit[-1]] + len(page.words[unit[-1]].text)
        if without_marks(text[start:end]) not in _COUNT_UNITS:
            continue
        if not set(text[offsets[before[0]]:offsets[before[-1]] + len(page.words[before[-1]].text)]) & _DIGITS:
            return before[-1], unit[0]
    return None


def in_count_place(page: OcrPage, count: tuple[int, int], run: Run, line: Line) -> bool:
    """Whether RUN stands between the word before a unit of count and the
    unit (COUNT: their indices), reaching at most COUNT_SLACK x-heights into either."""
    before, unit = page.words[count[0]], page.words[count[1]]
    slack = COUNT_SLACK * line.x_height
    return before.left + before.width - slack <= run.x0 and run.x1 <= unit.left + slack


@dataclass(frozen=True)
class LinePlaces:
    """The places on a line where the text says digits stand that Tesseract
    wrote nothing for: after the last word of a bare head (HEAD: ``bare_head``),
    after the word ending "วันที่" before a month name (DAY: ``missing_day``),
    and between a word and a unit of count (COUNT: ``missing_count``)."""

    head: int | None = None
    day: int | None = None
    count: tuple[int, int] | None = None

    def __bool__(self) -> bool:
        return self.head is not None or self.day is not None or self.count is not None


def line_places(page: OcrPage, indices: list[int], offsets: list[int | None]) -> LinePlaces:
    """The places the text names on the line of words INDICES."""
    return LinePlaces(bare_head(page, indices, offsets), missing_day(page, indices, offsets),
                      missing_count(page, indices, offsets))


def surely_thai_digits(run: Run) -> bool:
    """Whether every glyph of RUN reads as a Thai digit, and is one (any of
    them: its classes' probabilities together) at least LOOKALIKE_MIN_PROBABILITY
    surely: TH Sarabun New's running number "๗" of "๐๗๒๒/ว ๗" on an office
    scan, over no word of Tesseract's, read ๗ 0.63 and ๓ 0.37, was left out;
    which digit it is, its confidence tells."""
    if not all(CLASSES[int(p.argmax())] in THAI_DIGITS for p in run.probs):
        return False
    probs = run.raw if run.raw is not None else run.probs
    return float(probs[:, THAI_INDEX].sum(axis=1).min()) >= LOOKALIKE_MIN_PROBABILITY


# Letters and symbols Tesseract writes for a running number (ๆ for ๗ or 4, ดลวะ for ๑๑๐๖)
RUNNING_LOOKALIKE = re.compile(r"(?:[\u0e01-\u0e4e]|[^\s\u0e50-\u0e59A-Za-z0-9])+")
# ... where at most this many glyphs (the ว of "/ว") stand between it and a run ending in "/"
RUNNING_GAP_GLYPHS = 1
RUNNING_GAP = 2.5  # x-heights
RUNNING_REACH = 8.0  # x-heights past the "/": the ว and six digits


def past_slashes(line: Line, probs: np.ndarray, near: list[int]) -> list[int]:
    """Glyphs not yet classified that stand at most RUNNING_REACH x-heights
    right of a glyph read as "/": a running number Tesseract wrote as letters
    may reach past the ``digits.CONTEXT`` of the unit code's digits ("/ร ดลวะ")."""
    slash = CLASSES.index("/")
    ends = [line.glyphs[i].x1 for i in near if int(probs[i].argmax()) == slash]
    if not ends:
        return []
    done = set(near)
    reach = RUNNING_REACH * line.x_height
    return [i for i, g in enumerate(line.glyphs)
            if i not in done and any(0 <= (g.x0 + g.x1) / 2 - end <= reach for end in ends)]


# A glyph not yet classified whose gap to a glyph read as a digit is at most
# BESIDE_GAP x-heights (no space: digit_runs.SPACE_GAP) is classified too, and so on
# along the run: a run reaching past ``digits.CONTEXT`` of the word Tesseract wrote
# a digit in is read whole (TH Garuda, office: "ท 0" for "ที่ กค ๐๗๕๓.๒/๑", its
# "0" over the ค, CONTEXT ending the run at ๐๗๕).
BESIDE_GAP = 0.42
BESIDE_ROUNDS = 12  # glyphs added on each side, at most
_RUN_CLASSES = DIGIT_CLASSES | set(PUNCT)


def beside_digits(line: Line, probs: np.ndarray, done: set[int]) -> list[int]:
    """Glyphs not in DONE (the classified ones) that stand next to a glyph
    read as a digit or punctuation, with at most BESIDE_GAP x-heights
    between them."""
    gap = BESIDE_GAP * line.x_height
    found = []
    for i, g in enumerate(line.glyphs):
        if i in done:
            continue
        for k in (i - 1, i + 1):
            if k in done and 0 <= k < len(line.glyphs) and CLASSES[int(probs[k].argmax())] in _RUN_CLASSES:
                other = line.glyphs[k]
                if max(other.x0 - g.x1, g.x0 - other.x1) <= gap:
                    found.append(i)
                    break
    return found


def running_number_place(runs: list[Run], run: Run, line: Line) -> bool:
    """Whether RUN stands where a letter number's running number stands, by
    the image alone: right after a run ending in "/" (a unit code), with at
    most RUNNING_GAP_GLYPHS glyphs (the ว of "/ว") and RUNNING_GAP x-heights
    between them. Tesseract may write the running number as letters and the
    ว as a letter like it ("/ร ดลวะ" for "/ว ๑๑๐๖", "/ว ๆ" for "/ว ๗")."""
    position = next((k for k, r in enumerate(runs) if r is run), 0)
    if position == 0:
        return False
    before = runs[position - 1]
    if CLASSES[int(before.probs[-1].argmax())] != "/" or run.x0 - before.x1 > RUNNING_GAP * line.x_height:
        return False
    left = next((k for k, g in enumerate(line.glyphs) if g is before.glyphs[-1]), None)
    right = next((k for k, g in enumerate(line.glyphs) if g is run.glyphs[0]), None)
    return left is not None and right is not None and 0 <= right - left - 1 <= RUNNING_GAP_GLYPHS


# A run that surely reads as a letter number's unit code with its "/" (and its running
# number) tells what it is by itself: no other field has that shape. Written where
# Tesseract wrote no word over it at all, after the words left of it (TH Garuda on
# office scans: "ท 0" for "ที่ กค ๐๗๕๓.๒/๑").
_UNIT_CODE_RUN = re.compile(r"๐[๐-๙]{3}(?:\.[๐-๙]{1,2})*/[๐-๙]*")


def unit_code_run(run: Run) -> bool:
    """Whether RUN surely reads as a unit code, its "/" and perhaps its
    running number (``_UNIT_CODE_RUN``), every glyph read
    LOOKALIKE_MIN_PROBABILITY surely."""
    text = "".join(CLASSES[int(p.argmax())] for p in run.probs)
    return bool(_UNIT_CODE_RUN.fullmatch(text)) and run.probs.max(axis=1).min() >= LOOKALIKE_MIN_PROBABILITY


def on_the_line(page: OcrPage, indices: list[int], run: Run) -> bool:
    """Whether RUN is this line's (INDICES) only: no word of another line of
    Tesseract's has its centre within the run's box. (The line Tesseract
    made of the marks over a letter number's line reaches over that line's
    digits, which that line's words name.)"""
    inside = set(indices)
    return not any(run.x0 <= w.left + w.width / 2 <= run.x1 and run.y0 <= w.top + w.height / 2 <= run.y1
                   for i, w in enumerate(page.words) if i not in inside)


def wordless_place(page: OcrPage, indices: list[int], trims: dict[int, str], edits: list[RunEdit | RunInsert],
                    previous: Run | None, runs: list[Run], run: Run, line: Line, places: LinePlaces,
                    garbled: set[int] = frozenset()) -> RunInsert | None:
    """The insert of a run over no word at all, in the places the image
    alone may be written (they must surely read as digits), or None:

    - a letter number after the line's bare head (PLACES.head; "ที่ อว" for
      "ที่ อว ๐๓๕๖/๑"), as the line's first edit, starting with ๐;
    - a day between "วันที่" and a month name (PLACES.day; "ลงวันที่ ม.ค. ๒๕๓๕"
      for "ลงวันที่ ๗ ม.ค. ๒๕๓๕"), where no word reaches into the run;
    - a count before its unit (PLACES.count; "จํานวน ชุด" for "จำนวน ๗ ชุด"),
      where no word reaches into the run;
    - a running number right after the unit code just written (TH Garuda:
      "/ว ๔๔" after a word over the unit code it could not read): after that
      unit's words ("ทีอป สว" for "ที่ ลป ๐๙๔๓.๙/ว ๔๔"), and only if the unit
      code's edit is written;
    - the rest of a GARBLED word the run before took ("11" 740 px wide over
      "ลงวันที่ ๒๘ สิงหาคม ๒๕๔๙": ๒๘ takes it, ๒๕๔๙ follows), when the run
      lies within that word's box and the run before was written;
    - a unit code with its "/" (``unit_code_run``), after the words left of
      it, where no word of another line stands over it (``on_the_line``)."""
    head, day, count = places.head, places.day, places.count
    if (not trims and not edits and head is not None
            and 0 <= run.x0 - (page.words[head].left + page.words[head].width) <= HEAD_GAP * line.x_height
            and CLASSES[int(run.probs[0].argmax())] == "๐" and surely_digits(run)):
        return RunInsert(head, run)
    untrimmed = not any(trims[i] != page.words[i].text for i in trims)
    if (day is not None and untrimmed
            and in_day_place(page, day, run, line) and len(run.glyphs) <= 2 and surely_thai_digits(run)):
        return RunInsert(day, run)
    if (count is not None and untrimmed and in_count_place(page, count, run, line)
            and len(run.glyphs) <= COUNT_GLYPHS and surely_thai_digits(run)):
        return RunInsert(count[0], run)
    if (not trims and edits and edits[-1].run is previous and running_number_place(runs, run, line)
            and surely_thai_digits(run)):
        last = edits[-1].last if isinstance(edits[-1], RunEdit) else edits[-1].anchor
        anchor = max([last] + [i for i in indices if page.words[i].left + page.words[i].width / 2 < run.x0])
        return RunInsert(anchor, run, after_previous=True)
    if not trims and edits and edits[-1].run is previous and surely_digits(run):
        last = edits[-1].last if isinstance(edits[-1], RunEdit) else edits[-1].anchor
        word = page.words[last]
        within = min(run.x1, word.left + word.width) - max(run.x0, word.left)
        if last in garbled and within >= GARBLED_WITHIN * (run.x1 - run.x0):
            return RunInsert(last, run, after_previous=True)
    if not trims and unit_code_run(run) and on_the_line(page, indices, run):
        left = [i for i in indices if page.words[i].left + page.words[i].width / 2 < run.x0]
        if left:
            return RunInsert(max(left), run)
    return None
