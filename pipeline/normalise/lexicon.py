"""The lexicon and the tables every repair reads, loaded once per process
(the lexicon's entries from the user's cache directory once built: ``stored_entries``).

Words come from data PyThaiNLP ships in its wheel (nothing is downloaded:
``PYTHAINLP_OFFLINE`` is set before the corpus is read):

* ``words_th.txt``: PyThaiNLP's word list, the *listed* words;
* ``tnc_freq.txt``: word frequencies of the Thai National Corpus. It also
  holds fragments its segmenter left (``ลิศ``, ``ถิน``, single letters): they
  are readable but not *listed*, and a fragment is where damage shows;
* ``thailand_provinces_th.csv``: the 77 provinces;

and from ours: ``data/domain_lexicon.json`` (ministries, departments,
positions, districts, phrases of letters) and the vocabulary of
``data/letter_terms.json``. Our words are listed and at least as likely as
a common word.

A word costs ``-log P(word)`` nats in a unigram model over the TNC counts
(a listed word the corpus lacks counts ``LISTED_FLOOR``). ``entries`` maps
every word *and every prefix of a word* to its ``(cost, listed)`` (``None``
for a prefix only), so a lattice can walk it one letter at a time with one
dictionary look-up per step.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import json
import marshal
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import regex

from pipeline.textutil import terms

THAI_WORD = regex.compile(r"[\u0e01-\u0e4e]+")
LISTED_FLOOR = 2
"""Count given to a listed word the corpus does not have (``ดีเลิศ``)."""
DOMAIN_RANK = 2000
"""Our words are at least as frequent as the corpus's 2000th word."""
PHRASE_MIN_LETTERS = 8
"""Domain entries at least this long are also matched whole against garbled spans."""
COLLECTOR_THRESHOLD = 50_000
"""Allocations between two runs of Python's cycle collector once the lexicon
is loaded (the default is 700). The lattice makes hundreds of thousands of
short-lived tuples a page, and its caches keep many of them: with the
default, full collections walking those caches took 15-20% of the repair
time (measured with ``gc.callbacks`` on ``scripts/bench_repair.py``). What
the pipeline allocates is freed by reference counting; a few thousand more
objects waiting for the collector cost a few MB at most."""


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, tuple[float, bool] | None]
    phrases: tuple[str, ...]  # domain entries matched whole (lexicon-phrase)
    phrase_bigrams: dict[str, tuple[int, ...]]  # letter pair -> phrases holding it
    abbreviations: tuple[str, ...]  # สป.มท., ก.พ.ร.: never altered
    log_total: float  # log of the corpus size the costs are counted against

    def is_listed(self, word: str) -> bool:
        entry = self.entries.get(word)
        return bool(entry and entry[1])


def _data(name: str):
    with resources.files("pipeline.data").joinpath(name).open(encoding="utf-8") as f:
        return json.load(f)


def _corpus_lines(name: str):
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # never download at run time
    with resources.files("pythainlp.corpus").joinpath(name).open(encoding="utf-8") as f:
        yield from f


@cache
def provinces() -> tuple[tuple[str, str], ...]:
    """(name, two-letter code) of the 77 provinces, from PyThaiNLP's CSV."""
    rows = csv.reader(_corpus_lines("thailand_provinces_th.csv"))
    return tuple((row[0].strip(), row[1].strip()) for row in rows if row and row[0].strip())


def domain_words() -> tuple[list[str], list[str]]:
    """(words, phrases) of the domain lexicon; a phrase is one entry written whole."""
    data = _data("domain_lexicon.json")
    entries: list[str] = [name for name, _ in data["ministries"]]
    entries += [name for name, _ in data["departments"]]
    entries += data["positions"] + data["phrases"] + data["terms"]
    for name, _ in provinces():
        entries.append(name)
        # every province but these two has an อำเภอเมือง<province>
        if name not in ("กรุงเทพมหานคร", "พระนครศรีอยุธยา"):
            entries.append("เมือง" + name)
    for districts in data["districts"].values():
        entries += districts
    vocabulary = terms()
    for key in ("labels", "closings", "position_heads", "organisation_heads", "acting_forms", "recipient_qualifiers", "body_openers", "attachment_units", "urgency", "secrecy"):
        entries += vocabulary[key]
    entries += [m for names in vocabulary["months"].values() for m in names]
    words = [w for entry in entries for w in entry.split() if THAI_WORD.fullmatch(w)]
    phrases = [
        e.replace(" ", "")
        for e in dict.fromkeys(entries)
        if len(e.replace(" ", "")) >= PHRASE_MIN_LETTERS and THAI_WORD.fullmatch(e.replace(" ", ""))
    ]
    return words, phrases


@cache
def lexicon() -> Lexicon:
    words, phrases = domain_words()
    entries, log_total = stored_entries(words, phrases)
    index: dict[str, list[int]] = {}
    for i, p in enumerate(phrases):
        for bigram in {p[k : k + 2] for k in range(len(p) - 1)}:
            index.setdefault(bigram, []).append(i)
    data = _data("domain_lexicon.json")
    _quieten_collector()
    abbreviations = tuple(
        sorted({a for key in ("ministries", "departments") for _, a in data[key] if "." in a}, key=len, reverse=True)
    )
    return Lexicon(
        entries=entries,
        phrases=tuple(phrases),
        phrase_bigrams={k: tuple(v) for k, v in index.items()},
        abbreviations=abbreviations,
        log_total=log_total,
    )


def build_entries(words: list[str], phrases: list[str]) -> tuple[dict[str, tuple[float, bool] | None], float]:
    """``entries`` and the log of the corpus size, from PyThaiNLP's corpus and
    our ``words`` and ``phrases`` (``domain_words``)."""
    counts: dict[str, int] = {}
    for line in _corpus_lines("tnc_freq.txt"):
        word, _, count = line.rstrip("\n").partition("\t")
        if count.isdigit() and THAI_WORD.fullmatch(word):
            counts[word] = counts.get(word, 0) + int(count)
    listed = {w for w in (line.strip() for line in _corpus_lines("words_th.txt")) if THAI_WORD.fullmatch(w)}
    listed |= {"ณ", "ฯ", "ๆ"}  # one-letter words; other single letters are fragments
    floor = sorted(counts.values(), reverse=True)[DOMAIN_RANK]
    for w in words:
        counts[w] = max(counts.get(w, 0), floor)
        listed.add(w)
    for p in phrases:
        counts[p] = max(counts.get(p, 0), floor)
        listed.add(p)
    for w in listed:
        counts.setdefault(w, LISTED_FLOOR)
    total = sum(counts.values())
    entries: dict[str, tuple[float, bool] | None] = {}
    for w in counts:
        for k in range(1, len(w)):
            entries.setdefault(w[:k], None)
    log_total = math.log(total)
    for w, c in counts.items():
        entries[w] = (log_total - math.log(c), w in listed)
    return entries, log_total


def stored_entries(words: list[str], phrases: list[str]) -> tuple[dict[str, tuple[float, bool] | None], float]:
    """``build_entries``, kept in the user's cache directory: building them
    takes 0.4 s, loading them 0.1 s, and every process (each ``circulars``
    run, each batch) needs them. The file's name is a hash of everything they
    are built from (this module, the corpus files, our words, the Python
    version marshal writes for); an unreadable or unwritable cache is built
    around."""
    key = hashlib.sha256()
    key.update(sys.version.encode())
    key.update(Path(__file__).read_bytes())
    for name in ("tnc_freq.txt", "words_th.txt"):
        with resources.as_file(resources.files("pythainlp.corpus").joinpath(name)) as corpus:
            stat = corpus.stat()
            key.update(f"{corpus}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    key.update("\n".join(words + ["\f"] + phrases).encode())
    path = _cache_dir() / f"entries-{key.hexdigest()[:24]}.marshal"
    collecting = gc.isenabled()
    gc.disable()  # 270,000 new tuples would set the cycle collector off hundreds of times
    try:
        return _load_or_build(path, words, phrases)
    finally:
        if collecting:
            gc.enable()


def _load_or_build(path: Path, words: list[str], phrases: list[str]):
    try:
        entries, log_total = marshal.loads(path.read_bytes())
        return entries, log_total
    except (OSError, EOFError, ValueError, TypeError):
        pass
    entries, log_total = build_entries(words, phrases)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".entries-", delete=False) as f:
            temporary = Path(f.name)
            marshal.dump((entries, log_total), f)
        os.replace(temporary, path)  # whole or not at all, as other processes may read it
        for older in path.parent.glob("entries-*.marshal"):  # built from what no longer is
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return entries, log_total


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "thai-circulars" / "lexicon"


def _quieten_collector() -> None:
    """Collects what loading left, moves what stays (the lexicon, the modules)
    out of the collector's sight for good (``gc.freeze``), and makes the
    collector run less often (``COLLECTOR_THRESHOLD``; a higher threshold
    someone set is kept). Process-wide, done once, when the repair's data is
    loaded: whoever repairs text gets the same speed as the CLI."""
    gc.collect()
    gc.freeze()
    first, *rest = gc.get_threshold()
    gc.set_threshold(max(first, COLLECTOR_THRESHOLD), *rest)


@cache
def confusions() -> dict:
    """``ocr_confusions.json``: letter -> letters OCR takes it for, and the
    substitution classes of the weighted edit distance."""
    table = _data("ocr_confusions.json")
    others: dict[str, str] = {}
    for group in table["letter_groups"]:
        for letter in group:
            others[letter] = others.get(letter, "") + "".join(g for g in group if g != letter)
    similar: set[tuple[str, str]] = set()
    for group in table["similar_shapes"] + table["similar_marks"]:
        similar |= {(a, b) for a in group for b in group if a != b}
    return {
        "others": others,
        "substitution_cost": math.log(table["substitution_cost_ratio"]),
        "similar": frozenset(similar),
    }


@cache
def lookalikes() -> dict:
    """``lookalikes.json``: legacy PUA forms, Lao twins, Latin and Cyrillic stand-ins."""
    return _data("lookalikes.json")
