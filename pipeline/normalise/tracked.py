"""Text edits that keep every change traceable.

A normalise step never rewrites the text itself: it returns ``Edit``s (spans
of its input and their replacements). ``TrackedText.apply`` performs them,
shifts the repairs made by earlier steps, and records each new edit as a
``Repair`` whose start/end are offsets in the current text. The original text
is always recoverable with ``undo_repairs``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipeline.models import Repair


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str
    reason: str


@dataclass
class TrackedText:
    text: str
    repairs: list[Repair] = field(default_factory=list)
    # Offsets in `text` where each page after the first begins; shifted with
    # every edit so records can name the pages they come from.
    page_starts: list[int] = field(default_factory=list)

    def apply(self, edits: list[Edit]) -> None:
        if not edits:
            return
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        for before, after in zip(edits, edits[1:]):
            if after.start < before.end:
                raise ValueError(f"overlapping edits: {before} and {after}")

        old = self.text
        pieces: list[str] = []
        # (old_start, old_end, new_start, new_end) of every edit, in order
        spans: list[tuple[int, int, int, int]] = []
        cursor = 0
        new_len = 0
        for e in edits:
            pieces.append(old[cursor : e.start])
            new_len += e.start - cursor
            spans.append((e.start, e.end, new_len, new_len + len(e.replacement)))
            pieces.append(e.replacement)
            new_len += len(e.replacement)
            cursor = e.end
        pieces.append(old[cursor:])
        new = "".join(pieces)

        old_starts = [s[0] for s in spans]

        def map_pos(pos: int, *, right: bool) -> int:
            i = bisect.bisect_right(old_starts, pos) - 1
            if i < 0:
                return pos
            o_start, o_end, n_start, n_end = spans[i]
            if pos >= o_end and not (pos == o_start == o_end and not right):
                return n_end + (pos - o_end)
            # inside (or at the start of) an edited span
            return n_end if right else n_start

        # Earlier repairs that an edit touches are merged with it, so that
        # undoing the repairs in order still gives the original text.
        kept: list[Repair] = []
        absorbed: dict[int, list[Repair]] = {}
        for r in self.repairs:
            hit = [
                i
                for i, (o_s, o_e, _, _) in enumerate(spans)
                if o_s < r.end and r.start < o_e or (o_s == o_e and r.start < o_s < r.end)
            ]
            if hit:
                absorbed.setdefault(hit[0], []).append(r)
            else:
                kept.append(
                    r.model_copy(
                        update={
                            "start": map_pos(r.start, right=False),
                            "end": map_pos(r.end, right=True),
                        }
                    )
                )

        for i, e in enumerate(edits):
            o_s, o_e, n_s, n_e = spans[i]
            olds = absorbed.get(i, [])
            if not olds:
                kept.append(
                    Repair(start=n_s, end=n_e, original=old[o_s:o_e], replacement=e.replacement, reason=e.reason)
                )
                continue
            lo = min([o_s] + [r.start for r in olds])
            hi = max([o_e] + [r.end for r in olds])
            original = _undo(old[lo:hi], [r.model_copy(update={"start": r.start - lo, "end": r.end - lo}) for r in olds])
            n_lo, n_hi = map_pos(lo, right=False), map_pos(hi, right=True)
            reasons = "+".join(dict.fromkeys([r.reason for r in olds] + [e.reason]))
            kept.append(Repair(start=n_lo, end=n_hi, original=original, replacement=new[n_lo:n_hi], reason=reasons))

        kept.sort(key=lambda r: (r.start, r.end))
        self.text = new
        self.repairs = kept
        self.page_starts = [map_pos(p, right=False) for p in self.page_starts]


def _undo(text: str, repairs: list[Repair]) -> str:
    for r in sorted(repairs, key=lambda r: r.start, reverse=True):
        text = text[: r.start] + r.original + text[r.end :]
    return text


def undo_repairs(text: str, repairs: list[Repair]) -> str:
    """The text as it was before normalisation (repairs must not overlap)."""
    return _undo(text, repairs)


def map_through_repairs(spans: list[tuple[int, int]], repairs: list[Repair]) -> list[tuple[int, int]]:
    """Where spans of the original text lie in the repaired text, read from the
    repairs alone (they must not overlap). A span that a repair touches grows
    to cover the repair's replacement; a mark inserted at a span's edge stays
    outside it; a span whose text was removed comes out empty."""
    # (original start, original end, repaired end) of each repair, in order
    segments, delta = [], 0
    for r in sorted(repairs, key=lambda r: (r.start, r.end)):
        o_start = r.start - delta
        segments.append((o_start, o_start + len(r.original), r.start, r.end))
        delta = r.end - (o_start + len(r.original))

    def where(pos: int, *, end: bool) -> int:
        shift = 0
        for o_start, o_end, n_start, n_end in segments:
            if pos < o_start or (end and pos == o_start):
                break
            if pos < o_end or (end and pos == o_end):
                return n_end if end else n_start
            shift = n_end - o_end
        return pos + shift

    return [(where(s, end=False), where(e, end=True)) for s, e in spans]
