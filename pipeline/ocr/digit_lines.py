"""The lines of Tesseract's page that the digit stage reads, and where they stand.

Tesseract's words are grouped into its lines (``page_lines``); a line made of
the marks above the next line, written as digits (or as ที่'s marks), is found
(``mark_lines``);
and a line's band on the page is taken from its words' boxes (``line_band``),
the page's line pitch (``line_pitch``) telling which boxes reach into other
lines.
"""

from __future__ import annotations

import re

from pipeline.models import OcrPage, OcrWord

# A line whose words' boxes span more than this many line pitches holds
# boxes that reach into other lines (see line_band).
BAND_OUTLIER = 1.0  # a usual line, marks and descenders included, spans 0.6-0.9 pitches on the bench pages
# ... and where most of them do, the band is this many pitches above and below the
# median bottom of the boxes no taller than SHORT_BOX pitches (the baseline)
SHORT_BOX = 0.6
BAND_ABOVE, BAND_BELOW = 0.75, 0.2
# A line of words of one or two digits at most (MARK_WORD) is the marks above the line
# under it when its bottom stands between MARK_MIN_GAP and MARK_LINE_GAP pitches above
# that line's median bottom (see mark_lines): TH Niramit AS's ที่ marks written "4",
# "0" and "๕ 4", 0.21-0.30 pitches above the next line's baseline; a line of its own
# stands a pitch above, and a digit of the line itself that Tesseract put on a line of
# its own has its bottom on the baseline (or below it: Tesseract's boxes of TH Garuda's
# glyphs reach a third of a pitch below).
MARK_WORD = re.compile(r"[0-9๐-๙]{1,2}")
MARK_MIN_GAP, MARK_LINE_GAP = 0.1, 0.5
# ... and so is a line of one word Tesseract wrote for ที่'s marks as a letter and
# a tone mark ("ซ่": TH Sarabun New on faxes) over a line that opens with ท, which
# then lost them ("ซ่\nท พณ ๐๔๐๙.๕/๙๖๕๒"; the code stage puts ที่ back)
THI_MARKS = re.compile(r"ซ?[\u0e34-\u0e37]?[\u0e48-\u0e4b]")
_OPENS_WITH_THO = re.compile(r"[\"']?[ทฑ]")


def page_lines(page: OcrPage) -> dict[tuple[int, int, int], list[int]]:
    """The indices of the page's words by Tesseract's line (block, paragraph, line)."""
    lines: dict[tuple[int, int, int], list[int]] = {}
    for index, word in enumerate(page.words):
        lines.setdefault((word.block, word.par, word.line), []).append(index)
    return lines


def mark_lines(page: OcrPage, lines: dict[tuple[int, int, int], list[int]]) -> list[int]:
    """Words of lines Tesseract made of the marks above another line and
    wrote as digits, or as ที่'s marks over a line opening with ท
    (``THI_MARKS``): a line of short digit words only (``MARK_WORD``) whose
    bottom stands MARK_MIN_GAP to MARK_LINE_GAP pitches above the median
    bottom of the words of the line under it, where a line of its own stands
    a pitch above (TH Niramit AS: the ี่ of a letter number's ที่ written
    "4" or "0" on a line of its own, prefixed to the number)."""
    candidates = [key for key, indices in lines.items()
                  if all(MARK_WORD.fullmatch(page.words[i].text) for i in indices)
                  or (len(indices) == 1 and THI_MARKS.fullmatch(page.words[indices[0]].text))]
    if not candidates:
        return []
    pitch = line_pitch([[page.words[i] for i in line] for line in lines.values()])
    if not pitch:
        return []
    found = []
    for key in candidates:
        words = [page.words[i] for i in lines[key]]
        left, right = min(w.left for w in words), max(w.left + w.width for w in words)
        bottom = max(w.top + w.height for w in words)
        thi = THI_MARKS.fullmatch(words[0].text) is not None
        below = []  # the median bottoms of the lines under it, over its columns
        for other, indices in lines.items():
            under = [page.words[i] for i in indices]
            if other == key or min(w.left for w in under) > right or max(w.left + w.width for w in under) < left:
                continue
            if thi and not _OPENS_WITH_THO.match(min(under, key=lambda w: w.left).text):
                continue
            base = median([w.top + w.height for w in under])
            if base > bottom:
                below.append(base)
        if below and MARK_MIN_GAP * pitch < min(below) - bottom < MARK_LINE_GAP * pitch:
            found += lines[key]
    return found


def line_pitch(lines: list[list[OcrWord]]) -> float | None:
    """The page's line pitch: the median distance between the median word
    bottoms of lines one above the other; None with fewer than three lines."""
    bottoms = sorted(median([w.top + w.height for w in words]) for words in lines)
    low = median([w.height for words in lines for w in words])
    steps = [b - a for a, b in zip(bottoms, bottoms[1:]) if b - a > low]
    return median(steps) if len(steps) >= 2 else None


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return float(ordered[len(ordered) // 2]) if ordered else 0.0


def line_band(words: list[OcrWord], pitch: float | None = None) -> tuple[int, int]:
    """Top and bottom of a line from its words' boxes: their union, unless
    Tesseract gave some characters boxes reaching into the lines above or
    below (a mark's box, a vowel merged with the line above) so that the
    union is more than BAND_OUTLIER line pitches tall; then a band around the
    median top and bottom of the words."""
    top = min(w.top for w in words)
    bottom = max(w.top + w.height for w in words)
    if pitch and bottom - top > BAND_OUTLIER * pitch:
        top_median = median([w.top for w in words])
        bottom_median = median([w.top + w.height for w in words])
        middle = max(1.0, bottom_median - top_median)
        top = max(top, int(top_median - 0.5 * middle))
        bottom = min(bottom, int(bottom_median + 0.2 * middle))
        short = [w for w in words if w.height <= SHORT_BOX * pitch]
        if bottom - top > BAND_OUTLIER * pitch and len(short) >= 3:
            # most boxes reach into other lines (a line Tesseract garbled): the band stands
            # on the baseline the boxes no taller than a line give (their median bottom)
            base = median([w.top + w.height for w in short])
            top = max(top, int(base - BAND_ABOVE * pitch))
            bottom = min(bottom, int(base + BAND_BELOW * pitch))
    return top, bottom
