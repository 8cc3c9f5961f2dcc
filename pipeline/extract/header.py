"""Fields of a letter's head: marks, number, sender, date, subject, recipients.

The head runs from the top of the document to the salutation (``เรียน``).
External letters print the number top left, the sender block top right and the
date under it; memos print ``ส่วนราชการ``, then ``ที่`` and ``วันที่``
(thai-letter-standard.md, sections 1.3 and 1.4).
"""

from __future__ import annotations

import regex

from pipeline.extract.dates import DATE, month_read_through_damage, parse_date
from pipeline.extract.document import DocText, Line
from pipeline.extract.numbers import DAMAGED_HEAD_NUMBER, LETTER_NUMBER, letter_number_end, parse_letter_number
from pipeline.models import LetterNumber, Sender, ThaiDate
from pipeline.textutil import BODY_OPENER, LABEL_LINE, alternation, collapse_ws, join_wrapped, strip_specks, terms

SUBJECT = regex.compile(r"^\s*เรื่อง\s*[:：]?\s*")
SALUTATION = regex.compile(r"^\s*(?:กราบเรียน|เรียน|ถึง)(?=[\s:]|(?:" + alternation(terms()["position_heads"]) + r"))\s*[:：]?\s*")
MEMO_UNIT = regex.compile(r"^\s*ส่วนราชการ\s*[:：]?\s*")
PHONE_IN_LINE = regex.compile(r"\s*(?:โทร(?:ศัพท์)?\.?|Tel\.?)\s*(?P<phone>.*)$")
ORG_START = regex.compile(r"^\s*(?:" + alternation(terms()["organisation_heads"]) + r")")
DOTTED_ABBREVIATION = regex.compile(r"^\s*(?:[ก-ฮ]{1,3}\.){2,}\s*$")
_MARK = {
    "urgency": regex.compile(r"(?<![ก-๙])(?:" + alternation(terms()["urgency"]) + r")(?![ก-๙])"),
    "secrecy": regex.compile(r"(?<![ก-๙])(?:" + alternation(terms()["secrecy"]) + r")(?![ก-๙])"),
}
_ONLY_MARKS = regex.compile(r"^\s*(?:(?:" + alternation(terms()["urgency"] + terms()["secrecy"]) + r")\s*)*$")
_POSITION_HEAD = alternation(terms()["position_heads"])
# Between addressees: a comma, or a space (optionally "และ") before a position.
_ADDRESSEE_BREAK = regex.compile(r"\s*,\s*|\s+(?:และ\s*)?(?=" + _POSITION_HEAD + r")")


MEMO_PHONE = "sender.phone"
"""Source key of the phone on a memo's ส่วนราชการ line (the record's
``contact.phone`` when the contact block has none)."""


def looks_like_organisation(text: str) -> bool:
    return bool(ORG_START.match(text) or DOTTED_ABBREVIATION.match(text))


def salutation_line(doc: DocText) -> Line | None:
    for ln in doc.free_lines():
        if SALUTATION.match(ln.text):
            return ln
    return None


def subject_line(doc: DocText) -> Line | None:
    for ln in doc.free_lines():
        if SUBJECT.match(ln.text):
            return ln
    return None


def head_end(doc: DocText) -> int:
    """Index of the first line after the head."""
    for ln in (salutation_line(doc), subject_line(doc)):
        if ln is not None:
            return ln.index
    return min(len(doc.lines), 25)


def marks(doc: DocText) -> tuple[str | None, str | None]:
    """Urgency and secrecy marks: printed alone, above or beside the number."""
    found: dict[str, str | None] = {"urgency": None, "secrecy": None}
    for ln in doc.free_lines(0, head_end(doc)):
        head = LETTER_NUMBER.split(ln.text)[0]  # "ด่วนที่สุด ที่ มท ..." on one line
        for kind, pattern in _MARK.items():
            m = pattern.search(head)
            if m and found[kind] is None and len(collapse_ws(head)) <= len(m.group()) + 2:
                found[kind] = m.group()
    return found["urgency"], found["secrecy"]


def block(doc: DocText, first: Line, label: regex.Pattern, *, stop_at_items: bool = True) -> tuple[list[str], Line]:
    """The text after a label on its line plus the lines that continue it,
    up to a blank line, another label or the first words of a paragraph."""
    parts = [first.text[label.match(first.text).end() :]]
    last = first
    for ln in doc.lines[first.index + 1 :]:
        if ln.blank or ln.index in doc.claimed:
            break
        if LABEL_LINE.match(ln.text) or SALUTATION.match(ln.text) or BODY_OPENER.match(ln.text):
            break
        if stop_at_items and regex.match(r"^\s*\d{1,2}[.)]\s", ln.text):
            break
        parts.append(ln.text)
        last = ln
    return parts, last


def letter_number(doc: DocText) -> tuple[LetterNumber | None, Line | None]:
    for ln in doc.free_lines(0, head_end(doc)):
        m = LETTER_NUMBER.search(ln.text)
        if m and _ONLY_MARKS.match(ln.text[: m.start()]):
            return _letter_number_at(doc, ln, m), ln
    for ln in doc.free_lines(0, head_end(doc)):
        m = DAMAGED_HEAD_NUMBER.match(ln.text)
        if m:
            number = _letter_number_at(doc, ln, m)
            doc.warnings.append(f"letter_number: read through OCR damage from '{number.raw}'")
            return number, ln
    return None, None


def _letter_number_at(doc: DocText, ln: Line, m: regex.Match) -> LetterNumber:
    start, end = ln.start + m.start(), ln.start + letter_number_end(m)
    doc.note("letter_number", start, end)
    return parse_letter_number(m, doc.raw(start, end))


def letter_date(doc: DocText, after: Line | None) -> tuple[ThaiDate | None, Line | None]:
    """The first date in the head, below the letter number (or from the top)."""
    masked = doc.masked_text()
    start = after.start if after else 0
    stop = doc.lines[head_end(doc)].start if head_end(doc) < len(doc.lines) else len(masked)
    for m in DATE.finditer(masked, start, stop):
        parsed = parse_date(m, doc.raw(m.start(), m.end()))
        if parsed:
            doc.note("date", m.start(), m.end())
            if month_read_through_damage(m.group("month")):
                printed = doc.raw(m.start("month"), m.end("month"))
                doc.warnings.append(f"date: month read from the damaged name '{printed}' as {parsed.iso}")
            return parsed, doc.line_at(m.start())
        doc.warnings.append(f"date: '{doc.raw(m.start(), m.end())}' is not a valid date")
    return None, None


def sender(doc: DocText, number_line: Line | None, date_line: Line | None, memo: bool) -> tuple[Sender, str | None]:
    """The sender and, for a memo, the phone printed on its ส่วนราชการ line."""
    if memo:
        for ln in doc.free_lines(0, head_end(doc)):
            m = MEMO_UNIT.match(ln.text)
            if m:
                unit = ln.text[m.end() :]
                phone = PHONE_IN_LINE.search(unit)
                if phone:
                    unit = unit[: phone.start()]
                    at = ln.start + m.end()
                    doc.note(MEMO_PHONE, at + phone.start("phone"), at + phone.end("phone"))
                return Sender(organisation=collapse_ws(unit) or None), (collapse_ws(phone["phone"]) if phone else None)
        return Sender(), None
    if number_line is None:
        return Sender(), None
    stop = date_line.index if date_line and date_line.index > number_line.index else head_end(doc)
    lines = [ln.text for ln in doc.free_lines(number_line.index + 1, stop)]
    # the sender may share the number's line ("ที่ มท 0808.2/ว 1234   กระทรวงมหาดไทย")
    m = LETTER_NUMBER.search(number_line.text)
    beside = strip_specks(number_line.text[letter_number_end(m) :].split("\t")[-1]) if m else ""
    if beside and looks_like_organisation(beside):
        lines.insert(0, beside)
    lines = [collapse_ws(s) for s in lines if collapse_ws(s)]
    if not lines:
        return Sender(), None
    return Sender(organisation=lines[0], address=" ".join(lines[1:]) or None), None


def subject(doc: DocText) -> str | None:
    ln = subject_line(doc)
    if ln is None:
        return None
    parts, _ = block(doc, ln, SUBJECT)
    return join_wrapped(parts) or None


def recipients(doc: DocText) -> list[str]:
    ln = salutation_line(doc)
    if ln is None:
        return []
    parts, _ = block(doc, ln, SALUTATION)
    text = join_wrapped(parts)
    return [p.strip() for p in _ADDRESSEE_BREAK.split(text) if p and p.strip()]
