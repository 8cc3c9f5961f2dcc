"""A letter number and its date as the parts the audit compares.

Both a letter's own heading and a citation of it become a ``CitedNumber``.
The ``ว`` (circular) mark is kept apart from the digits: a citation that drops
it is a difference to report, not a different number to look up (stage 1 of
the index ignores it, the comparison reports it).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import LetterNumber, ThaiDate


@dataclass(frozen=True, slots=True)
class CitedNumber:
    prefix: str  # "มท"
    unit: str  # "0207.5"; "" when the number has no unit code
    circular: bool
    sequence: str | None  # "8603"; None when the letter has no running number
    date: str | None  # ISO date, None when not printed or not read
    day: str | None  # as printed, without zero padding: "8"
    month: int | None
    year: str | None  # Buddhist era, as printed: "2568"

    @classmethod
    def of(cls, number: LetterNumber, date: ThaiDate | None) -> CitedNumber:
        if date is None:
            return cls(number.prefix, number.unit_code or "", number.circular, number.sequence, None, None, None, None)
        iso = date.iso
        return cls(
            number.prefix,
            number.unit_code or "",
            number.circular,
            number.sequence,
            iso,
            str(int(iso[8:10])),
            int(iso[5:7]),
            str(date.buddhist_year),
        )

    def label(self) -> str:
        """The normalised number, as ``LetterNumber.normalised`` writes it (without พิเศษ)."""
        tail = " ".join(p for p in ("ว" if self.circular else None, self.sequence) if p)
        return f"{self.prefix} {self.unit}/{tail}"
