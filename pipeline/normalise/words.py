"""Word repair against the lexicon (layer 3 of the repair).

Only the stretches of a run the lexicon cannot cover are candidates: where
its plain segmentation (``lattice.segment``) leaves a suspect letter (an
uncovered one, a fragment, a rare short word: ``ดี|ลิศ``,
``พ|ภบ|ดต|ราชการแทน``), ``CONTEXT`` letters around it (``damage_windows``).
There, in order:

1. ``word_edits``: the lattice with a confused letter, a dropped vowel or
   mark, or an added mark per word (``lattice.SUB/INS/DEL``), read jointly
   with the marks Tesseract drops (``ห้องถิน`` -> ``ท้องถิ่น``, which
   ``marks.py`` leaves to this layer near damage); an edit is kept where it
   stands (``lattice.standing``: ``WORD_MARGIN`` likelier than any other
   reading of its letters, ``WORD_GAIN`` likelier than leaving them, no
   damage left beside it);
2. ``phrase_edits``, for the damage the words leave: a phrase of the domain
   lexicon of 8+ letters (``ปฏิบัติราชการแทน``) matched whole against the
   damaged span with an OCR-weighted edit distance (``distance``: a confused
   letter or a dropped mark costs less than another letter), when it is
   close enough (``PHRASE_RATIO`` of its length), starts and ends with the
   phrase's own letters (``_anchored``), and is clearly closer than any
   other phrase; it takes the place of the word edits it overlaps.

A repair that cannot meet those bars is not made: precision first.
"""

from __future__ import annotations

import math
from functools import lru_cache

from pipeline.normalise import lattice
from pipeline.normalise.lexicon import confusions, lexicon

WORD_MARGIN = math.log(10)
"""A repaired word must make the run 10 times likelier than any other repair
of its letters, and ``WORD_GAIN`` likelier than leaving them (the edit's own
cost is already counted against it)."""
WORD_GAIN = math.log(3)
CONTEXT = 6
"""Letters read on each side of the damage (a word's length or more)."""
PHRASE_RATIO = 0.2
"""A phrase matches a span at most this many edits (weighted) per letter away."""
PHRASE_MAX = 4.5
PHRASE_MARGIN = 1.0
"""The best phrase must be this much closer than any other phrase for the span."""
PHRASE_PAIRS = 0.5
"""A phrase is tried only where this share of its letter pairs stands near the damage."""

MARKS = lattice.MARKS
_SPACING_VOWELS = "\u0e40\u0e41\u0e42\u0e43\u0e44\u0e32\u0e30\u0e33"


@lru_cache(maxsize=65536)
def _sub(a: str, b: str) -> float:
    """A letter of the phrase read as another."""
    if a == b:
        return 0.0
    table = confusions()
    if b in table["others"].get(a, "") or (a, b) in table["similar"]:
        return 0.5
    if a in MARKS and b in MARKS:
        return 0.7
    return 1.0


def _drop(a: str) -> float:
    """A letter of the phrase OCR did not write."""
    return 0.4 if a in MARKS else 0.8 if a in _SPACING_VOWELS else 1.0


def _add(b: str) -> float:
    """A letter OCR wrote that the phrase does not have."""
    return 0.6 if b in MARKS else 1.0


def distance(phrase: str, text: str, starts: set[int], ends: set[int], limit: float = math.inf) -> tuple[float, int, int]:
    """The weighted edit distance between ``phrase`` and its closest span of
    ``text`` that starts in ``starts`` and ends in ``ends``: (distance, start,
    end); (inf, 0, 0) when none is within ``limit``."""
    n = len(text)
    inf = math.inf
    prev = [0.0 if t in starts else inf for t in range(n + 1)]
    origin = list(range(n + 1))
    added = [_add(b) for b in text]
    for a in phrase:
        cur = [inf] * (n + 1)
        cur_origin = [0] * (n + 1)
        drop = _drop(a)
        cur[0], cur_origin[0] = prev[0] + drop, origin[0]
        for t in range(1, n + 1):
            best, src = prev[t - 1] + _sub(a, text[t - 1]), origin[t - 1]
            cost = prev[t] + drop
            if cost < best:
                best, src = cost, origin[t]
            cost = cur[t - 1] + added[t - 1]
            if cost < best:
                best, src = cost, cur_origin[t - 1]
            cur[t], cur_origin[t] = best, src
        if min(cur) > limit:
            return inf, 0, 0
        prev, origin = cur, cur_origin
    end = min(ends, key=lambda t: (prev[t], -(t - origin[t])), default=None)
    if end is None or prev[end] > limit:
        return inf, 0, 0
    return prev[end], origin[end], end


@lru_cache(maxsize=None)
def _phrase_pairs(index: int) -> tuple[tuple[int, str], ...]:
    phrase = lexicon().phrases[index]
    return tuple((p, phrase[p : p + 2]) for p in range(len(phrase) - 1))


@lru_cache(maxsize=1)
def _phrase_sizes() -> tuple[int, ...]:
    return tuple(map(len, lexicon().phrases))


def _letters(text: str) -> str:
    return "".join(c for c in text if c not in MARKS)


def _anchored(phrase: str, span: str) -> bool:
    """Does ``span`` start and end with the phrase's own first and last two
    letters (marks aside), or ones OCR takes for them? A phrase neither
    swallows a letter of the next word nor leaves one of its own out at an end."""
    a, b = _letters(phrase), _letters(span)
    if len(a) < 4 or len(b) < 4:
        return False
    return all(_sub(x, y) <= 0.5 for x, y in zip(a[:2] + a[-2:], b[:2] + b[-2:]))


@lru_cache(maxsize=16384)
def phrase_edits(run: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, phrase) for the garbled spans of ``run`` a domain phrase explains."""
    suspect = lattice.suspects(run)
    if not any(suspect):
        return ()
    lex = lexicon()
    first = suspect.index(True)
    last = len(suspect) - 1 - suspect[::-1].index(True)
    # a span starts and ends where a word may (a boundary of the plain
    # segmentation, or between two listed words), not next to a fragment:
    # that would leave damage beside the phrase
    bounds = _word_bounds(run)
    starts = {k for k in bounds if k == 0 or not suspect[k - 1]}
    ends = {k for k in bounds if k == len(run) or not suspect[k]}
    longest = max(map(len, lex.phrases))
    lo, hi = max(0, first - longest - 2), min(len(run), last + longest + 2)
    # the letter pairs each phrase shares with the text it could cover: a
    # pair counts where the phrase, standing on it, would reach the damage
    reach: dict[str, int] = {}  # pair -> its least distance to a suspect letter
    for k in range(lo, hi - 1):
        pair = run[k : k + 2]
        distance_to_damage = max(first - k - 2, k - last - 2, 0)
        if distance_to_damage < reach.get(pair, 1 << 30):
            reach[pair] = distance_to_damage
    shared: dict[int, int] = {}
    sizes = _phrase_sizes()
    bigrams = lex.phrase_bigrams
    for pair, away in reach.items():
        for index in bigrams.get(pair, ()):
            if sizes[index] >= away:  # the phrase can reach the damage from there
                shared[index] = shared.get(index, 0) + 1
    at: dict[str, list[int]] = {}
    for k in range(lo, hi - 1):
        at.setdefault(run[k : k + 2], []).append(k)
    found = []
    for index, pairs in shared.items():
        phrase = lex.phrases[index]
        least = max(3, PHRASE_PAIRS * (len(phrase) - 1))
        if pairs < least:
            continue
        # where the phrase would start for each pair it shares: most agree
        # (give or take the letters dropped or added) where it stands
        votes: dict[int, int] = {}
        for p, pair in _phrase_pairs(index):
            for k in at.get(pair, ()):
                votes[(k - p) // 3] = votes.get((k - p) // 3, 0) + 1
        bucket, count = max(votes.items(), key=lambda v: v[1])
        near = count + max(votes.get(bucket - 1, 0), votes.get(bucket + 1, 0))
        if near < least:
            continue
        # only the text from that place to the damage is read (a few letters
        # more for the dropped and added ones)
        offset = bucket * 3
        a = max(0, min(offset, first) - 4, first - len(phrase) - 4)
        b = min(len(run), max(offset + len(phrase) + 2, last + 1) + 4, last + len(phrase) + 4)
        limit = min(PHRASE_MAX, PHRASE_RATIO * len(phrase))
        d, s, e = distance(phrase, run[a:b], {x - a for x in starts if a <= x <= b}, {x - a for x in ends if a <= x <= b}, limit)
        s, e = s + a, e + a
        if d <= limit and _anchored(phrase, run[s:e]) and run[s:e] != phrase and any(suspect[s:e]):
            found.append((d, s, e, phrase))
    # the longest phrases first: one that holds another (ประจำปีงบประมาณ,
    # ปีงบประมาณ) explains more of the damage and is no rival of it
    found.sort(key=lambda f: (-len(f[3]), f[0]))
    out: list[tuple[int, int, str]] = []
    for d, s, e, phrase in found:
        if any(s < oe and os < e for os, oe, _ in out):
            continue
        rivals = [
            d2 for d2, s2, e2, p2 in found if s2 < e and s < e2 and p2 not in phrase and phrase not in p2
        ]
        if rivals and min(rivals) - d < PHRASE_MARGIN:
            continue
        out.append((s, e, phrase))
    return tuple(out)


def _word_bounds(run: str) -> set[int]:
    """Where a word may start or end in ``run``: the boundaries of its plain
    segmentation, and the places where one listed word ends and another
    starts (กระทรวง|มหาดไทย inside กระทรวงมหาดไทย)."""
    entries = lexicon().entries
    n = len(run)
    starts, ends = set(), set()
    for i in range(n):
        for j in range(i + 2, min(n, i + 24) + 1):
            entry = entries.get(run[i:j], 0)
            if entry == 0:
                break
            if entry is not None and entry[1]:
                starts.add(i)
                ends.add(j)
    return {0, n} | {t.start for t in lattice.segment(run).tokens} | (starts & ends)


def damage_windows(run: str) -> list[tuple[int, int]]:
    """The stretches of ``run`` the word repair reads: ``CONTEXT`` letters
    around its suspect letters, at word boundaries."""
    return lattice.stretches(run, lattice.suspects(run), CONTEXT)


def word_edits(run: str, favoured: frozenset[str] = frozenset()) -> list[tuple[int, int, str, int]]:
    """(start, end, word, edit kinds) for the words of ``run`` the lattice
    reads otherwise around its damage (``damage_windows``), repaired words
    and restored marks, where they stand (``lattice.standing``; ``favoured``:
    words the document has intact, ``lattice.decode``)."""
    suspect = lattice.suspects(run)
    if not any(suspect):
        return []
    near = lattice.near_suspects(run)
    out = []
    for a, b in damage_windows(run):
        window = run[a:b]
        options = {
            "tones": True,
            "repairs": lattice.REPAIRS,
            "favoured": favoured,
            "suspect": suspect[a:b],
            "near": near[a:b],
        }
        reading = lattice.decode(window, **options)
        if not lattice.edited(reading):
            continue
        keep = lattice.standing(window, reading, WORD_MARGIN, WORD_GAIN, **options)
        out += [(a + t.start, a + t.end, t.word, t.kinds) for t in reading.tokens if t in keep]
    return out


def repairs(run: str, favoured: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str]]:
    """(start, end, replacement, reason) for ``run``: the lattice's word
    repairs, then phrases of the domain lexicon for the damage they leave
    (a phrase that explains more of it than the words wins)."""
    found = [
        (s, e, w, "lexicon-word" if kinds & lattice.REPAIRS else "tesseract-marks")
        for s, e, w, kinds in word_edits(run, favoured)
    ]
    covered = [False] * len(run)
    for s, e, _, _ in found:
        covered[s:e] = [True] * (e - s)
    if any(flag and not covered[k] for k, flag in enumerate(lattice.suspects(run))):
        phrases = phrase_edits(run)
        found = [f for f in found if not any(f[0] < e and s < f[1] for s, e, _ in phrases)]
        found += [(s, e, p, "lexicon-phrase") for s, e, p in phrases]
    return sorted(found)
