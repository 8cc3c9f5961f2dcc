"""Findings written out: a table for the terminal, CSV, JSON or JSON lines."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable

from pipeline.audit.wording import describe, thai_date
from pipeline.models import AuditDocument, AuditFinding, AuditReport

FORMATS = ("table", "csv", "json", "jsonl")

KIND_LABELS = {
    "match": "match",
    "match_with_differences": "match with differences",
    "unresolved": "unresolved",
    "duplicate_number": "duplicate number",
}


def summary_line(report: AuditReport) -> str:
    s = report.summary
    line = (
        f"{s.letters} letters, {s.references} references: {s.match} match, "
        f"{s.match_with_differences} match with differences, {s.unresolved} unresolved; "
        f"duplicate numbers: {s.duplicate_number}"
    )
    if s.self_references_skipped:
        line += f"; {s.self_references_skipped} self-references skipped"
    return line


def render(report: AuditReport, fmt: str) -> str:
    if fmt == "table":
        return table(report)
    if fmt == "csv":
        return to_csv(report.findings)
    if fmt == "json":
        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(f.model_dump(mode="json"), ensure_ascii=False) + "\n" for f in report.findings)
    raise ValueError(f"unknown format {fmt!r}")


def where(doc: AuditDocument) -> str:
    """Enough to open the document: "scans/a.pdf doc 2 p. 3-4"."""
    text = f"{doc.path} doc {doc.document}"
    if doc.pages:
        first, last = doc.pages[0], doc.pages[-1]
        text += f" p. {first}" if first == last else f" p. {first}-{last}"
    return text


def pairs(finding: AuditFinding) -> str:
    """The known confusable digit pairs among the differences: "4/8 9/8"."""
    return " ".join(
        f"{c.cited}/{c.found}" for d in finding.differences for c in d.characters if c.known_confusion
    )


# --- terminal table ---------------------------------------------------------

HEADERS = ("#", "result", "citation", "nearest letter", "differences", "cited in -> letter")


def _cells(n: int, f: AuditFinding) -> list[list[str]]:
    result = [KIND_LABELS[f.kind]]
    if f.likely_same_letter:
        result.append("(likely same letter)")
    if f.kind == "duplicate_number":
        return [[str(n)], result, [f.number or ""], ["-"], [f.summary], [where(d) for d in f.letters]]
    cited = [f.number or (f.reference.raw if f.reference else "")]
    if f.reference is not None and f.reference.date is not None:
        cited.append(thai_date(f.reference.date.iso))
    letter = ["-"]
    if f.nearest is not None:
        letter = [f.nearest.letter_number or "", thai_date(f.nearest.date)]
    diffs = [describe(d) for d in f.differences] or ([""] if f.kind != "unresolved" else ["no letter near enough"])
    places = [where(f.citing)] if f.citing else []
    if f.nearest is not None:
        places.append("-> " + where(f.nearest))
    return [[str(n)], result, cited, letter, diffs, places]


def width(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks sit on their consonant."""
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else 1 for c in text)


def table(report: AuditReport) -> str:
    rows = [[[h] for h in HEADERS]] + [_cells(n, f) for n, f in enumerate(report.findings, 1)]
    widths = [max(width(line) for row in rows for line in row[col]) for col in range(len(HEADERS))]
    out = [summary_line(report), ""]
    for r, row in enumerate(rows):
        for i in range(max(len(cell) for cell in row)):
            parts = []
            for col, cell in enumerate(row):
                text = cell[i] if i < len(cell) else ""
                parts.append(text + " " * (widths[col] - width(text)))
            out.append("  ".join(parts).rstrip())
        if r == 0:
            out.append("  ".join("-" * w for w in widths))
    if not report.findings:
        out.append("(no references and no duplicate numbers)")
    return "\n".join(out) + "\n"


# --- CSV ---------------------------------------------------------------------

CSV_COLUMNS = (
    "kind", "number", "cited_date", "citing_path", "citing_document", "citing_pages",
    "nearest_number", "nearest_date", "nearest_path", "nearest_document", "nearest_pages",
    "distance", "likely_same_letter", "confusable_pairs", "differences", "letters", "reference_raw", "summary",
)


def _pages(doc: AuditDocument | None) -> str:
    return " ".join(str(p) for p in doc.pages) if doc else ""


def to_csv(findings: Iterable[AuditFinding]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in findings:
        c, t = f.citing, f.nearest
        writer.writerow([
            f.kind, f.number or "", f.reference.date.iso if f.reference and f.reference.date else "",
            c.path if c else "", c.document if c else "", _pages(c),
            t.letter_number or "" if t else "", t.date or "" if t else "", t.path if t else "",
            t.document if t else "", _pages(t),
            "" if f.distance is None else f.distance, "" if f.likely_same_letter is None else str(f.likely_same_letter).lower(),
            pairs(f), "; ".join(describe(d) for d in f.differences), " | ".join(where(d) for d in f.letters),
            f.reference.raw if f.reference else "", f.summary,
        ])
    return buffer.getvalue()
