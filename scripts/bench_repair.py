"""Repair benchmark for the normalise stage (issue 4).

Takes the clean official-letter Thai of ``fixtures/repair/clean_sentences.txt``,
damages it the ways real OCR output of circulars is damaged (one kind of
damage per sentence, at a realistic rate, from a fixed seed), keeps a fifth of
the sentences untouched, runs ``pipeline.normalise`` on pages of about 2,000
characters (sentences separated by blank lines, so no line is rejoined) and
prints, per kind of damage:

* words damaged, and how many of them come back exactly (repair rate);
* false repairs: words of untouched sentences that were changed (and words of
  damaged sentences the damage did not touch that were changed);
* CER (character error rate against the clean text) before and after;
* throughput: CPU milliseconds per 2,000 characters on one core, every page
  with cold caches (the lexicon itself is loaded once, reported apart); the
  same on real OCR pages: the seeds and the recorded Tesseract pages of the
  rendered scans (``fixtures/ocr/scans/*.txt``).

    PYTHAINLP_OFFLINE=1 python scripts/bench_repair.py [--rounds 8] [--seed 4] [--show 5] [--repeat 5]

Words are PyThaiNLP's ``newmm`` segmentation of the clean sentence; a word is
damaged when the damage changed one of its letters (or put something inside
it). Names, abbreviations and addresses are never damaged: the repair never
touches them (``pipeline/normalise/guards.py``).
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pythainlp.tokenize import word_tokenize  # noqa: E402

from pipeline.normalise import guards, lattice, normalise, words  # noqa: E402
from pipeline.normalise.lexicon import confusions, lexicon, lookalikes  # noqa: E402
from pipeline.textutil import edit_distance  # noqa: E402

SENTENCES = REPO / "fixtures" / "repair" / "clean_sentences.txt"
# real pages: OCR output of circulars as it reaches the repair stage
REAL_PAGES = {
    "seeds": sorted((REPO / "fixtures" / "seeds").glob("*.txt")),
    "tesseract": sorted((REPO / "fixtures" / "ocr" / "scans").glob("*.txt")),
}
PAGE_CHARS = 2000

TONES = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
LOWER = "\u0e38\u0e39\u0e3a"
MARKS = UPPER + LOWER + TONES + "\u0e4c\u0e4d"
LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44"
CONSONANTS = "".join(chr(c) for c in range(0x0E01, 0x0E2F))
TALL = "\u0e1b\u0e1d\u0e1f\u0e2c"  # ป ฝ ฟ ฬ
CJK_CHARS = "率捺胺的是不了人我在有他这中大来上国个到说们为子和你地出道也时年"
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff"]


@dataclass
class Sentence:
    text: str
    words: list[tuple[int, int]]  # spans of the clean text
    eligible: list[bool]  # may the damage touch this word


@dataclass
class Damaged:
    clean: Sentence
    kind: str  # "untouched" or the kind of damage
    text: str
    damaged: set[int] = field(default_factory=set)  # indices of damaged words


def load_sentences() -> list[Sentence]:
    out = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        words, pos = [], 0
        for w in word_tokenize(line, engine="newmm", keep_whitespace=True):
            if w.strip():
                words.append((pos, pos + len(w)))
            pos += len(w)
        open_mask = [False] * len(line)
        for run in guards.thai_runs(line):
            open_mask[run.start : run.start + len(run.text)] = [True] * len(run.text)
        eligible = [all(open_mask[a:b]) and b - a >= 2 for a, b in words]
        out.append(Sentence(line, words, eligible))
    return out


# --------------------------------------------------------------------------
# damage, one function per kind: (sentence, rng) -> {word index: new word} or None
# --------------------------------------------------------------------------


def _pick(rng, candidates, k):
    return rng.sample(candidates, min(k, len(candidates)))


def _per_word(s: Sentence, rng, test, change, k):
    cands = [i for i, (a, b) in enumerate(s.words) if s.eligible[i] and test(s.text[a:b])]
    if not cands:
        return None
    out = {}
    for i in _pick(rng, cands, k):
        a, b = s.words[i]
        new = change(s.text[a:b], rng)
        if new != s.text[a:b]:
            out[i] = new
    return out or None


def _positions(word, test):
    return [j for j in range(len(word)) if test(word, j)]


def tone_drop(s, rng):
    """Tesseract drops a tone mark over an upper vowel (most of them)."""
    test = lambda w: bool(_positions(w, lambda w, j: w[j] in TONES and j and w[j - 1] in UPPER))  # noqa: E731

    def change(w, rng):
        return "".join(c for j, c in enumerate(w) if not (c in TONES and j and w[j - 1] in UPPER and rng.random() < 0.8))

    return _per_word(s, rng, test, change, 4)


def am_as_aa(s, rng):
    """Tesseract writes ำ as า after a tone mark (น้ำ -> น้า)."""
    return _per_word(s, rng, lambda w: any(c in TONES and w[j + 1 : j + 2] == "ำ" for j, c in enumerate(w)), lambda w, r: w.replace("่ำ", "่า").replace("้ำ", "้า"), 3)


def sara_am(s, rng):
    """Sara am in two parts, nikhahit + sara aa (every one, as a PDF text layer has it)."""
    return _per_word(s, rng, lambda w: "ำ" in w, lambda w, r: w.replace("ำ", "\u0e4d\u0e32"), 99)


def mark_order(s, rng):
    """Tone typed before its upper vowel, or a mark doubled."""
    def test(w):
        return any(c in UPPER + LOWER and w[j + 1 : j + 2] and w[j + 1] in TONES for j, c in enumerate(w)) or any(c in MARKS for c in w)

    def change(w, r):
        swaps = [j for j in range(len(w) - 1) if w[j] in UPPER + LOWER and w[j + 1] in TONES]
        if swaps and r.random() < 0.6:
            j = r.choice(swaps)
            return w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        j = r.choice([j for j, c in enumerate(w) if c in MARKS])
        return w[: j + 1] + w[j] + w[j + 1 :]

    return _per_word(s, rng, test, change, 2)


def zero_width(s, rng):
    """Zero-width spaces, joiners, soft hyphens inside words."""
    return _per_word(s, rng, lambda w: len(w) >= 3, lambda w, r: (lambda j: w[:j] + r.choice(ZERO_WIDTH) + w[j:])(r.randrange(1, len(w))), 3)


def legacy_pua(s, rng):
    """Text from a legacy Thai PDF: marks in the shifted glyph forms of the
    Microsoft/WTT Private Use Area, as a Windows font positions them
    (HarfBuzz's thai_pua_shape): left over a tall consonant, low without an
    upper vowel, descenderless ญ/ฐ over a lower vowel."""
    shift_left = {"\u0e31": "\uf710", "\u0e34": "\uf701", "\u0e35": "\uf702", "\u0e36": "\uf703", "\u0e37": "\uf704", "\u0e47": "\uf712", "\u0e4d": "\uf711"}
    down_left = {t: chr(0xF705 + k) for k, t in enumerate(TONES + "\u0e4c")}
    down = {t: chr(0xF70A + k) for k, t in enumerate(TONES + "\u0e4c")}
    low_left = {t: chr(0xF713 + k) for k, t in enumerate(TONES + "\u0e4c")}

    def change(w, r):
        out = []
        base = ""
        above = False
        for j, c in enumerate(w):
            if c in CONSONANTS:
                base, above = c, False
                out.append(c)
                continue
            if c in UPPER or c == "\u0e4d":
                out.append(shift_left.get(c, c) if base in TALL else c)
                above = True
            elif c in TONES + "\u0e4c":
                if above:
                    out.append(low_left[c] if base in TALL else c)
                else:
                    out.append(down_left[c] if base in TALL else down[c])
            elif c in LOWER and base in "\u0e0d\u0e10" and out and out[-1] == base:
                out[-1] = "\uf70f" if base == "\u0e0d" else "\uf700"
                out.append(c)
            else:
                out.append(c)
        return "".join(out)

    return _per_word(s, rng, lambda w: any(c in TONES + UPPER for c in w), change, 999)


def confusable(s, rng):
    """One letter read as one OCR confuses it with (ป for บ, ห for ท)."""
    others = confusions()["others"]

    def change(w, r):
        j = r.choice([j for j, c in enumerate(w) if c in others])
        return w[:j] + r.choice(others[w[j]]) + w[j + 1 :]

    return _per_word(s, rng, lambda w: len(w) >= 3 and any(c in others for c in w), change, 2)


def vowel_drop(s, rng):
    """A vowel or mark OCR did not write (ดีเลิศ -> ดีลิศ)."""
    droppable = UPPER + LOWER + "\u0e4c" + LEADING

    def change(w, r):
        j = r.choice([j for j, c in enumerate(w) if c in droppable])
        return w[:j] + w[j + 1 :]

    return _per_word(s, rng, lambda w: len(w) >= 3 and any(c in droppable for c in w), change, 2)


def _twin_map(table: dict) -> dict[str, str]:
    out = {}
    for foreign, thai in table.items():
        for t in [thai] if isinstance(thai, str) else thai:
            if len(t) == 1 and len(foreign) == 1:
                out.setdefault(t, foreign)
    return out


def lao(s, rng):
    """A word written in Lao letters (ແຄ for แค)."""
    twins = _twin_map(lookalikes()["lao"])
    return _per_word(s, rng, lambda w: sum(c in twins for c in w) >= 2, lambda w, r: "".join(twins.get(c, c) for c in w), 2)


def _inner(s: Sentence, i: int, rng, twins: dict, both_sides: bool):
    """A span of 1-3 letters inside word i that all have a stand-in, with Thai on
    both sides (Latin) or at least one (Cyrillic) in the sentence."""
    a, b = s.words[i]
    w = s.text[a:b]
    spans = []
    for j in range(len(w)):
        for k in (1, 2, 3):
            if j + k > len(w) or not all(c in twins for c in w[j : j + k]):
                continue
            left = s.text[a + j - 1] if a + j > 0 else " "
            right = s.text[a + j + k] if a + j + k < len(s.text) else " "
            thai_l, thai_r = "\u0e01" <= left <= "\u0e4e", "\u0e01" <= right <= "\u0e4e"
            if (thai_l and thai_r) if both_sides else (thai_l or thai_r):
                spans.append((j, k))
    if not spans:
        return None
    j, k = rng.choice(spans)
    return w[:j] + "".join(twins[c] for c in w[j : j + k]) + w[j + k :]


def latin(s, rng):
    """Latin letters inside a Thai word, standing for Thai ones (U for บ, r for ร)."""
    return _foreign(s, rng, lookalikes()["latin"], both_sides=True)


def cyrillic(s, rng):
    """Cyrillic letters inside a Thai word (б for บ, л for ล)."""
    return _foreign(s, rng, lookalikes()["cyrillic"], both_sides=False)


def _foreign(s, rng, table, both_sides):
    twins = {t: f for t, f in _twin_map(table).items() if f.islower() or not both_sides}
    cands = [i for i in range(len(s.words)) if s.eligible[i]]
    rng.shuffle(cands)
    for i in cands:
        new = _inner(s, i, rng, twins, both_sides)
        if new:
            return {i: new}
    return None


def cjk(s, rng):
    """A CJK character where a syllable stood, inside a word."""
    cands = [i for i, (a, b) in enumerate(s.words) if s.eligible[i] and b - a >= 4]
    rng.shuffle(cands)
    for i in cands:
        a, b = s.words[i]
        w = s.text[a:b]
        starts = [j for j, c in enumerate(w) if c in CONSONANTS + LEADING and (j == 0 or w[j - 1] not in LEADING)]
        spans = []
        for j in starts:
            for end in range(j + 1, min(j + 3, len(w)) + 1):
                if (end == len(w) or w[end] in CONSONANTS + LEADING) and (j > 0 or end < len(w)) and any(c in CONSONANTS for c in w[j:end]):
                    spans.append((j, end))
        if spans:
            j, end = rng.choice(spans)
            return {i: w[:j] + rng.choice(CJK_CHARS) + w[end:]}
    return None


def phrase_garble(s, rng):
    """A phrase of the letter garbled by several errors (ปฏิบัติราชการแทน ->
    พภบดตราชการแทน): a confused letter and one or two dropped marks."""
    others = confusions()["others"]
    similar = defaultdict(list)
    for a, b in confusions()["similar"]:
        similar[a].append(b)
    found = [(s.text.find(p), p) for p in lexicon().phrases if p in s.text and len(p) >= 10]
    found = [(a, p) for a, p in found if a >= 0]
    if not found:
        return None
    a, phrase = rng.choice(found)
    letters = list(phrase)
    subs = [j for j, c in enumerate(letters) if c in others or c in similar]
    drops = [j for j, c in enumerate(letters) if c in UPPER + LOWER + TONES]
    if not subs:
        return None
    j = rng.choice(subs)
    letters[j] = rng.choice(list(others.get(letters[j], "")) + similar.get(letters[j], []))
    for j in sorted(_pick(rng, drops, 1 if len(phrase) < 14 else 2), reverse=True):
        del letters[j]
    garbled = "".join(letters)
    out = {}
    # spread the garbled phrase back over the words it covers
    text = s.text[:a] + garbled + s.text[a + len(phrase) :]
    shift = len(garbled) - len(phrase)
    for i, (wa, wb) in enumerate(s.words):
        if wa < a + len(phrase) and a < wb:
            if not s.eligible[i]:
                return None
            out[i] = None
    # the covered words become one damaged stretch: put it in the first
    first, last = min(out), max(out)
    fa, lb = s.words[first][0], s.words[last][1]
    stretch = text[fa : lb + shift]
    return {first: stretch, **{i: "" for i in range(first + 1, last + 1)}, "_span": (first, last)}


KINDS = {
    "tone-drop": tone_drop,
    "am-as-aa": am_as_aa,
    "sara-am": sara_am,
    "mark-order": mark_order,
    "zero-width": zero_width,
    "legacy-pua": legacy_pua,
    "confusable": confusable,
    "vowel-drop": vowel_drop,
    "lao": lao,
    "latin": latin,
    "cyrillic": cyrillic,
    "cjk": cjk,
    "phrase-garble": phrase_garble,
}


def damage(s: Sentence, kind: str, rng) -> Damaged | None:
    change = KINDS[kind](s, rng)
    if not change:
        return None
    span = change.pop("_span", None)
    pieces, pos = [], 0
    for i, (a, b) in enumerate(s.words):
        pieces.append(s.text[pos:a])
        pieces.append(change[i] if i in change else s.text[a:b])
        pos = b
    pieces.append(s.text[pos:])
    damaged = set(range(span[0], span[1] + 1)) if span else set(change)
    return Damaged(s, kind, "".join(pieces), damaged)


# --------------------------------------------------------------------------
# scoring
# --------------------------------------------------------------------------


def changed_words(clean: Sentence, output: str) -> set[int]:
    """Indices of the clean words the output does not give back exactly."""
    ops = difflib.SequenceMatcher(None, clean.text, output, autojunk=False).get_opcodes()
    kept = [False] * len(clean.text)
    inserted_at = set()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            kept[i1:i2] = [True] * (i2 - i1)
        elif tag == "insert":
            inserted_at.add(i1)
    return {
        k
        for k, (a, b) in enumerate(clean.words)
        if not all(kept[a:b]) or any(a < p < b for p in inserted_at)
    }


def reference_ms() -> float:
    """CPU ms of a fixed pure-Python workload (dictionary look-ups of fresh
    strings, as the lattice does), the least of five: how fast this machine
    is right now, to compare throughput figures across machines and moments."""
    table = {str(i): i for i in range(1000)}
    best = math.inf
    for _ in range(5):
        t = time.process_time()
        total = 0
        for k in range(300000):
            total += table.get(str(k % 1500), 0)
        best = min(best, time.process_time() - t)
    return best * 1000


def clear_caches() -> None:
    """Forget everything read from text (not the lexicon's own look-ups)."""
    for f in (lattice._walks, lattice._plain_and_marked, lattice.suspects, lattice.decode, words.phrase_edits):
        f.cache_clear()


def build(sentences: list[Sentence], rounds: int, seed: int) -> list[Damaged]:
    rng = random.Random(seed)
    kinds = list(KINDS)
    items, turn = [], 0
    for r in range(rounds):
        for k, s in enumerate(sentences):
            if (k + r) % 5 == 0:
                items.append(Damaged(s, "untouched", s.text))
                continue
            for attempt in range(len(kinds)):
                kind = kinds[(turn + attempt) % len(kinds)]
                d = damage(s, kind, rng)
                if d:
                    items.append(d)
                    turn += attempt + 1
                    break
            else:
                items.append(Damaged(s, "untouched", s.text))
    rng.shuffle(items)
    return items


def run(items: list[Damaged], show: int, repeat: int = 5) -> dict:
    pages, page, size = [], [], 0
    for d in items:
        if size + len(d.text) > PAGE_CHARS and page:
            pages.append(page)
            page, size = [], 0
        page.append(d)
        size += len(d.text) + 2
    if page:
        pages.append(page)

    texts = ["\n\n".join(d.text for d in page) for page in pages]
    chars = sum(map(len, texts))
    outputs: list[str] = []
    warnings = 0
    for page, text in zip(pages, texts):
        result = normalise(text)
        warnings += len(result.warnings)
        parts = result.thai_digit_text.split("\n\n")
        assert len(parts) == len(page), "a sentence boundary moved"
        outputs += parts
    ms_per_page = cpu_ms_per_page(texts, repeat)
    done = [d for page in pages for d in page]

    stats: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    examples: dict[str, list] = defaultdict(list)
    for d, out in zip(done, outputs):
        st = stats[d.kind]
        st["sentences"] += 1
        changed = changed_words(d.clean, out)
        st["chars"] += len(d.clean.text)
        st["edits_before"] += edit_distance(d.text, d.clean.text)
        st["edits_after"] += edit_distance(out, d.clean.text)
        if d.kind == "untouched":
            st["words"] += len(d.clean.words)
            st["false"] += len(changed)
            if changed and len(examples["false"]) < 20:
                examples["false"].append((d.clean.text, out))
            continue
        st["damaged"] += len(d.damaged)
        st["restored"] += len(d.damaged - changed)
        st["collateral"] += len(changed - d.damaged)
        st["other_words"] += len(d.clean.words) - len(d.damaged)
        if d.damaged & changed and len(examples[d.kind]) < show:
            miss = sorted(d.damaged & changed)
            a, b = d.clean.words[miss[0]][0], d.clean.words[miss[-1]][1]
            examples[d.kind].append((d.clean.text[a:b], d.text, out))
        if changed - d.damaged and len(examples["collateral"]) < 20:
            examples["collateral"].append((d.kind, d.clean.text, out))
    return {"stats": stats, "examples": examples, "ms_per_page": ms_per_page, "chars": chars, "pages": len(pages), "warnings": warnings}


def cpu_ms_per_page(texts: list[str], repeat: int) -> float:
    """CPU ms of ``normalise`` per ``PAGE_CHARS`` characters over ``texts``
    (CPU time of one core), cold caches each text; each text's least over
    ``repeat`` passes, as other processes on the machine (a shared VM: the
    same pass varies by 20%) only ever add to it."""
    fastest = [math.inf] * len(texts)
    for _ in range(repeat):
        for k, text in enumerate(texts):
            clear_caches()
            t = time.process_time()
            normalise(text)
            fastest[k] = min(fastest[k], time.process_time() - t)
    return sum(fastest) * 1000 / sum(map(len, texts)) * PAGE_CHARS


def real_pages(repeat: int) -> dict[str, tuple[int, int, float]]:
    """name -> (pages, characters, ms per PAGE_CHARS) for the real OCR pages."""
    out = {}
    for name, paths in REAL_PAGES.items():
        texts = [page for path in paths for page in path.read_text(encoding="utf-8").split("\f") if page.strip()]
        for text in texts:  # the lexicon's own look-ups warm, as in a batch
            normalise(text)
        out[name] = (len(texts), sum(map(len, texts)), cpu_ms_per_page(texts, repeat))
    return out


def report(result: dict, show: int) -> None:
    stats = result["stats"]
    print(f"{'kind':15s} {'sent':>5s} {'damaged':>8s} {'restored':>9s} {'rate':>7s} {'collat.':>8s} {'CER before':>11s} {'CER after':>10s}")
    total = defaultdict(int)
    for kind in list(KINDS) + ["untouched"]:
        st = stats.get(kind)
        if not st:
            continue
        for key, value in st.items():
            total[key] += value
        if kind == "untouched":
            continue
        rate = st["restored"] / st["damaged"] if st["damaged"] else 0
        print(
            f"{kind:15s} {st['sentences']:5d} {st['damaged']:8d} {st['restored']:9d} {rate:7.1%} {st['collateral']:8d}"
            f" {st['edits_before'] / st['chars']:11.2%} {st['edits_after'] / st['chars']:10.2%}"
        )
    u = stats["untouched"]
    print(
        f"\nall damage: {total['restored']}/{total['damaged']} words restored exactly = {total['restored'] / total['damaged']:.1%}"
        f" (mean over kinds {sum(stats[k]['restored'] / stats[k]['damaged'] for k in KINDS if stats[k]['damaged']) / len([k for k in KINDS if stats[k]['damaged']]):.1%})"
    )
    print(f"false repairs on untouched sentences: {u['false']}/{u['words']} words = {u['false'] / max(1, u['words']):.2%}")
    print(f"collateral changes to undamaged words of damaged sentences: {total['collateral']}/{total['other_words']} = {total['collateral'] / max(1, total['other_words']):.2%}")
    before, after = total["edits_before"] / total["chars"], total["edits_after"] / total["chars"]
    print(f"CER before {before:.2%}, after {after:.2%} (ratio {after / before:.2f})")
    print(
        f"throughput: {result['ms_per_page']:.1f} ms CPU per {PAGE_CHARS} characters"
        f" ({result['pages']} pages, {result['chars']} characters, cold caches each page, each page's fastest of {result['repeat']} passes;"
        f" loading the lexicon once: {result['load']:.2f} s)"
    )
    for name, (n, chars, ms) in result["real"].items():
        print(f"throughput on real OCR pages, {name}: {ms:.1f} ms CPU per {PAGE_CHARS} characters ({n} pages, {chars} characters, as above)")
    print(f"machine speed: {result['reference']:.0f} ms for a fixed Python workload (reference_ms), to compare throughput across machines")
    print(f"warnings (unreadable runs left and reported): {result['warnings']}")
    if show:
        for kind, rows in result["examples"].items():
            print(f"\n-- {kind}")
            for row in rows[:show]:
                print("   ", " | ".join(repr(x) for x in row))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=8, help="times each sentence is used (default 8)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--show", type=int, default=0, help="examples of misses to print per kind")
    parser.add_argument("--repeat", type=int, default=5, help="timing passes, each page's fastest counts (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    t0 = time.perf_counter()
    lexicon()
    load = time.perf_counter() - t0
    items = build(load_sentences(), args.rounds, args.seed)
    result = run(items, args.show, args.repeat)
    result["load"] = load
    result["repeat"] = args.repeat
    result["real"] = real_pages(args.repeat)
    result["reference"] = reference_ms()
    if args.json:
        print(json.dumps({k: dict(v) for k, v in result["stats"].items()}, ensure_ascii=False, indent=1))
    else:
        report(result, args.show)


if __name__ == "__main__":
    main()
