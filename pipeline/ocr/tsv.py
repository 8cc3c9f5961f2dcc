"""Tesseract TSV output -> OcrPage: the one parser, shared by the tesseract
and replay engines so a replayed page equals the page Tesseract gave.

Word spacing. Tesseract's TSV splits a Thai line into many small "words"
(about 35 a line; only 1 boundary in 19 is a real space), and the TSV does
not say which boundaries are real spaces. Tesseract itself knows (each
word's blank count, used when ``preserve_interword_spaces=1``, which
tha.traineddata sets and the engine passes explicitly), and writes it into
its plain-text output. So the engine asks Tesseract for TSV and plain text
in one run, and this module takes the boxes from the TSV and the spaces
from the plain text. Measured (tesseract 5.3.0, tha+eng, psm 4, 300 dpi):
space F1 0.958 on the five rendered letter pages of fixtures/scans/, and
0.96 / 0.98 / 0.98 / 0.95 on 6 A4 pages (180 lines) of seed text rendered in
Laksaman / Norasi / Garuda / Laksaman blurred, rotated and thresholded. A
pixel-gap threshold on the boxes reaches F1 0.72 at best (0.25 line
heights). That gap rule is the fallback for a line the plain text cannot be
matched to (or a replay fixture recorded without it).
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.errors import OcrError
from pipeline.models import OcrPage, OcrWord

TSV_COLUMNS = (
    "level", "page_num", "block_num", "par_num", "line_num", "word_num",
    "left", "top", "width", "height", "conf", "text",
)
WORD_LEVEL = "5"
LINE_LEVEL = "4"

# Fallback only: a space where the pixel gap between two word boxes exceeds
# this fraction of the line height (best F1 of the fractions measured).
SPACE_GAP_FRACTION = 0.25
# A real space between Thai words measured at most 1.13 line heights (p99
# 0.89); a wider gap is a column or tab stop ("จำนวน ๑ ชุด" at the right of
# an attachment line), written as a tab so later stages can still tell.
TAB_GAP_FRACTION = 2.5

LineKey = tuple[int, int, int]  # (block, par, line)


def page_from_tsv(
    tsv: str,
    plain_text: str | None,
    *,
    number: int,
    width: int,
    height: int,
    dpi: int,
    engine: str,
) -> OcrPage:
    """Build the OcrPage of one page from Tesseract's TSV and plain text."""
    words, line_heights = parse_tsv(tsv)
    lines = _group_lines(words)
    blanks_by_line = _blanks_from_plain_text(lines, plain_text or "")
    parts: list[str] = []
    previous: LineKey | None = None
    for key, line_words in lines:
        if previous is not None:
            same_paragraph = previous[:2] == key[:2]
            parts.append("\n" if same_paragraph else "\n\n")
        line_height = line_heights.get(key) or max(w.height for w in line_words)
        parts.append(_join_line(line_words, blanks_by_line.get(key), line_height))
        previous = key
    return OcrPage(
        number=number, width=width, height=height, dpi=dpi,
        text="".join(parts), words=words, engine=engine,
    )


def parse_tsv(tsv: str) -> tuple[list[OcrWord], dict[LineKey, int]]:
    """The non-empty words of a TSV (in Tesseract's reading order) and the
    pixel height of each text line."""
    words: list[OcrWord] = []
    line_heights: dict[LineKey, int] = {}
    for row_number, row in enumerate(tsv.splitlines(), start=1):
        if not row.strip() or row.startswith("level\t"):
            continue
        cells = row.split("\t")
        if len(cells) == len(TSV_COLUMNS) - 1:
            cells.append("")  # a row whose text column was cut off
        if len(cells) != len(TSV_COLUMNS):
            raise OcrError(f"malformed Tesseract TSV, row {row_number}: {len(cells)} columns")
        level, text = cells[0], cells[11]
        try:
            block, par, line = int(cells[2]), int(cells[3]), int(cells[4])
            left, top, box_width, box_height = (int(c) for c in cells[6:10])
            conf = float(cells[10])
        except ValueError as exc:
            raise OcrError(f"malformed Tesseract TSV, row {row_number}: {exc}") from None
        if level == LINE_LEVEL:
            line_heights[(block, par, line)] = box_height
        elif level == WORD_LEVEL and text.strip():
            words.append(OcrWord(
                text=text.strip(), conf=conf, left=left, top=top,
                width=box_width, height=box_height, block=block, par=par, line=line,
            ))
    return words, line_heights


def _group_lines(words: Iterable[OcrWord]) -> list[tuple[LineKey, list[OcrWord]]]:
    lines: list[tuple[LineKey, list[OcrWord]]] = []
    for word in words:
        key = (word.block, word.par, word.line)
        if lines and lines[-1][0] == key:
            lines[-1][1].append(word)
        else:
            lines.append((key, [word]))
    return lines


def _blanks_from_plain_text(
    lines: list[tuple[LineKey, list[OcrWord]]], plain_text: str
) -> dict[LineKey, list[int]]:
    """For each TSV line found in Tesseract's plain text (same characters once
    whitespace is dropped), the number of blanks before each of its words."""
    text_lines = [t for t in plain_text.split("\n") if t.strip()]
    found: dict[LineKey, list[int]] = {}
    cursor = 0
    for key, line_words in lines:
        squeezed = "".join("".join(w.text for w in line_words).split())
        for index in range(cursor, len(text_lines)):
            if "".join(text_lines[index].split()) == squeezed:
                found[key] = _count_blanks(text_lines[index], line_words)
                cursor = index + 1
                break
    return found


def _count_blanks(text_line: str, line_words: list[OcrWord]) -> list[int]:
    blanks: list[int] = []
    position = 0
    for word in line_words:
        start = position
        while text_line[position].isspace():
            position += 1
        blanks.append(position - start)
        position += len(word.text)
    return blanks


def _join_line(line_words: list[OcrWord], blanks: list[int] | None, line_height: int) -> str:
    out = [line_words[0].text]
    for index in range(1, len(line_words)):
        before, word = line_words[index - 1], line_words[index]
        gap = word.left - (before.left + before.width)
        if blanks is not None:
            spaced = blanks[index] > 0
        else:
            spaced = gap > SPACE_GAP_FRACTION * line_height
        if spaced:
            out.append("\t" if gap >= TAB_GAP_FRACTION * line_height else " ")
        out.append(word.text)
    return "".join(out)
