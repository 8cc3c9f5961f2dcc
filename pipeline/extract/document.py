"""The view of one document that every field extractor reads.

``text`` has Arabic digits; ``thai_digit_text`` is the same text at the same
offsets with the document's own digits, so ``raw(start, end)`` returns what
was printed. Lines that one extractor has claimed (a receipt stamp, say) are
``claimed`` so the others skip them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.textutil import collapse_ws


@dataclass
class Line:
    index: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class DocText:
    text: str
    thai_digit_text: str
    lines: list[Line] = field(init=False)
    claimed: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert len(self.text) == len(self.thai_digit_text)
        self.lines, pos = [], 0
        for i, raw in enumerate(self.text.split("\n")):
            self.lines.append(Line(i, pos, pos + len(raw), raw))
            pos += len(raw) + 1

    def raw(self, start: int, end: int) -> str:
        """What was printed between two offsets, whitespace collapsed."""
        return collapse_ws(self.thai_digit_text[start:end])

    def free_lines(self, start: int = 0, stop: int | None = None) -> list[Line]:
        """Non-blank lines not claimed by another field, from line index start to stop."""
        return [ln for ln in self.lines[start:stop] if not ln.blank and ln.index not in self.claimed]

    def line_at(self, offset: int) -> Line:
        for ln in self.lines:
            if ln.start <= offset <= ln.end:
                return ln
        return self.lines[-1]

    def masked_text(self) -> str:
        """The text with claimed lines blanked out (same length and offsets)."""
        chars = list(self.text)
        for i in self.claimed:
            ln = self.lines[i]
            chars[ln.start : ln.end] = " " * (ln.end - ln.start)
        return "".join(chars)
