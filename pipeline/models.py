"""The one home of every type the pipeline passes between stages or writes out.

The record models are the output contract (shared/docs/record-contract.md,
version 1); ``schemas/record.schema.json`` is generated from them by
``circulars schema`` and a test fails when the file is stale.

Digit rule: every string field carries Arabic digits, except the ``raw``
fields, which keep the document's own digits (Thai or Arabic).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

DocType = Literal["external_letter", "memo", "other"]
Urgency = Literal["ด่วน", "ด่วนมาก", "ด่วนที่สุด"]
Secrecy = Literal["ลับ", "ลับมาก", "ลับที่สุด"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------
# Record (the output contract)
# --------------------------------------------------------------------------


class Source(_Model):
    path: str
    sha256: str
    pages: list[int] = Field(
        default_factory=list,
        description="1-based pages of the input that hold this document; empty for unpaged text",
    )


class LetterNumber(_Model):
    raw: str = Field(description='As printed, Thai digits kept: "ที่ มท ๐๒๐๗.๕/ว ๘๖๐๓"')
    normalised: str = Field(description='Arabic digits, single spaces, no "ที่": "มท 0207.5/ว 8603"')
    prefix: str = Field(description='Letter code of the ministry or province: "มท"')
    unit_code: str | None = Field(description='"0207.5"')
    circular: bool = Field(description='True when "ว" precedes the running number')
    sequence: str | None = Field(description='Running number "8603"; null when the letter has none')


class ThaiDate(_Model):
    raw: str = Field(description="As printed, whitespace collapsed, Thai digits kept")
    iso: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Gregorian date YYYY-MM-DD")
    buddhist_year: int


class Sender(_Model):
    organisation: str | None = None
    address: str | None = None


class Reference(_Model):
    raw: str
    letter_number: LetterNumber | None = None
    date: ThaiDate | None = None
    issuer: str | None = None


class Attachment(_Model):
    index: int | None = None
    title: str
    quantity: int | None = None
    unit: str | None = None


class Signatory(_Model):
    name: str | None = None
    position: str | None = Field(default=None, description="Position lines joined with single spaces")


class Contact(_Model):
    unit: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None


class Receipt(_Model):
    organisation: str | None = None
    number: str | None = None
    date: ThaiDate | None = None
    time: str | None = None


class Repair(_Model):
    start: int = Field(ge=0, description="Offset of the replacement in `text`")
    end: int = Field(ge=0)
    original: str
    replacement: str
    reason: str = Field(description="The normalise step that made the change")


class Record(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    doc_type: DocType
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    letter_number: LetterNumber | None = None
    date: ThaiDate | None = None
    subject: str | None = None
    sender: Sender = Field(default_factory=Sender)
    recipients: list[str] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    signatory: Signatory = Field(default_factory=Signatory)
    contact: Contact = Field(default_factory=Contact)
    receipts: list[Receipt] = Field(default_factory=list)
    text: str = Field(description="Full normalised text of the document (Arabic digits)")
    repairs: list[Repair] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    confidence: dict[str, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict,
        description=(
            "Per field path (letter_number, date, references[i].letter_number, references[i].date, "
            "attachments[i].index, attachments[i].quantity, contact.phone, contact.fax, receipts[i].number, "
            "receipts[i].date, receipts[i].time; i from 0): "
            "the lowest character confidence of the digit runs the OCR digit stage read again from the page "
            "image (OcrPage.digit_spans) that overlap the text the field was read from. A field with no such "
            "run (text input, a PDF text layer, digits the stage left as Tesseract read them) has no entry. "
            "Where a run is unsure (confidence below 0.9, or a reading that does not fit the field), the field "
            "keeps the best reading and a warning 'digits: <path> read ...' names the alternative readings"
        ),
    )


class Failure(_Model):
    """One input that could not be processed (written beside the records)."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    path: str
    stage: str = Field(description="read | ocr | normalise | segment | extract")
    error: str = Field(description="Exception class name, e.g. CorruptPdfError")
    message: str
    exit_code: int


# --------------------------------------------------------------------------
# Intermediate types (between stages)
# --------------------------------------------------------------------------


class OcrWord(_Model):
    """One word box from Tesseract's TSV output (pixel coordinates)."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int
    par: int
    line: int


class DigitChar(_Model):
    """One character of a DigitSpan as the digit stage's glyph classifier read it."""

    char: str
    confidence: float = Field(ge=0, le=1, description="Classifier probability of `char`")
    alternative: str | None = Field(default=None, description="Runner-up character, when it has any weight")
    alternative_confidence: float = Field(default=0.0, ge=0, le=1)


class DigitReading(_Model):
    text: str
    probability: float = Field(ge=0, le=1, description="Product of the characters' probabilities")
    plausible: bool | None = Field(default=None, description="Passes the check for the span's kind; None: no check")


class CodeReading(_Model):
    """The letter code (รหัสตัวพยัญชนะ) before a letter number's unit-code run,
    as the letter-code stage (``pipeline/ocr/codes.py``) read it from the image."""

    text: str = Field(description="The code in OcrPage.text after the stage")
    ocr_text: str = Field(description="What Tesseract had written for it")
    confidence: float = Field(ge=0, le=1, description="Product of the classifier's probabilities of `text`'s letters")
    alternatives: list[DigitReading] = Field(
        default_factory=list, description="Next most probable codes of the table, most probable first")


class DigitSpan(_Model):
    """A run of digits (with . , / - : between them) the digit stage read from
    the page image and wrote into ``OcrPage.text`` in place of Tesseract's reading."""

    start: int = Field(ge=0, description="Offset of the run in OcrPage.text (after the stage)")
    end: int = Field(ge=0)
    text: str = Field(description="What the stage wrote: Thai digits as printed (Arabic where Arabic)")
    ocr_text: str = Field(description="What Tesseract had written for the same glyphs")
    kind: Literal["day", "year", "letter_number", "phone", "number"] = Field(
        description="Field shape guessed from the neighbouring text; decides the plausibility check")
    plausible: bool | None = Field(description="`text` passes the check of its kind; None: no check for the kind")
    confidence: float = Field(ge=0, le=1, description="Lowest character confidence of `text`")
    chars: list[DigitChar] = Field(default_factory=list, description="Per glyph, in order (one per character of `text`)")
    alternatives: list[DigitReading] = Field(
        default_factory=list, description="Next most probable readings, most probable first")
    box: tuple[int, int, int, int] = Field(description="left, top, width, height of the run in pixels")
    code: CodeReading | None = Field(
        default=None, description="For a letter number's unit code: the letter code before it, read from the image")


class OcrPage(_Model):
    """What the OCR stage returns for one page: its text and the boxes behind it."""

    number: int = Field(ge=1, description="1-based page number in the input")
    width: int
    height: int
    dpi: int
    text: str
    words: list[OcrWord] = Field(default_factory=list)
    engine: str
    digit_spans: list[DigitSpan] = Field(
        default_factory=list,
        description="Digit runs the digit stage (pipeline/ocr/digits.py) read again from the image",
    )


# --------------------------------------------------------------------------
# Audit (``circulars audit``: references linked to the letters they cite)
# --------------------------------------------------------------------------

AuditKind = Literal["match", "match_with_differences", "unresolved", "duplicate_number"]
NumberComponent = Literal["prefix", "unit_code", "circular", "sequence", "date"]


class AuditDocument(_Model):
    """Where an auditor opens a document: its input file, pages and position."""

    path: str
    sha256: str
    pages: list[int] = Field(default_factory=list, description="1-based pages; empty for unpaged text")
    document: int = Field(ge=1, description="1-based position among the documents found in the input")
    doc_type: DocType
    letter_number: str | None = Field(default=None, description="Normalised letter number of the document")
    date: str | None = Field(default=None, description="ISO date of the document")
    subject: str | None = None


class CharacterDifference(_Model):
    part: Literal["day", "year"] | None = Field(default=None, description="For dates: the printed part compared")
    position: int = Field(ge=0, description="0-based position in the cited component (or date part)")
    cited: str = Field(description='Character in the citation; "" when the letter has one more')
    found: str = Field(description='Character in the letter; "" when the citation has one more')
    known_confusion: bool = Field(description="Both are digits that OCR is measured to confuse")
    confusion_rate: float = Field(ge=0, le=1, description="Measured rate of the pair (pipeline/data/digit_confusions.json)")


class ComponentDifference(_Model):
    component: NumberComponent
    cited: str | None
    found: str | None
    change: Literal["characters", "missing_in_letter", "missing_in_citation", "differs"]
    characters: list[CharacterDifference] = Field(default_factory=list)


class AuditFinding(_Model):
    """One reference linked (or not) to the letter it cites, or one letter number
    carried by different letters."""

    kind: AuditKind
    number: str | None = Field(description="The cited number, or the number several letters carry")
    reference: Reference | None = None
    citing: AuditDocument | None = Field(default=None, description="The document that makes the reference")
    nearest: AuditDocument | None = Field(default=None, description="The letter the reference is linked to")
    letters: list[AuditDocument] = Field(default_factory=list, description="duplicate_number: the letters sharing the number")
    differences: list[ComponentDifference] = Field(default_factory=list)
    distance: float | None = Field(default=None, description="0 for a match; see pipeline/audit/compare.py")
    likely_same_letter: bool | None = Field(
        default=None, description="Same date and every number difference a known OCR confusion"
    )
    summary: str


class AuditSummary(_Model):
    letters: int = Field(description="Documents with a letter number")
    references: int
    match: int = 0
    match_with_differences: int = 0
    unresolved: int = 0
    duplicate_number: int = 0
    self_references_skipped: int = 0


class AuditReport(_Model):
    summary: AuditSummary
    findings: list[AuditFinding]
