"""Fields of a letter's foot: receipt stamps, signatory, contact block.

Receipt stamps (ตรารับ: เลขรับ / วันที่ / เวลา, thai-letter-standard.md 5.1)
are read first and their lines claimed, so their ``วันที่`` is never taken for
the letter's date and their heading never for a position.
"""

from __future__ import annotations

import regex

from pipeline.extract.dates import DATE, parse_date
from pipeline.extract.document import DocText, Line
from pipeline.extract.header import looks_like_organisation
from pipeline.models import Contact, Receipt, Signatory
from pipeline.textutil import SPECKS, alternation, collapse_ws, strip_specks, terms, visible_width

# a stamp's lines may carry specks of ink before their label (".วันที่ 23 ก.ย. 2567")
RECEIPT_NUMBER = regex.compile(r"^[\s.,'|]*เลขรับ[\s.:…]*(?P<value>.*)$")
STAMP_FIELD = regex.compile(r"^[\s.,'|]*(?P<label>วันที่|เวลา)[\s.:…]*(?P<value>.*?)[\s.…]*$")
TIME = regex.compile(r"(?<!\d)(?P<h>\d{1,2})\s*[.:]\s*(?P<m>\d{2})(?!\d)")
CLOSING = regex.compile(r"^\s*(?:" + alternation(terms()["closings"]) + r")\s*$")
PURPOSE = regex.compile(r"^\s*จึงเรียนมา")
_TITLES = alternation(terms()["person_titles"])
NAME_IN_PARENS = regex.compile(r"^[\s.,'|·-]*\(\s*(?P<name>(?:" + _TITLES + r").*?)\s*\)?[\s.,'|·-]*$")
BARE_NAME = regex.compile(r"^\s*(?P<name>(?:" + _TITLES + r")\S*\s+\S+.*?)\s*$")
POSITION_START = regex.compile(r"^\s*(?:รอง|ผู้ช่วย)?(?:" + alternation(terms()["position_heads"]) + r")")
ACTING = regex.compile(r"(?:" + alternation(terms()["acting_forms"]) + r")\s*$")
PHONE = regex.compile(r"^\s*(?:โทรศัพท์|โทร)(?!สาร)\s*\.?\s*(?P<fax>/\s*โทรสาร\.?)?\s*(?P<value>.*?)\s*$")
FAX = regex.compile(r"^\s*โทรสาร\s*\.?\s*(?P<value>.*?)\s*$")
EMAIL_LABEL = regex.compile(r"^\s*(?:ไปรษณีย์อิเล็กทรอนิกส์|อีเมล|e-?mail)\s*[.:]?\s*(?P<value>.*?)\s*$", regex.IGNORECASE)
EMAIL = regex.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
COORDINATOR = regex.compile(r"^\s*ผู้ประสาน")
_SAME_LINE_FAX = regex.compile(r"\s*โทรสาร\s*\.?\s*")


def receipts(doc: DocText) -> list[Receipt]:
    found = []
    for ln in doc.lines:
        m = RECEIPT_NUMBER.match(ln.text)
        if not m or ln.index in doc.claimed:
            continue
        doc.claimed.add(ln.index)
        organisation = None
        above = _stamp_heading(doc, ln)
        if above is not None:
            doc.claimed.add(above.index)  # the stamp's heading, legible or not
            organisation = collapse_ws(above.text) if looks_like_organisation(above.text) else None
        number = regex.search(r"\d[\d/-]*\d|\d", m["value"])
        receipt = Receipt(organisation=organisation, number=number.group() if number else None)
        path = f"receipts[{len(found)}]"
        if number:
            at = ln.start + m.start("value")
            doc.note(f"{path}.number", at + number.start(), at + number.end())
        for field_line in _stamp_lines(doc, ln):
            f = STAMP_FIELD.match(field_line.text)
            doc.claimed.add(field_line.index)
            value = f["value"]
            start = field_line.start + f.start("value")
            if f["label"] == "วันที่" and value:
                d = DATE.fullmatch(doc.text, start, start + len(value))
                receipt.date = parse_date(d, doc.raw(d.start(), d.end())) if d else None
                if receipt.date is None:
                    doc.warnings.append(f"receipts: stamp date '{doc.raw(start, start + len(value))}' could not be read")
                else:
                    doc.note(f"{path}.date", d.start(), d.end())
            elif f["label"] == "เวลา":
                t = TIME.search(value)
                if t and int(t["h"]) < 24 and int(t["m"]) < 60:
                    receipt.time = f"{t['h']}.{t['m']}"
                    doc.note(f"{path}.time", start + t.start(), start + t.end())
        found.append(receipt)
    return found


def _stamp_heading(doc: DocText, number_line: Line) -> Line | None:
    """The short line printed at the top of a stamp, just above เลขรับ (OCR may
    leave one blank line between them)."""
    for ln in reversed(doc.lines[max(0, number_line.index - 2) : number_line.index]):
        if ln.blank:
            continue
        if ln.index in doc.claimed or visible_width(ln.text) > 50 or STAMP_FIELD.match(ln.text):
            return None
        return ln
    return None


def _stamp_lines(doc: DocText, number_line: Line) -> list[Line]:
    """The วันที่ and เวลา lines printed just below a stamp's เลขรับ."""
    out = []
    for ln in doc.lines[number_line.index + 1 : number_line.index + 6]:
        if ln.blank:
            continue
        if not STAMP_FIELD.match(ln.text) or ln.index in doc.claimed or len(out) == 2:
            break
        out.append(ln)
    return out


def signatory(doc: DocText) -> tuple[Signatory, int | None]:
    """The signer's name and position lines, and the index of the last line read."""
    start = _closing_index(doc)
    if start is None:
        return Signatory(), None
    candidates = doc.free_lines(start + 1)[:6]
    name_line = next((ln for ln in candidates if NAME_IN_PARENS.match(ln.text)), None)
    if name_line is None:
        name_line = next(
            (ln for ln in candidates if BARE_NAME.match(ln.text) and not POSITION_START.match(ln.text)), None
        )
    if name_line is None:
        return Signatory(), None
    name = (NAME_IN_PARENS.match(name_line.text) or BARE_NAME.match(name_line.text))["name"]
    positions: list[str] = []
    last = name_line.index
    for ln in doc.free_lines(name_line.index + 1)[:5]:
        text = collapse_ws(ln.text)
        if PHONE.match(text) or FAX.match(text) or EMAIL_LABEL.match(text) or COORDINATOR.match(text):
            break
        follows_acting = bool(positions) and bool(ACTING.search(positions[-1]))
        if positions and not (POSITION_START.match(text) or follows_acting or ACTING.search(text)):
            break
        if not positions and looks_like_organisation(text) and not POSITION_START.match(text):
            break
        positions.append(text)
        last = ln.index
    return Signatory(name=collapse_ws(name), position=" ".join(positions) or None), last


def _closing_index(doc: DocText) -> int | None:
    closing = [ln.index for ln in doc.free_lines() if CLOSING.match(ln.text)]
    if closing:
        return closing[-1]
    purpose = [ln.index for ln in doc.free_lines() if PURPOSE.match(ln.text)]
    return purpose[-1] if purpose else None


def contact(doc: DocText, after: int | None) -> Contact:
    """Unit lines, phone, fax and e-mail printed below the signature."""
    if after is None:
        return Contact()
    found = Contact()
    units: list[str] = []
    for ln in doc.free_lines(after + 1):
        text, offsets = doc.squeezed(ln.start, ln.end)
        if COORDINATOR.match(text):
            continue  # a coordinator's own mobile, not the unit's line
        lead = len(text) - len(text.lstrip(SPECKS))
        text = strip_specks(text)

        def note(path: str, start: int, end: int) -> None:  # offsets in `text`
            if start < end:
                doc.note(path, offsets[lead + start], offsets[lead + end - 1] + 1)

        phone, fax, email = PHONE.match(text), FAX.match(text), EMAIL_LABEL.match(text)
        if phone and found.phone is None:
            value, at = phone["value"], phone.start("value")
            same_line_fax = _SAME_LINE_FAX.search(value)
            found.phone = (value[: same_line_fax.start()] if same_line_fax else value) or None
            if found.phone:
                note("contact.phone", at, at + len(found.phone))
            if phone["fax"]:
                found.fax = found.phone
                if found.fax:
                    note("contact.fax", at, at + len(found.fax))
            elif same_line_fax:
                found.fax = value[same_line_fax.end() :] or None
                note("contact.fax", at + same_line_fax.end(), at + len(value))
        elif fax and found.fax is None:
            found.fax = fax["value"] or None
            note("contact.fax", fax.start("value"), fax.end("value"))
        elif email and found.email is None:
            address = EMAIL.search(email["value"])
            found.email = address.group() if address else None
        elif found.phone is None and looks_like_organisation(text) and not EMAIL.search(text):
            units.append(text)
        if found.email is None and (address := EMAIL.search(text)):
            found.email = address.group()
    found.unit = " ".join(units) or None
    return found
