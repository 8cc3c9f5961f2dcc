"""Restoring the marks stock Tesseract ``tha`` cannot write.

Tesseract drops a tone mark over an upper vowel (``ที่`` -> ``ที``,
``ท้องถิ่น`` -> ``ท้องถิน``) and writes ``ำ`` after a tone mark as ``า``
(``น้ำ`` -> ``น้า``). Both damaged forms are often words themselves (``ที``,
``น้า``), so a word list alone cannot tell; the sentence around them can.

We segment each run of Thai with a unigram language model (word frequencies of
the Thai National Corpus, shipped inside PyThaiNLP, plus our letter
vocabulary) over a lattice in which every such place may also carry the
missing mark. The best segmentation decides: ``สิงทีส่งมาด้วย`` is far likelier
read as ``สิ่ง ที่ ส่ง มา ด้วย``. Each restored mark costs ``EDIT_COST`` nats,
so a word changes only when the restored reading is clearly likelier, and a
run with no such place is left alone without any work.

The same lattice lets a letter be read as one OCR confuses it with
(``data/ocr_confusions.json``: ห for ท, ป for บ, ...), once per word, at a
higher cost.

Known limit: a unigram model has no context beyond the words themselves, so
``น้า`` (aunt) before a word it does not form a compound with becomes ``น้ำ``
(water), ten times as frequent. In circulars water is the common reading.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from pipeline.textutil import terms

TONES = "\u0e48\u0e49\u0e4a\u0e4b"
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47"
SARA_AA, SARA_AM = "\u0e32", "\u0e33"
THAI_RUN = regex.compile(r"[\u0e01-\u0e4e]+")
EDIT_COST = math.log(10)
"""A restored mark must make the reading 10 times likelier (in the unigram
model) than leaving the text as it is. Measured on the seeds and a rendered
scan: 50 misses ``น้า`` -> ``น้ำ`` in context, 5 starts changing ``พึง``."""
UNKNOWN_CHAR_COST = 18.0  # nats for a character no dictionary word covers
MAX_WORD = 24


@dataclass
class _Node:
    children: dict
    logp: float | None = None


@cache
def _lexicon() -> tuple[_Node, float]:
    """A trie of words with their log probabilities (loaded once)."""
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")  # never download at run time
    counts: dict[str, int] = {}
    path = resources.files("pythainlp.corpus").joinpath("tnc_freq.txt")
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, _, count = line.rstrip("\n").partition("\t")
            if word and count.isdigit() and THAI_RUN.fullmatch(word):
                counts[word] = counts.get(word, 0) + int(count)
    # the vocabulary of letters, at least as likely as a common word
    floor = sorted(counts.values(), reverse=True)[2000]
    vocabulary = [w for key in ("labels", "position_heads", "organisation_heads", "acting_forms", "closings") for w in terms()[key]]
    for phrase in vocabulary:
        for word in phrase.split():
            if THAI_RUN.fullmatch(word):
                counts[word] = max(counts.get(word, 0), floor)
    total = sum(counts.values())
    root = _Node({})
    for word, count in counts.items():
        node = root
        for ch in word:
            node = node.children.setdefault(ch, _Node({}))
        node.logp = math.log(count / total)
    return root, math.log(1 / total)


@cache
def _confusions() -> tuple[dict[str, str], float]:
    """Letter -> the letters OCR takes it for, and the cost of one such substitution."""
    with resources.files("pipeline.data").joinpath("ocr_confusions.json").open(encoding="utf-8") as f:
        table = json.load(f)
    others: dict[str, str] = {}
    for group in table["letter_groups"]:
        for letter in group:
            others[letter] = "".join(g for g in group if g != letter)
    return others, math.log(table["substitution_cost_ratio"])


def _may_have_lost_a_mark(run: str) -> bool:
    return any(
        (ch in UPPER_VOWELS and (i + 1 == len(run) or run[i + 1] not in TONES))
        or (ch == SARA_AA and i > 0 and run[i - 1] in TONES)
        for i, ch in enumerate(run)
    )


def restore_run(run: str) -> str:
    """The likeliest reading of one Thai run under Tesseract's damage."""
    if not _may_have_lost_a_mark(run):
        return run
    root, _ = _lexicon()
    confusable, substitution_cost = _confusions()
    n = len(run)
    best: list[tuple[float, int, str] | None] = [None] * (n + 1)  # cost, back pointer, word
    best[0] = (0.0, -1, "")
    for i in range(n):
        if best[i] is None:
            continue
        base = best[i][0]
        # (trie node, observed position, cost of the edits made, word so far)
        frontier = [(root, i, 0.0, "")]
        while frontier:
            node, j, edits, word = frontier.pop()
            if node.logp is not None and word and j > i:
                cost = base - node.logp + edits
                if best[j] is None or cost < best[j][0]:
                    best[j] = (cost, i, word)
            if len(word) >= MAX_WORD:
                continue
            if j < n and run[j] in node.children:
                frontier.append((node.children[run[j]], j + 1, edits, word + run[j]))
            # a letter OCR took for a similar one (ห for ท)
            if j < n and edits == 0:
                for other in confusable.get(run[j], ""):
                    if other in node.children:
                        frontier.append((node.children[other], j + 1, substitution_cost, word + other))
            prev = word[-1] if word else ""
            # a tone mark Tesseract dropped over an upper vowel
            if prev in UPPER_VOWELS and (j == n or run[j] not in TONES):
                for tone in TONES:
                    if tone in node.children:
                        frontier.append((node.children[tone], j, edits + EDIT_COST, word + tone))
            # ำ written as า after a tone mark
            if j < n and run[j] == SARA_AA and prev in TONES and SARA_AM in node.children:
                frontier.append((node.children[SARA_AM], j + 1, edits + EDIT_COST, word + SARA_AM))
        # a character no word covers
        cost = base + UNKNOWN_CHAR_COST
        if best[i + 1] is None or cost < best[i + 1][0]:
            best[i + 1] = (cost, i, run[i])
    words, j = [], n
    while j > 0:
        _, i, word = best[j]
        words.append(word)
        j = i
    return "".join(reversed(words))
