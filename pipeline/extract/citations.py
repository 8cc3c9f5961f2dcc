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
from pipeline.textutil import SPECKS, alternation, collapse_ws, join_wrapped, strip_specks, terms

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
Sources = dict[str, tuple[int, int]]  # sub-field ("letter_number", "quantity") -> offsets where it was read


def attachments(doc: DocText) -> list[Attachment]:
    for ln in doc.free_lines():
        label = ATTACHMENTS.match(ln.text)
        if label:
            _, last = block(doc, ln, ATTACHMENTS, stop_at_items=False)
            lines = [(ln.start + label.end(), ln.end)] + [(x.start, x.end) for x in doc.lines[ln.index + 1 : last.index + 1]]
            text, offsets = doc.joined(lines)  # join_wrapped of the block, with offsets
            items = _split_items(text)
            for i, (_, sources) in enumerate(items):
                for name, (start, end) in sources.items():
                    doc.note(f"attachments[{i}].{name}", offsets[start], offsets[end - 1] + 1)
            return [item for item, _ in items]
    return []


def _split_items(text: str) -> list[tuple[Attachment, Sources]]:
    """The items and where their index and quantity stand in ``text``."""
    numbered = list(_ITEM_NUMBER.finditer(text))
    if not numbered or numbered[0].start() > 1:
        return [_item(None, text, 0)] if text else []
    items = []
    for m, nxt in zip(numbered, numbered[1:] + [None]):
        item, sources = _item(int(m["n"]), text[m.end() : nxt.start() if nxt else len(text)], m.end())
        items.append((item, {"index": m.span("n"), **sources}))
    return items


def _item(index: int | None, text: str, at: int) -> tuple[Attachment, Sources]:
    """An item from its collapsed text, which stands at ``at`` in the block."""
    lead = len(text) - len(text.lstrip(SPECKS))
    text = strip_specks(collapse_ws(text))
    q = _QUANTITY.search(text)
    quantity = unit = None
    sources: Sources = {}
    if q:
        group = "q" if q["q"] else "q2"
        quantity = int(q[group])
        unit = q["u"] or q["u2"]
        sources["quantity"] = (at + lead + q.start(group), at + lead + q.end(group))
        text = text[: q.start()].strip()
    return Attachment(index=index, title=text, quantity=quantity, unit=unit), sources


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
