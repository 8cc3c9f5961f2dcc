"""The audit itself: each reference linked to the nearest letter in the
corpus, and letter numbers that different letters carry.

For each reference the nearest letter is the one of least ``compare.distance``
among the candidates the index returns (ties: the earlier document). The
reference is then

  match                   distance 0: number and date agree (an unknown date is not compared);
  match_with_differences  nearest letter near enough but not equal;
  unresolved              no letter near enough (or the citation has no number).

A letter never resolves its own citation: when the nearest letter is the
citing document itself and the dates do not disagree, the "reference" is the
letter's own number read again and is skipped (counted in the summary); when
the dates disagree the letter is left out and the next nearest is taken.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence

from pipeline.audit import compare
from pipeline.audit.corpus import CorpusDocument
from pipeline.audit.index import LetterIndex
from pipeline.audit.numbers import CitedNumber
from pipeline.audit.wording import describe_all, number_and_date, thai_date
from pipeline.models import AuditDocument, AuditFinding, AuditReport, AuditSummary, Reference


class _Locations:
    """AuditDocument of each corpus document, made once when first needed."""

    def __init__(self, documents: Sequence[CorpusDocument]):
        self._documents = documents
        self._made: dict[int, AuditDocument] = {}

    def __getitem__(self, position: int) -> AuditDocument:
        made = self._made.get(position)
        if made is None:
            doc = self._documents[position]
            r = doc.record
            made = self._made[position] = AuditDocument(
                path=r.source.path, sha256=r.source.sha256, pages=r.source.pages, document=doc.document,
                doc_type=r.doc_type, letter_number=r.letter_number.normalised if r.letter_number else None,
                date=r.date.iso if r.date else None, subject=r.subject,
            )
        return made


def audit_documents(documents: Sequence[CorpusDocument]) -> AuditReport:
    """Every reference of the documents linked, and duplicate numbers found."""
    # The index and the findings are millions of small objects that live until
    # the end: the cyclic garbage collector would rescan them again and again
    # (60 % more time on the 100,000-letter benchmark) and free nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _audit(documents)
    finally:
        if was_enabled:
            gc.enable()


def _audit(documents: Sequence[CorpusDocument]) -> AuditReport:
    owners: list[int] = []  # letter position -> document position
    numbers: list[CitedNumber] = []
    letter_of: dict[int, int] = {}  # document position -> letter position
    for position, doc in enumerate(documents):
        if doc.record.letter_number is not None:
            letter_of[position] = len(numbers)
            owners.append(position)
            numbers.append(CitedNumber.of(doc.record.letter_number, doc.record.date))
    index = LetterIndex(numbers)
    where = _Locations(documents)
    summary = AuditSummary(letters=len(numbers), references=0)
    findings: list[AuditFinding] = []

    for position, doc in enumerate(documents):
        own = letter_of.get(position)
        for reference in doc.record.references:
            summary.references += 1
            finding = _link(reference, position, own, index, numbers, owners, where)
            if finding is None:
                summary.self_references_skipped += 1
                continue
            findings.append(finding)

    findings.extend(duplicate_numbers(documents, owners, where))
    for finding in findings:
        setattr(summary, finding.kind, getattr(summary, finding.kind) + 1)
    return AuditReport(summary=summary, findings=findings)


def nearest(cited: CitedNumber, index: LetterIndex, exclude: int | None = None) -> tuple[float, int] | None:
    """(distance, letter position) of the nearest letter near enough, or None."""
    for letter in index.same_number(cited):  # most citations are exact: skip the wider probe
        if letter != exclude and compare.distance(cited, index.letters[letter]) == 0.0:
            return 0.0, letter
    best = None
    for letter in index.candidates(cited):
        if letter == exclude:
            continue
        d = compare.distance(cited, index.letters[letter])
        if d is not None and (best is None or (d, letter) < best):
            best = (d, letter)
    return best


def _link(
    reference: Reference,
    position: int,
    own: int | None,
    index: LetterIndex,
    numbers: list[CitedNumber],
    owners: list[int],
    where: _Locations,
) -> AuditFinding | None:
    citing = where[position]
    if reference.letter_number is None:
        return AuditFinding(
            kind="unresolved", number=None, reference=reference, citing=citing,
            summary=f"citation without a readable letter number: {reference.raw}",
        )
    cited = CitedNumber.of(reference.letter_number, reference.date)
    label = reference.letter_number.normalised
    iso = reference.date.iso if reference.date else None
    found = nearest(cited, index)
    if found is not None and found[1] == own:
        if cited.date is None or numbers[own].date in (None, cited.date):
            return None  # the letter's own number read as a citation
        found = nearest(cited, index, exclude=own)
    if found is None:
        return AuditFinding(
            kind="unresolved", number=label, reference=reference, citing=citing,
            summary=f"no letter in the corpus near enough to {number_and_date(label, iso)}",
        )
    distance, letter = found
    target = where[owners[letter]]
    if distance == 0.0:
        note = "" if cited.date is not None else " (the citation gives no date)"
        return AuditFinding(
            kind="match", number=label, reference=reference, citing=citing, nearest=target, distance=0.0,
            summary=f"{number_and_date(label, iso)} found{note}",
        )
    diffs = compare.differences(cited, numbers[letter])
    likely = compare.likely_same_letter(cited, numbers[letter])
    return AuditFinding(
        kind="match_with_differences", number=label, reference=reference, citing=citing, nearest=target,
        differences=diffs, distance=distance, likely_same_letter=likely,
        summary=(
            f"{number_and_date(label, iso)}: nearest letter {number_and_date(target.letter_number, target.date)}; "
            f"{describe_all(diffs)}" + ("; likely the same letter" if likely else "")
        ),
    )


def duplicate_numbers(documents: Sequence[CorpusDocument], owners: list[int], where: _Locations) -> list[AuditFinding]:
    """Numbers carried by different letters. Copies of one letter (same date and
    subject, e.g. a forwarded letter filed twice) are not different letters; a
    missing date or subject is no evidence either way. Numbers without a running
    number are left out: they are incomplete, not duplicated."""
    groups: dict[str, list[int]] = {}
    for position in owners:
        number = documents[position].record.letter_number
        if number.sequence is not None:
            groups.setdefault(number.normalised, []).append(position)
    findings = []
    for label, positions in groups.items():
        if len(positions) < 2:
            continue
        letters: list[list[int]] = []  # positions of each distinct letter
        for position in positions:
            for same in letters:
                if _same_letter(documents[same[0]].record, documents[position].record):
                    same.append(position)
                    break
            else:
                letters.append([position])
        if len(letters) < 2:
            continue
        dates = ", ".join(thai_date(where[same[0]].date) for same in letters)
        findings.append(AuditFinding(
            kind="duplicate_number", number=label, letters=[where[p] for p in positions],
            summary=f"{len(letters)} different letters carry {label} (dated {dates})",
        ))
    return findings


def _same_letter(a, b) -> bool:
    def agree(x, y):
        return x is None or y is None or x == y

    return agree(a.date and a.date.iso, b.date and b.date.iso) and agree(a.subject, b.subject)
