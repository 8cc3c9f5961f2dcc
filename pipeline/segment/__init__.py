"""Segment stage: one input's normalised text in, its documents out.

A scanned bundle holds a cover letter, the letters it forwards and their
non-letter attachments (project descriptions, forms, schedules). We walk the
lines once:

* ``บันทึกข้อความ`` alone on a line (also with its marks lost) starts a memo; a line that is just a letter
  number (``ที่ มท 0810.6/...``) starts an external letter, unless the current
  letter is still in its header (a memo prints ``ที่`` under ``ส่วนราชการ``).
  Urgency and secrecy marks, a receipt stamp and OCR specks just above the
  start, on the same page, belong to the new letter.
* After a letter's signature comes its tail: position and unit lines, the
  contact block, receipt stamps. Once a contact line (โทร., โทรสาร, e-mail)
  was seen, only contact and stamp lines may follow; before that any short
  line may. The first line that cannot be tail, or a page break in the tail,
  ends the letter; what follows, up to the next letter, is an ``other``
  document.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.extract.numbers import CODE
from pipeline.models import DocType
from pipeline.textutil import alternation, skeleton, terms, visible_width

Kind = DocType


@dataclass(frozen=True)
class Segment:
    kind: Kind
    start: int  # offsets in the normalised text
    end: int


MEMO_HEADER = regex.compile(r"^\s*บันทึกข้อความ\s*$")
MEMO_SKELETON = skeleton("บันทึกข้อความ")
LETTER_NUMBER_LINE = regex.compile(r"^\s*ที่\s*" + CODE + r"\.?\s*\d[\d.]*\s*/")
MARK_LINE = regex.compile(r"^[\s.,'|]*(?:" + alternation(terms()["urgency"] + terms()["secrecy"]) + r")[\s.,'|]*$")
SUBJECT_OR_SALUTATION = regex.compile(r"^\s*(?:เรื่อง|เรียน|กราบเรียน|ถึง)(?=[\s:]|$)")
CLOSING = regex.compile(r"^\s*(?:" + alternation(terms()["closings"]) + r")\s*$")
PURPOSE = regex.compile(r"^\s*จึงเรียนมา")
NAME_IN_PARENS = regex.compile(r"^\s*\(\s*(?:" + alternation(terms()["person_titles"]) + r")")
CONTACT_LINE = regex.compile(
    r"^\s*(?:โทร|โทรศัพท์|โทรสาร|ไปรษณีย์อิเล็กทรอนิกส์|อีเมล|e-?mail|ผู้ประสาน)|[\w.+-]+@[\w-]+\.[\w.]+", regex.IGNORECASE
)
STAMP_LINE = regex.compile(r"^[\s.,'|]*(?:เลขรับ|วันที่|เวลา)")
MAX_HEADER_LINES = 15
"""A letter header (number, sender, date) is a few lines; past this many
without a subject line, a letter-number line starts a new letter."""
SPECK_WIDTH = 5
"""A line this short above a letter is OCR reading the emblem or a scribble."""
TAIL_WIDTH = 60
"""Tail lines (positions, units, stamps) are short; a longer line that is not
a contact or stamp line is the text of another document."""


@dataclass
class _Line:
    start: int
    end: int
    text: str
    page: int


def _lines(text: str, page_starts: list[int]) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        page = sum(1 for p in page_starts if p <= pos)
        out.append(_Line(pos, pos + len(raw), raw, page))
        pos += len(raw) + 1
    return out


def segment(text: str, page_starts: list[int] | None = None) -> list[Segment]:
    lines = _lines(text, page_starts or [])
    starts: list[tuple[int, Kind]] = []  # (line index, kind) where a document begins
    state = "none"  # none | header | body | purpose | signature | contact | other
    header_lines = 0
    for i, line in enumerate(lines):
        s = line.text
        if not s.strip():
            continue
        prev = _prev_nonblank(lines, i)
        new_page = prev is not None and prev.page != line.page
        memo = bool(MEMO_HEADER.match(s)) or skeleton(s) == MEMO_SKELETON
        # a memo prints its ที่ line under ส่วนราชการ: not a new letter
        if memo or LETTER_NUMBER_LINE.match(s) and (state != "header" or header_lines > MAX_HEADER_LINES):
            first = _back_over_preamble(lines, i)
            starts = [(j, kind) for j, kind in starts if j < first]
            starts.append((first, "memo" if memo else "external_letter"))
            state, header_lines = "header", 0
            continue
        if state == "none":
            starts.append((i, "other"))
            state = "other"
        elif state == "header":
            header_lines += 1
            if SUBJECT_OR_SALUTATION.match(s):
                state = "body"
        elif state in ("body", "purpose") and (CLOSING.match(s) or NAME_IN_PARENS.match(s)):
            state = "signature"
        elif state == "body" and PURPOSE.match(s):
            state = "purpose"
        elif state == "purpose":
            # a memo has no closing: a short line after the purpose is its signature
            state = "signature" if visible_width(s) <= TAIL_WIDTH else "body"
        elif state in ("signature", "contact"):
            is_contact = bool(CONTACT_LINE.search(s))
            fits = is_contact or bool(STAMP_LINE.match(s))
            if not fits and visible_width(s) <= TAIL_WIDTH:
                # before the contact block any short line (position, unit) fits;
                # after it, only a stamp's heading just above its เลขรับ line
                fits = state == "signature" or _next_nonblank_is_stamp(lines, i)
            if new_page or not fits:
                starts.append((i, "other"))
                state = "other"
            elif is_contact:
                state = "contact"
    segments = []
    for n, (i, kind) in enumerate(starts):
        end_line = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        start, end = lines[i].start, lines[end_line - 1].end
        body = text[start:end]
        if not body.strip():
            continue
        lead = len(body) - len(body.lstrip())
        trail = len(body) - len(body.rstrip())
        segments.append(Segment(kind, start + lead, end - trail))
    return segments


def _prev_nonblank(lines: list[_Line], i: int) -> _Line | None:
    for j in range(i - 1, -1, -1):
        if lines[j].text.strip():
            return lines[j]
    return None


def _next_nonblank_is_stamp(lines: list[_Line], i: int) -> bool:
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].text.strip():
            return lines[j].text.lstrip().startswith("เลขรับ")
    return False


def _back_over_preamble(lines: list[_Line], i: int) -> int:
    """What is printed above a letter's first line on the same page belongs to
    it: urgency and secrecy marks, a receipt stamp (its เลขรับ / วันที่ / เวลา
    lines and the heading above เลขรับ), and specks OCR read off the Garuda."""
    first = i
    for j in range(i - 1, max(-1, i - 12), -1):
        line = lines[j]
        if not line.text.strip():
            continue
        if line.page != lines[i].page:
            break
        stamp_heading = _next_nonblank_is_stamp(lines, j) and visible_width(line.text) <= TAIL_WIDTH
        if MARK_LINE.match(line.text) or STAMP_LINE.match(line.text) or stamp_heading or visible_width(line.text) <= SPECK_WIDTH:
            first = j
            continue
        break
    return first
