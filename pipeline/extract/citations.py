"""Attachments (``สิ่งที่ส่งมาด้วย``) and references: the ``อ้างถึง`` line and
every letter cited as ``หนังสือ<issuer> ที่ <number> ลงวันที่ <date>`` in the
attachments or the body."""

from __future__ import annotations

import regex

from pipeline.extract.dates import DATE, parse_date
from pipeline.extract.document import DocText
from pipeline.extract.header import block
from pipeline.extract.numbers import LETTER_NUMBER, letter_number_end, parse_letter_number
from pipeline.models import Attachment, Reference
from pipeline.textutil import alternation, collapse_ws, join_wrapped, strip_specks, terms

ATTACHMENTS = regex.compile(r"^\s*สิ่งที่ส่งมาด้วย\s*[:：]?\s*")
REFERENCE = regex.compile(r"^\s*อ้างถึง\s*[:：]?\s*")
_ITEM_NUMBER = regex.compile(r"(?:^|\s)(?P<n>\d{1,2})\s*[.)]\s+")
_QUANTITY = regex.compile(
    r"\s*(?:จำนวน\s*(?P<q>\d+)\s*(?P<u>" + alternation(terms()["attachment_units"]) + r")?"
    r"|(?P<q2>\d+)\s*(?P<u2>" + alternation(terms()["attachment_units"]) + r"))\s*$"
)
_DATE_LEAD = r"\s*(?:ลงวันที่|ลง\s+วันที่|ลว\.?|ลง)\s*"
# The date lead (ลงวันที่, ลว.) says a letter is cited; the date itself may be
# unreadable ("ลงวันที่ « กรกฎาคม 2523"): then the reference has no date.
CITATION = regex.compile(LETTER_NUMBER.pattern + _DATE_LEAD + "(?:" + DATE.pattern + ")?")
_ISSUER_LEAD = regex.compile(r"หนังสือ(?!ที่อ้างถึง)")
Sources = dict[str, tuple[int, int]]  # sub-field ("letter_number", "date") -> offsets in the document


def attachments(doc: DocText) -> list[Attachment]:
    for ln in doc.free_lines():
        if ATTACHMENTS.match(ln.text):
            parts, _ = block(doc, ln, ATTACHMENTS, stop_at_items=False)
            return _split_items(join_wrapped(parts))
    return []


def _split_items(text: str) -> list[Attachment]:
    numbered = list(_ITEM_NUMBER.finditer(text))
    if not numbered or numbered[0].start() > 1:
        return [_item(None, text)] if text else []
    items = []
    for m, nxt in zip(numbered, numbered[1:] + [None]):
        items.append(_item(int(m["n"]), text[m.end() : nxt.start() if nxt else len(text)]))
    return items


def _item(index: int | None, text: str) -> Attachment:
    text = strip_specks(collapse_ws(text))
    q = _QUANTITY.search(text)
    quantity = unit = None
    if q:
        quantity = int(q["q"] or q["q2"])
        unit = q["u"] or q["u2"]
        text = text[: q.start()].strip()
    return Attachment(index=index, title=text, quantity=quantity, unit=unit)


def references(doc: DocText) -> list[Reference]:
    """Cited letters in reading order, each once (by number and date). The
    letter's own number is never followed by a date, so it is not cited."""
    found: list[Reference] = []
    seen: set[tuple] = set()

    def add(cited: tuple[Reference, Sources]) -> None:
        ref, sources = cited
        key = (ref.letter_number.normalised if ref.letter_number else ref.raw, ref.date.iso if ref.date else None)
        if key not in seen:
            seen.add(key)
            for name, (start, end) in sources.items():
                doc.note(f"references[{len(found)}].{name}", start, end)
            found.append(ref)

    masked = doc.masked_text()
    for ln in doc.free_lines():
        if REFERENCE.match(ln.text):
            parts, last = block(doc, ln, REFERENCE)
            start = ln.start + REFERENCE.match(ln.text).end()
            cited = list(_citations(doc, masked, start, last.end))
            if not cited:
                # the number may be damaged or printed without a date
                cited = [_citation(doc, m, None) for m in LETTER_NUMBER.finditer(masked, start, last.end)]
            for ref in cited or [(Reference(raw=join_wrapped(parts)), {})]:
                add(ref)
    for ref in _citations(doc, masked, 0, len(masked)):
        add(ref)
    return found


def _citations(doc: DocText, masked: str, start: int, stop: int):
    for m in CITATION.finditer(masked, start, stop):
        yield _citation(doc, m, m.end())


def _citation(doc: DocText, m: regex.Match, date_end: int | None) -> tuple[Reference, Sources]:
    """A cited letter and where its number and date were read."""
    number_end = letter_number_end(LETTER_NUMBER.match(doc.text, m.start()))
    number = parse_letter_number(m, doc.raw(m.start(), number_end))
    sources: Sources = {"letter_number": (m.start(), number_end)}
    date = None
    if date_end is not None:
        d = DATE.search(doc.text, number_end, date_end)
        date = parse_date(d, doc.raw(d.start(), d.end())) if d else None
        if date is None:
            doc.warnings.append(f"references: the date of {number.normalised} could not be read")
            date_end = number_end
        else:
            sources["date"] = (d.start(), d.end())
    reference = Reference(
        raw=doc.raw(m.start(), date_end or number_end),
        letter_number=number,
        date=date,
        issuer=_issuer(doc.text, m.start()),
    )
    return reference, sources


def _issuer(text: str, number_start: int) -> str | None:
    """The agency named between ``หนังสือ`` and ``ที่`` in "สำเนาหนังสือกรม... ที่ ...",
    looking back no further than the paragraph."""
    window_start = max(0, number_start - 160)
    window = text[window_start:number_start]
    blank = window.rfind("\n\n")
    if blank >= 0:
        window = window[blank + 2 :]
    leads = list(_ISSUER_LEAD.finditer(window))
    if not leads:
        return None
    issuer = collapse_ws(window[leads[-1].end() :])
    return issuer or None
