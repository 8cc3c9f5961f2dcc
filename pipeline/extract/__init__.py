"""Extract stage: one document's normalised text in, a validated Record out.

Fields are read in an order that lets earlier ones claim their lines: receipt
stamps first (their ``วันที่`` is not the letter's date), then the head
(marks, number, date, sender, subject, recipients), attachments and
references, and the foot (signatory, contact). A field that is not there is
``None`` or ``[]``, never guessed; a letter missing a field it should have
gets a warning naming the field. Fields that hold digits the OCR stage read
again from the image get a confidence, and a warning where it was unsure
(``confidence.py``).
"""

from __future__ import annotations

from pipeline.extract import citations, closing, header
from pipeline.extract.confidence import digit_confidence
from pipeline.extract.document import DocText
from pipeline.models import DigitSpan, DocType, Record, Repair, Source


def extract_record(
    text: str,
    thai_digit_text: str,
    *,
    kind: DocType,
    source: Source,
    repairs: list[Repair] | None = None,
    digit_spans: list[DigitSpan] | None = None,
) -> Record:
    """``digit_spans``: the digit runs the OCR stage read from the image, offsets in ``text``."""
    doc = DocText(text, thai_digit_text)
    record = Record(source=source, doc_type=kind, text=text, repairs=repairs or [])
    if kind == "other":
        return record

    record.receipts = closing.receipts(doc)
    record.urgency, record.secrecy = header.marks(doc)
    record.letter_number, number_line = header.letter_number(doc)
    record.date, date_line = header.letter_date(doc, number_line)
    record.sender, memo_phone = header.sender(doc, number_line, date_line, memo=kind == "memo")
    record.subject = header.subject(doc)
    record.recipients = header.recipients(doc)
    record.attachments = citations.attachments(doc)
    record.references = citations.references(doc)
    record.signatory, last_signature_line = closing.signatory(doc)
    record.contact = closing.contact(doc, last_signature_line)
    if record.contact.phone is None and memo_phone:
        record.contact.phone = memo_phone
        doc.note("contact.phone", *doc.sources[header.MEMO_PHONE])
    doc.sources.pop(header.MEMO_PHONE, None)

    for name in ("letter_number", "date", "subject"):
        if getattr(record, name) is None:
            doc.warnings.append(f"{name}: not found")
    if not record.recipients:
        doc.warnings.append("recipients: not found")
    if record.signatory.name is None:
        doc.warnings.append("signatory: not found")
    record.confidence, unsure = digit_confidence(doc.sources, digit_spans or [])
    record.warnings = doc.warnings + unsure
    return Record.model_validate(record.model_dump())
