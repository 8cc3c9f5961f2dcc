"""Findings in words: Thai short dates and one phrase per difference, used by
the finding summaries and the terminal table."""

from __future__ import annotations

from pipeline.models import ComponentDifference
from pipeline.textutil import MONTHS_SHORT


COMPONENT_NAMES = {
    "prefix": "prefix",
    "unit_code": "unit code",
    "circular": "ว mark",
    "sequence": "running number",
    "date": "date",
}


def thai_date(iso: str | None) -> str:
    """ "2025-06-08" -> "8 มิ.ย. 2568" (Buddhist era, as letters print it)."""
    if not iso:
        return "no date"
    year, month, day = (int(p) for p in iso.split("-"))
    return f"{day} {MONTHS_SHORT[month - 1]} {year + 543}"


def number_and_date(number: str | None, iso: str | None) -> str:
    return f"{number or 'no number'} of {thai_date(iso)}"


def describe(diff: ComponentDifference) -> str:
    """One difference as a phrase: "unit code 0410.6/0810.6: 4/8 known OCR confusion"."""
    name = COMPONENT_NAMES[diff.component]
    if diff.component == "circular":
        return f"ว mark missing in {'letter' if diff.change == 'missing_in_letter' else 'citation'}"
    if diff.change == "missing_in_letter":
        return f"{name} {diff.cited} missing in letter"
    if diff.change == "missing_in_citation":
        return f"{name} {diff.found} missing in citation"
    cited, found = diff.cited, diff.found
    if diff.component == "date":
        cited, found = thai_date(cited), thai_date(found)
    text = f"{name} {cited} ≠ {found}"
    if diff.characters:
        text += ": " + ", ".join(_character(c) for c in diff.characters)
    return text


def _character(c) -> str:
    where = f"{c.part} " if c.part else ""
    if not c.cited:
        return f"{where}extra {c.found} in letter"
    if not c.found:
        return f"{where}{c.cited} missing in letter"
    if c.known_confusion:
        return f"{where}{c.cited}/{c.found} known OCR confusion ({c.confusion_rate:.0%})"
    return f"{where}{c.cited}/{c.found}"


def describe_all(diffs: list[ComponentDifference]) -> str:
    return "; ".join(describe(d) for d in diffs)
