"""Reading a run of Thai as words of the lexicon, under OCR damage.

``decode`` is a Viterbi search over one run (a word of text between spaces,
or part of one): every way to cut the run into words of
``lexicon.entries`` is a path, a word costs its ``-log P`` nats, a letter no
word covers costs ``UNKNOWN_COST`` and a fragment the corpus has but no word
list does (``ลิศ``, ``ถิน``) costs ``UNLISTED_COST`` more than its frequency
says. A word may also be read with edits, each with a cost (a noisy-channel
model: the cost is how unlikely the damage is):

=====  ======================================================  ==============
kind   edit                                                     where
=====  ======================================================  ==============
TONE   a tone mark Tesseract dropped over an upper vowel         anywhere
AM     ``ำ`` written ``า`` after a tone mark                      anywhere
SUB    a letter OCR confuses with another (``ป`` for ``บ``)       near a fragment
INS    a vowel or mark OCR dropped (``ดีลิศ`` for ``ดีเลิศ``)      near a fragment
DEL    a mark OCR added                                         near a fragment
MAP    a Latin/Cyrillic letter standing for Thai (``r`` -> ร)   where given
FILL   1-3 Thai letters for a CJK character (a lost syllable)   where given
=====  ======================================================  ==============

"Near a fragment": the plain segmentation (``segment``, no edits) marks
*suspect* letters (``is_suspect``: a letter no word covers, a corpus fragment
no word list has, a rare short word). SUB may be made in a suspect token and
the tokens next to it, INS and DEL within three letters of a suspect letter;
a word is read with one SUB, INS or DEL at most, and must then cover a
suspect letter and be a listed word. Text the lexicon covers is never touched
by those edits (precision first). Whether an edit is kept is ``standing``'s
call: clearly likelier than any other reading of its letters (``margin``),
and no damage left beside it.

``_walks``, ``segment`` (with ``with_marks``, found in the same pass) and
``decode`` are cached per run (a document repeats its runs); the callers read
windows of a run around its damage, not the whole run.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from typing import NamedTuple

from pipeline.normalise.lexicon import confusions, lexicon

TONES = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
SARA_AA, SARA_AM = "\u0e32", "\u0e33"
CONSONANTS = frozenset(chr(c) for c in range(0x0E01, 0x0E2F))
MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")
# What OCR drops from a word: upper and lower vowels, tone marks, thanthakhat,
# and the vowels written before or after a consonant.
INSERTABLE = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e40\u0e41\u0e42\u0e43\u0e44\u0e32\u0e30"

TONE, AM, SUB, INS, DEL, MAP, FILL = 1, 2, 4, 8, 16, 32, 64
UNKNOWN = 128  # a letter read as itself, no word covering it
REPAIRS = SUB | INS | DEL

UNKNOWN_COST = 18.0
"""Nats for a letter no word covers."""
UNLISTED_COST = math.log(20)
"""Extra nats for a corpus fragment that is no listed word."""
TONE_COST = math.log(10)
"""A restored mark must make the reading 10 times likelier (in the unigram
model) than leaving the text as it is. Measured on the seeds and a rendered
scan: 50 misses ``น้า`` -> ``น้ำ`` in context, 5 starts changing ``พึง``."""
INS_COST = math.log(2000)
"""A dropped vowel written before or after its consonant (เ, แ, า, ...): as
unlikely as a confused letter."""
INS_MARK_COST = math.log(300)
"""A dropped vowel or mark above or below its consonant: OCR loses those more
easily (a dropped tone over a vowel is likelier still, ``TONE_COST``)."""
DEL_COST = math.log(20000)
"""A mark OCR added is rarer than one it dropped."""
MAP_COST = 0.5
"""Per Latin/Cyrillic letter read as Thai: the letter is wrong anyway, the
readings compete with each other (and with leaving it, ``UNKNOWN_COST``)."""
FILL_COST = 4.0
"""A syllable in place of a CJK character, plus ``FILL_LETTER_COST`` a letter."""
FILL_LETTER_COST = 0.5
DOCUMENT_BONUS = math.log(20)
"""A word the document has intact elsewhere is 20 times likelier as the
reading of a damaged one (``อำเภอ率ร่อง`` in a letter about อำเภอนำร่อง)."""
FRAGMENT_MAX = 3
"""A corpus fragment of at most this many letters is suspect (longer ones are
often compounds the word list lacks: ``เรียกว่า``)."""
RARE_MAX = 4
RARE_COUNT = 1000
"""A listed word of at most ``RARE_MAX`` letters the corpus has fewer than
``RARE_COUNT`` times (in 33.5 million) is suspect: short rare words are
mostly other words damaged (``ไต้`` for ``ได้``, ``บร|หาร`` for ``บริหาร``)."""
REPAIR_COUNT = 20
"""A repair reads a word of six letters or fewer only when the corpus has it
at least this many times (or it is one of ours): ``บรหาร`` is not ``บรทาร``.
(Longer words are compounds the corpus counts by their parts.)"""
RARE_COST = math.log(20)
"""Where repairs may be made, reading a suspect rare word as it is costs this
much more (as a fragment does): it is likelier damage than the word."""


# Named tuples, not dataclasses: the lattice makes thousands a page, and a
# frozen dataclass costs several times as much to build.
class Token(NamedTuple):
    start: int
    end: int
    word: str
    kinds: int  # the edits that made `word` from run[start:end] (0: read as is)
    listed: bool


class Reading(NamedTuple):
    cost: float
    tokens: tuple[Token, ...]

    @property
    def text(self) -> str:
        return "".join(t.word for t in self.tokens)


@lru_cache(maxsize=16384)
def _walks(run: str) -> tuple[list[tuple[int, str, tuple[float, bool] | None]], ...]:
    """For each start in ``run``: (end, letters, entry) of every prefix of a
    word the letters from there spell, as they are (entry None for a prefix
    that is no word). What every reading of the run walks through."""
    get = lexicon().entries.get
    starters = _starters()
    n = len(run)
    out: list = []
    for i in range(n):
        if run[i] not in starters:  # a mark or a following vowel starts no word
            out.append(())
            continue
        walk: list = []
        append = walk.append
        j = i + 1
        while j <= n:
            word = run[i:j]
            entry = get(word, 0)
            if entry == 0:
                break
            append((j, word, entry))
            j += 1
        out.append(walk)
    return tuple(out)


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    return frozenset(w[0] for w in lexicon().entries)


def segment(run: str) -> Reading:
    """The likeliest cut of ``run`` into words, nothing edited."""
    return _plain_and_marked(run)[0]


def with_marks(run: str) -> Reading:
    """The likeliest reading of ``run`` where the marks Tesseract drops may be
    restored (TONE, AM): what ``decode(run, tones=True)`` reads, found in the
    same pass as ``segment``."""
    return _plain_and_marked(run)[1]


@lru_cache(maxsize=65536)
def _plain_and_marked(run: str) -> tuple[Reading, Reading]:
    """``segment`` and ``with_marks`` in one pass over the run's walks: every
    run is segmented, and most have a place where a mark may be missing, so
    walking the words once for both readings saves a third of the repair's
    time. The marked reading is the plain one when no place may miss a mark."""
    walks = _walks(run)
    n = len(run)
    tone_at, am_at, mark_at = _mark_places(run)
    marking = any(mark_at)
    get = lexicon().entries.get
    inf = math.inf
    best = [inf] * (n + 1)
    back: list[tuple[int, bool, bool]] = [(0, False, False)] * (n + 1)
    best[0] = 0.0
    # the reading with marks (as ``decode`` keeps it: start, word, kinds, listed)
    mbest = [inf] * (n + 1)
    mback: list[tuple] = [()] * (n + 1)
    mbest[0] = 0.0
    stack: list[tuple] = []  # (position, word so far, its entry, edit cost, kinds)
    marks = _mark_pusher(stack, tone_at, am_at)

    for i in range(n):
        base = best[i]
        mbase = mbest[i]
        for j, word, entry in walks[i]:
            if entry is not None:
                cost = entry[0] + (0.0 if entry[1] else UNLISTED_COST)
                if base + cost < best[j]:
                    best[j] = base + cost
                    back[j] = (i, entry[1], True)
                if marking and mbase + cost < mbest[j]:
                    mbest[j] = mbase + cost
                    mback[j] = (i, word, 0, entry[1])
            if mark_at[j]:
                marks(j, word, 0.0, 0)
        cost = base + UNKNOWN_COST
        if cost < best[i + 1]:
            best[i + 1] = cost
            back[i + 1] = (i, False, False)
        if not marking:
            continue
        if mbase + UNKNOWN_COST < mbest[i + 1]:
            mbest[i + 1] = mbase + UNKNOWN_COST
            mback[i + 1] = (i, run[i], UNKNOWN, False)
        # the edited words, followed letter by letter as ``decode`` follows
        # them (its loop, without the other edits; inline: the hot path)
        while stack:
            j, word, entry, edits, kinds = stack.pop()
            while True:
                if entry is not None and j > i:
                    total = mbase + entry[0] + edits + (0.0 if entry[1] else UNLISTED_COST)
                    if total < mbest[j]:
                        mbest[j] = total
                        mback[j] = (i, word, kinds, entry[1])
                if mark_at[j]:
                    marks(j, word, edits, kinds)
                if j >= n:
                    break
                w = word + run[j]
                e = get(w, 0)
                if e == 0:
                    break
                word, entry, j = w, e, j + 1
    tokens = []
    j = n
    while j > 0:
        i, listed, known = back[j]
        tokens.append(Token(i, j, run[i:j], 0 if known else UNKNOWN, listed))
        j = i
    plain = Reading(best[n], tuple(reversed(tokens)))
    if not marking:
        return plain, plain
    return plain, _traced(mbest, mback)


def _mark_places(run: str) -> tuple[list[bool], list[bool], list[bool]]:
    """Per position of ``run`` (0..n): may a tone mark be restored there (after
    an upper vowel that has none), may ``า`` there be ``ำ`` (after a tone
    mark), either."""
    n = len(run)
    tone_at = [False] + [run[j - 1] in UPPER_VOWELS and (j == n or run[j] not in TONES) for j in range(1, n + 1)]
    am_at = [False] + [j < n and run[j] == SARA_AA and run[j - 1] in TONES for j in range(1, n + 1)]
    return tone_at, am_at, [a or b for a, b in zip(tone_at, am_at)]


def is_suspect(token: Token) -> bool:
    """Is this token of a plain segmentation where damage shows: a letter no
    word covers, a corpus fragment no word list has (``ลิศ``; a longer one
    only when listed words cannot make it up: ``เสรษ``), or a rare short word
    (``ไต้`` read where ``ได้`` stood)?"""
    if token.kinds & UNKNOWN:
        return True
    word = token.word
    if not token.listed:
        return len(word) <= FRAGMENT_MAX or not _listed_cover(word)
    lex = lexicon()
    return len(word) <= RARE_MAX and lex.entries[word][0] > lex.log_total - math.log(RARE_COUNT)


@lru_cache(maxsize=65536)
def _listed_cover(word: str) -> bool:
    """Can ``word`` be cut into listed words of two letters or more?"""
    entries = lexicon().entries
    ok = [True] + [False] * len(word)
    for i in range(len(word)):
        if ok[i]:
            for j in range(i + 2, len(word) + 1):
                entry = entries.get(word[i:j], 0)
                if entry == 0:
                    break
                if entry is not None and entry[1]:
                    ok[j] = True
    return ok[-1]


def document_words(text: str, runs) -> frozenset[str]:
    """The listed words of 2+ letters the plain segmentation finds in ``runs``
    (regex matches of Thai runs) away from any fragment: what the document
    has intact."""
    out = set()
    for m in runs:
        run = m.group()
        flags = suspects(run)
        n = len(run)
        for t in segment(run).tokens:
            # the token and the letters either side of it are no fragment
            if t.listed and t.end - t.start > 1 and not any(flags[max(0, t.start - 1) : min(n, t.end + 1)]):
                out.add(t.word)
    return frozenset(out)


@lru_cache(maxsize=65536)
def suspects(run: str) -> tuple[bool, ...]:
    """Per letter of ``run``: does the plain segmentation leave it in a fragment or uncovered?"""
    flags = [False] * len(run)
    for t in segment(run).tokens:
        if is_suspect(t):
            flags[t.start : t.end] = [True] * (t.end - t.start)
    return tuple(flags)


def near_suspects(run: str) -> tuple[bool, ...]:
    """Letters of suspect tokens and of the tokens next to them: where SUB, INS and DEL may be made."""
    tokens = segment(run).tokens
    flags = [False] * len(run)
    for k, t in enumerate(tokens):
        if is_suspect(t):
            lo = tokens[k - 1].start if k > 0 else t.start
            hi = tokens[k + 1].end if k + 1 < len(tokens) else t.end
            flags[lo:hi] = [True] * (hi - lo)
    return tuple(flags)


def stretches(run: str, flags: tuple[bool, ...], context: int) -> list[tuple[int, int]]:
    """The stretches of ``run`` around its flagged letters, ``context`` letters
    on each side widened to word boundaries of the plain segmentation:
    enough for the lattice to read the words around the flagged letters."""
    bounds = sorted({0, len(run)} | {t.start for t in segment(run).tokens})
    spans: list[list[int]] = []
    for k, flag in enumerate(flags):
        if not flag:
            continue
        a = bounds[bisect.bisect_right(bounds, max(0, k - context)) - 1]
        b = bounds[bisect.bisect_left(bounds, min(len(run), k + 1 + context))]
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


@lru_cache(maxsize=65536)
def _toned(word: str) -> tuple[tuple[str, tuple[float, bool] | None], ...]:
    """``word`` with each tone mark that keeps it within a word, and its entry."""
    get = lexicon().entries.get
    return tuple((word + t, get(word + t)) for t in TONES if get(word + t, 0) != 0)


@lru_cache(maxsize=65536)
def _insertions(word: str) -> tuple[tuple[str, tuple[float, bool] | None], ...]:
    """The vowels and marks OCR may have dropped after ``word`` that keep it within a word."""
    entries = lexicon().entries
    return tuple((m, entries[word + m]) for m in INSERTABLE if word + m in entries)


@lru_cache(maxsize=1)
def _listed_blob() -> str:
    """The listed words, one a line, to search with a regular expression."""
    return "\n" + "\n".join(w for w, e in lexicon().entries.items() if e is not None and e[1]) + "\n"


@lru_cache(maxsize=1)
def _reversed_blob() -> str:
    """``_listed_blob`` read backwards: what stands before a pair becomes what
    follows it, which a regular expression finds from the pair itself."""
    return _listed_blob()[::-1]


def _is_syllable(letters: str) -> bool:
    return any(c in CONSONANTS for c in letters)


@lru_cache(maxsize=1024)
def _heads(pair: str) -> frozenset[str]:
    """Syllables (1-3 letters, one a consonant) that stand before ``pair`` in some listed word."""
    # the 1-3 letters before each occurrence, found backwards (the pair first,
    # so the search runs on its literal letters; all but its first letter in
    # the look-ahead, so overlapping occurrences (อออ) are all seen)
    back = pair[::-1]
    before = set(re.findall(re.escape(back[0]) + "(?=" + re.escape(back[1:]) + r"([^\n]{1,3}))", _reversed_blob()))
    heads = {b[:cut][::-1] for b in before for cut in range(1, len(b) + 1)}
    return frozenset(h for h in heads if _is_syllable(h))


@lru_cache(maxsize=1024)
def _tails(pair: str) -> frozenset[str]:
    """The 1-4 letters that end some listed word after ``pair``."""
    return frozenset(re.findall(re.escape(pair[0]) + "(?=" + re.escape(pair[1:]) + r"([^\n]{1,4})\n)", _listed_blob()))


@lru_cache(maxsize=4096)
def _fills(prefix: str, following: str) -> tuple[str, ...]:
    """Syllables (1-3 letters, one a consonant) that can stand for a CJK
    character after ``prefix`` where the text goes on with ``following`` (up
    to two letters): the filled word goes on with them, or ends there (after
    at least two letters of its own). A filling with no letter of its word on
    either side has nothing to be read from: none."""
    entries = lexicon().entries
    out = set()
    if len(following) == 2:
        out |= {f for f in _heads(following) if prefix + f + following in entries}
    if len(prefix) >= 2:
        for tail in _tails(prefix[-2:]):
            # the word ends with the filling, or one letter after it
            if len(tail) <= 3 and entries.get(prefix + tail):
                out.add(tail)
            if following and tail[-1] == following[0] and len(tail) >= 2 and entries.get(prefix + tail):
                out.add(tail[:-1])
    return tuple(sorted(f for f in out if _is_syllable(f)))


@lru_cache(maxsize=16384)
def decode(
    run: str,
    *,
    tones: bool = True,
    repairs: int = 0,
    near: tuple[bool, ...] | None = None,
    maps: tuple[tuple[int, tuple[tuple[int, str], ...]], ...] = (),
    fills: frozenset[int] = frozenset(),
    banned: frozenset[tuple[int, int, str]] = frozenset(),
    favoured: frozenset[str] = frozenset(),
    suspect: tuple[bool, ...] | None = None,
) -> Reading:
    """The likeliest reading of ``run`` with the edits allowed (see the module doc).

    ``near``: per letter, may SUB/INS/DEL be made here (default: ``near_suspects``);
    ``maps``: (position, ((letters consumed, Thai reading), ...)) for Latin/Cyrillic letters;
    ``fills``: positions of CJK characters; ``banned``: (start, end, word) a
    token may not be (to find the runner-up of a reading); ``favoured``: words
    the document has intact elsewhere, ``DOCUMENT_BONUS`` cheaper when an
    edit makes them. ``suspect``: per letter, is it in a fragment (default:
    ``suspects``)."""
    entries = lexicon().entries
    get = entries.get
    table = confusions()
    others = table["others"]
    sub_cost = table["substitution_cost"]
    n = len(run)
    none = [False] * (n + 1)
    mapping = dict(maps)
    # where a path may branch (for a path that read the letters before as they are)
    tone_at, am_at, mark_at = _mark_places(run) if tones else (none, none, none)
    repair_at = mark_repair_at = branch = none
    seen = [0] * (n + 1)
    if repairs and n:
        if near is None:
            near = near_suspects(run)
        if suspect is None:
            suspect = suspects(run)
        # suspect letters before each position, to test that a repaired word covers one
        for k, flag in enumerate(suspect):
            seen[k + 1] = seen[k] + flag
        repair_at = [bool(near[min(j, n - 1)]) for j in range(n + 1)]
        # a dropped or added mark: within three letters of a suspect one (a letter
        # confused with another may be anywhere in the words next to one: ห้อง|ถิน)
        mark_repair_at = [repair_at[j] and any(suspect[max(0, j - 3) : j + 3]) for j in range(n + 1)]
    if repairs or mapping or fills:
        # edits other than marks: where ``expand`` has work (a confusable
        # letter, a place for a mark, a foreign letter)
        branch = [
            (repair_at[j] and (mark_repair_at[j] or (j < n and run[j] in others)))
            or j in mapping
            or j in fills
            for j in range(n + 1)
        ]
    foreign = bool(mapping or fills)
    inf = math.inf
    best = [inf] * (n + 1)
    back: list[tuple] = [()] * (n + 1)  # (start, word, kinds, listed)
    best[0] = 0.0
    restricted = REPAIRS | MAP | FILL
    rare = lexicon().log_total - math.log(RARE_COUNT)
    walks = _walks(run)
    stack: list[tuple] = []  # (position, word so far, its entry, edit cost, kinds): edited paths to follow
    marks = _mark_pusher(stack, tone_at, am_at)

    def expand(j: int, word: str, entry, edits: float, kinds: int) -> None:
        """Push the other edits a path at ``j`` (having read ``word``) may make next."""
        ch = run[j] if j < n else ""
        if repair_at[j] and not kinds & REPAIRS:  # one repair a word
            if repairs & SUB and ch:
                for other in others.get(ch, ""):
                    w = word + other
                    e = get(w, 0)
                    if e != 0:
                        stack.append((j + 1, w, e, edits + sub_cost, kinds | SUB))
            if repairs & INS and mark_repair_at[j]:
                for mark, e in _insertions(word):
                    if mark != ch:
                        stack.append((j, word + mark, e, edits + (INS_MARK_COST if mark in MARKS else INS_COST), kinds | INS))
            if repairs & DEL and word and ch in MARKS and mark_repair_at[j]:
                stack.append((j + 1, word, entry, edits + DEL_COST, kinds | DEL))
        if j in mapping:
            for consumed, reading in mapping[j]:
                w = word + reading
                e = get(w, 0)
                if e != 0:
                    stack.append((j + consumed, w, e, edits + MAP_COST * consumed, kinds | MAP))
        if j in fills and not kinds & FILL:
            for fill in _fills(word, run[j + 1 : j + 3]):
                w = word + fill
                stack.append((j + 1, w, entries[w], edits + FILL_COST + FILL_LETTER_COST * len(fill), kinds | FILL))

    for i in range(n):
        base = best[i]
        if base == inf:
            continue
        cost = base + UNKNOWN_COST
        if cost < best[i + 1]:
            best[i + 1] = cost
            back[i + 1] = (i, run[i], UNKNOWN, False)
        # the words read as they are, branching where an edit may be made
        if branch[i]:
            expand(i, "", None, 0.0, 0)
        for j, word, entry in walks[i]:
            if entry is not None:
                total = base + entry[0] + (0.0 if entry[1] else UNLISTED_COST)
                if repairs and entry[1] and j - i <= RARE_MAX and entry[0] > rare:
                    total += RARE_COST
                if total < best[j] and (not banned or (i, j, word) not in banned):
                    best[j] = total
                    back[j] = (i, word, 0, entry[1])
            if mark_at[j]:
                marks(j, word, 0.0, 0)
            if branch[j]:
                expand(j, word, entry, 0.0, 0)
        # the edited words
        while stack:
            j, word, entry, edits, kinds = stack.pop()
            while True:
                if entry is not None and j > i:
                    listed = entry[1]
                    total = base + entry[0] + edits + (0.0 if listed else UNLISTED_COST)
                    if favoured and word in favoured:
                        total -= DOCUMENT_BONUS
                    # an edited word must be listed; a repaired one must cover a suspect letter
                    if (
                        total < best[j]
                        and not (kinds & restricted and not listed)
                        and not (kinds & REPAIRS and seen[j] == seen[i])
                        and (not banned or (i, j, word) not in banned)
                    ):
                        best[j] = total
                        back[j] = (i, word, kinds, listed)
                if mark_at[j] and word:
                    marks(j, word, edits, kinds)
                if branch[j] and (foreign or not kinds & REPAIRS):
                    expand(j, word, entry, edits, kinds)
                if j >= n:
                    break
                w = word + run[j]
                e = get(w, 0)
                if e == 0:
                    break
                word, entry, j = w, e, j + 1
    return _traced(best, back)


def _mark_pusher(stack: list[tuple], tone_at: list[bool], am_at: list[bool]):
    """``marks(j, word, edits, kinds)``: pushes on ``stack`` the marks a path
    at ``j`` (having read ``word``) may restore next (TONE, AM)."""
    get = lexicon().entries.get

    def marks(j: int, word: str, edits: float, kinds: int) -> None:
        last = word[-1]
        if tone_at[j] and last in UPPER_VOWELS:
            for w, e in _toned(word):
                stack.append((j, w, e, edits + TONE_COST, kinds | TONE))
        if am_at[j] and last in TONES:
            w = word + SARA_AM
            e = get(w, 0)
            if e != 0:
                stack.append((j + 1, w, e, edits + TONE_COST, kinds | AM))

    return marks


def _traced(best: list[float], back: list[tuple]) -> Reading:
    """The reading the back pointers (start, word, kinds, listed) of a search end with."""
    tokens = []
    j = len(best) - 1
    while j > 0:
        i, word, kinds, listed = back[j]
        tokens.append(Token(i, j, word, kinds, listed))
        j = i
    return Reading(best[-1], tuple(reversed(tokens)))


def edited(reading: Reading) -> list[Token]:
    return [t for t in reading.tokens if t.kinds & ~UNKNOWN]


def runner_up(run: str, reading: Reading, token: Token, *, tries: int = 2, **options) -> Reading | None:
    """The best reading of ``run`` that does not make ``token``'s text (None
    when there is none). Readings that only cut the same text differently are
    skipped."""
    banned = set(options.pop("banned", frozenset()))
    banned.add((token.start, token.end, token.word))
    for _ in range(tries):
        alt = decode(run, banned=frozenset(banned), **options)
        if alt.cost == math.inf:
            return None
        if alt.text != reading.text:
            return alt
        banned |= {(t.start, t.end, t.word) for t in alt.tokens if t.start < token.end and token.start < t.end}
    return None


def margin(run: str, reading: Reading, token: Token, *, context: int = 2, **options) -> tuple[float, bool]:
    """How much likelier (nats) ``reading`` is than the best reading of ``run``
    that does not make ``token``'s text (inf when there is none), and whether
    that runner-up reads the span otherwise (True) or leaves it as it is
    (False). Read on a window of ``context`` tokens each side of ``token``:
    the runner-up differs only there."""
    tokens = reading.tokens
    k = tokens.index(token)
    a, b = tokens[max(0, k - context)].start, tokens[min(len(tokens) - 1, k + context)].end
    window = run[a:b]
    shifted = dict(options)
    shifted["suspect"] = (options.get("suspect") or suspects(run))[a:b]
    if options.get("repairs"):
        shifted["near"] = (options.get("near") or near_suspects(run))[a:b]
    if "maps" in options:
        shifted["maps"] = tuple((j - a, m) for j, m in options["maps"] if a <= j < b)
    if "fills" in options:
        shifted["fills"] = frozenset(j - a for j in options["fills"] if a <= j < b)
    inside = Token(token.start - a, token.end - a, token.word, token.kinds, token.listed)
    best = reading if (a, b) == (0, len(run)) else decode(window, **shifted)
    if inside not in best.tokens:  # the window reads it otherwise: ask the whole run
        window, best, inside, shifted = run, reading, token, options
    alt = runner_up(window, best, inside, **shifted)
    if alt is None:
        return math.inf, True
    over = [t for t in alt.tokens if t.start < inside.end and inside.start < t.end]
    lo, hi = min(t.start for t in over), max(t.end for t in over)
    return alt.cost - best.cost, "".join(t.word for t in over) != window[lo:hi]


def standing(run: str, reading: Reading, least_margin: float, least_gain: float, **options) -> set[Token]:
    """The edited tokens of ``reading`` that stand. A token repaired with SUB,
    INS or DEL: read from two letters or more into a common word that is no
    suspect itself (not a rare short word: ``ชวด`` for ``ชวิด``; see
    ``REPAIR_COUNT``), at least
    ``least_margin`` nats likelier than any other reading of its span and
    ``least_gain`` likelier than leaving it (``margin``). Any edited token
    (a restored mark too): no damage left beside it (a suspect token, or an
    edit that does not stand)."""
    tokens = reading.tokens
    keep = set()
    lex = lexicon()
    common = lex.log_total - math.log(REPAIR_COUNT)
    # the plain reading leaves every span as it is: no repair beats its
    # runner-up by more than it beats the plain reading (costed as decode does)
    plain = segment(run)
    rare = lex.log_total - math.log(RARE_COUNT)
    penalties = sum(RARE_COST for t in plain.tokens if t.listed and len(t.word) <= RARE_MAX and lex.entries[t.word][0] > rare)
    ceiling = plain.cost + (penalties if options.get("repairs") else 0.0) - reading.cost
    for k, t in enumerate(tokens):
        if not t.kinds or t.kinds & UNKNOWN:
            continue
        if any(is_suspect(u) for u in tokens[max(0, k - 1) : k] + tokens[k + 1 : k + 2]):
            continue  # damage left beside it
        if not t.kinds & REPAIRS:
            keep.add(t)
        elif t.end - t.start >= 2 and not is_suspect(t) and (len(t.word) > 6 or lex.entries[t.word][0] <= common):
            if ceiling < min(least_margin, least_gain):
                continue
            gap, rival = margin(run, reading, t, context=len(tokens), **options)  # run is a window already
            if gap >= (least_margin if rival else least_gain):
                keep.add(t)
    changed = True
    while changed:
        changed = False
        for k, t in enumerate(tokens):
            if t not in keep:
                continue
            for u in tokens[max(0, k - 1) : k] + tokens[k + 1 : k + 2]:
                if is_suspect(u) or (u.kinds and not u.kinds & UNKNOWN and u not in keep):
                    keep.discard(t)
                    changed = True
                    break
    return keep
