"""The view of one document that every field extractor reads.

``text`` has Arabic digits; ``thai_digit_text`` is the same text at the same
offsets with the document's own digits, so ``raw(start, end)`` returns what
was printed. Lines that one extractor has claimed (a receipt stamp, say) are
``claimed`` so the others skip them. Extractors note where each field that
holds digits was read (``sources``: field path -> offsets), so the digit
stage's confidence can be given per field (``confidence.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.textutil import collapse_ws, wrap_joint


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
    # field path ("date", "references[0].letter_number") -> where it was read
    sources: dict[str, tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        assert len(self.text) == len(self.thai_digit_text)
        self.lines, pos = [], 0
        for i, raw in enumerate(self.text.split("\n")):
            self.lines.append(Line(i, pos, pos + len(raw), raw))
            pos += len(raw) + 1

    def raw(self, start: int, end: int) -> str:
        """What was printed between two offsets, whitespace collapsed."""
        return collapse_ws(self.thai_digit_text[start:end])

    def note(self, path: str, start: int, end: int) -> None:
        """``text[start:end]`` is where the field ``path`` was read."""
        self.sources[path] = (start, end)

    def squeezed(self, start: int, end: int) -> tuple[str, list[int]]:
        """``collapse_ws(text[start:end])`` and, per character, its offset in
        ``text`` (so a field read from the collapsed text can name its source)."""
        chars: list[str] = []
        offsets: list[int] = []
        for i in range(start, end):
            if self.text[i].isspace():
                continue
            if chars and self.text[i - 1].isspace():
                chars.append(" ")
                offsets.append(i - 1)
            chars.append(self.text[i])
            offsets.append(i)
        return "".join(chars), offsets

    def joined(self, pieces: list[tuple[int, int]]) -> tuple[str, list[int]]:
        """``join_wrapped`` of the pieces ``text[start:end]`` (the lines of one
        field) and, per character, its offset in ``text``."""
        out, offsets = "", []
        for start, end in pieces:
            line, line_offsets = self.squeezed(start, end)
            if not line:
                continue
            if out:
                joint = wrap_joint(out, line)
                out, offsets = out + joint, offsets + [offsets[-1] + 1] * len(joint)
            out, offsets = out + line, offsets + line_offsets
        return out, offsets

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
