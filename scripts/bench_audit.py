"""Benchmark of ``circulars audit``'s matching: synthetic records in memory,
audited with ``pipeline.audit.audit_documents``; prints time and throughput.

The corpus (deterministic for a seed): letters with realistic numbers (two-
letter ministry or province codes, unit codes such as 0207.5, 04045, 0603.09
or 0501.1.13, circular or not, running numbers of 1 to 5 digits, about 1 % with
none) and dates over nine Buddhist years; 0.1 % of the letters re-use an
earlier letter's number on another date (duplicate numbers). References, spread over the letters:

    70 %  exact citations of a letter in the corpus
    15 %  near misses of one: a digit changed (half of them to a digit OCR
          confuses), a digit dropped, the ว dropped, a date one day off, or
          unit code and running number each one digit off on the same day
    15 %  citations of letters outside the corpus (random numbers)

Usage:  python scripts/bench_audit.py [--letters 100000] [--references 300000] [--seed 1]
        [--check 200]   (also compares that many references with an all-pairs scan:
                         about 0.4 s each with 100,000 letters)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.audit import compare  # noqa: E402
from pipeline.audit.confusions import confusion_rates  # noqa: E402
from pipeline.audit.corpus import CorpusDocument  # noqa: E402
from pipeline.audit.index import LetterIndex  # noqa: E402
from pipeline.audit.linking import audit_documents, nearest  # noqa: E402
from pipeline.audit.numbers import CitedNumber  # noqa: E402
from pipeline.models import LetterNumber, Record, Reference, Source, ThaiDate  # noqa: E402

PREFIXES = ["มท", "ศธ", "กค", "นร", "สธ", "พย", "ชม", "อว", "รง", "คค", "กษ", "ทส", "พณ", "ยธ", "วธ", "กต",
            "ชร", "ลป", "ลพ", "นน", "พร", "อต", "ตก", "สท", "พล", "พจ", "กพ", "นว", "อท", "ชน"]


def unit_code(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.6:
        return f"0{rng.randint(100, 999)}.{rng.randint(1, 9)}"  # 0207.5
    if shape < 0.8:
        return f"0{rng.randint(1000, 9999)}"  # 04045
    if shape < 0.95:
        return f"0{rng.randint(100, 999)}.{rng.randint(1, 20):02d}"  # 0603.09
    return f"0{rng.randint(100, 999)}.{rng.randint(1, 9)}.{rng.randint(1, 20)}"  # 0501.1.13


def thai_date(day: dt.date) -> ThaiDate:
    return ThaiDate(raw=f"{day.day} {day.month} {day.year + 543}", iso=day.isoformat(), buddhist_year=day.year + 543)


def letter_number(prefix: str, unit: str, circular: bool, sequence: str | None) -> LetterNumber:
    tail = " ".join(p for p in ("ว" if circular else None, sequence) if p)
    return LetterNumber(raw="ที่ " + f"{prefix} {unit}/{tail}", normalised=f"{prefix} {unit}/{tail}",
                        prefix=prefix, unit_code=unit, circular=circular, sequence=sequence)


def make_letters(rng: random.Random, n: int, reuse: float = 0.0) -> list[tuple[LetterNumber, ThaiDate]]:
    """N letters with distinct numbers, except a share REUSE that repeat an earlier number on another date."""
    offices = [(rng.choice(PREFIXES), unit_code(rng)) for _ in range(max(1, n // 60))]
    first = dt.date(2017, 1, 1)
    letters, used = [], set()
    while len(letters) < n:
        day = first + dt.timedelta(rng.randrange(9 * 365))
        if letters and rng.random() < reuse:
            number = rng.choice(letters)[0]
            if number.sequence is not None:
                letters.append((number, thai_date(day)))
            continue
        prefix, unit = rng.choice(offices)
        circular = rng.random() < 0.5
        sequence = None if rng.random() < 0.01 else str(rng.randint(1, rng.choice([99, 999, 9999, 9999, 99999])))
        key = (prefix, unit, circular, sequence)
        if key in used and sequence is not None:
            continue
        used.add(key)
        letters.append((letter_number(prefix, unit, circular, sequence), thai_date(day)))
    return letters


def change_digit(rng: random.Random, text: str, confusable: bool) -> str:
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    i = rng.choice(positions)
    pairs = [b for (a, b) in confusion_rates() if a == text[i]]
    if confusable and pairs:
        new = rng.choice(pairs)
    else:
        new = rng.choice([d for d in "0123456789" if d != text[i]])
    return text[:i] + new + text[i + 1:]


def near_miss(rng: random.Random, number: LetterNumber, date: ThaiDate) -> tuple[LetterNumber, ThaiDate]:
    unit, seq, circular, day = number.unit_code, number.sequence, number.circular, dt.date.fromisoformat(date.iso)
    kind = rng.random()
    if kind < 0.5 or seq is None:
        if seq is not None and rng.random() < 0.5:
            seq = change_digit(rng, seq, confusable=rng.random() < 0.5)
        else:
            unit = change_digit(rng, unit, confusable=rng.random() < 0.5)
    elif kind < 0.6 and len(seq) > 1:
        i = rng.randrange(len(seq))
        seq = seq[:i] + seq[i + 1:]
    elif kind < 0.7:
        circular = not circular
    elif kind < 0.85:
        day = day + dt.timedelta(days=1)
    else:
        unit, seq = change_digit(rng, unit, True), change_digit(rng, seq, True)
    return letter_number(number.prefix, unit, circular, seq), thai_date(day)


def make_corpus(letters: int, references: int, seed: int) -> tuple[list[CorpusDocument], dict[int, str]]:
    """The documents, and what each reference was made as (by id of the Reference):
    "exact", "near" or "outside"."""
    rng = random.Random(seed)
    made_as: dict[int, str] = {}
    heads = make_letters(rng, letters, reuse=0.001)
    cited_by: list[list[Reference]] = [[] for _ in heads]
    outside = make_letters(random.Random(seed + 1), max(1, references // 6))
    for _ in range(references):
        kind = rng.random()
        number, date = heads[rng.randrange(len(heads))]
        if kind < 0.7:
            made = "exact"
        elif kind < 0.85:
            made, (number, date) = "near", near_miss(rng, number, date)
        else:
            made, (number, date) = "outside", rng.choice(outside)
        reference = Reference(raw=f"ที่ {number.normalised} ลงวันที่ {date.raw}", letter_number=number, date=date)
        made_as[id(reference)] = made
        cited_by[rng.randrange(len(heads))].append(reference)
    documents = []
    for i, ((number, date), refs) in enumerate(zip(heads, cited_by)):
        source = Source(path=f"bench/{i // 100:04d}.txt", sha256=f"{i // 100:064x}", pages=[i % 100 + 1])
        record = Record(source=source, doc_type="external_letter", letter_number=number, date=date, references=refs, text="")
        documents.append(CorpusDocument(record, i % 100 + 1))
    return documents, made_as


def all_pairs_nearest(cited: CitedNumber, letters: list[CitedNumber]) -> float | None:
    best = None
    for letter in letters:
        d = compare.distance(cited, letter)
        if d is not None and (best is None or d < best):
            best = d
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--references", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", type=int, default=0, help="references to re-check against an all-pairs scan")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    documents, made_as = make_corpus(args.letters, args.references, args.seed)
    generated = time.perf_counter() - started
    print(f"generated {args.letters:,} records and {args.references:,} references in {generated:.1f} s")

    started, cpu = time.perf_counter(), time.process_time()
    report = audit_documents(documents)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    s = report.summary
    print(f"audit: {elapsed:.1f} s wall ({cpu:.1f} s CPU), {s.references / elapsed:,.0f} references/s "
          f"({s.letters:,} letters indexed, {s.references:,} references linked)")
    print(f"  {s.match:,} match, {s.match_with_differences:,} match with differences, {s.unresolved:,} unresolved, "
          f"{s.duplicate_number:,} duplicate numbers, {s.self_references_skipped:,} self-references skipped")
    outcome = Counter((made_as[id(f.reference)], f.kind) for f in report.findings if f.reference is not None)
    for made in ("exact", "near", "outside"):
        kinds = ", ".join(f"{n:,} {kind}" for (m, kind), n in sorted(outcome.items()) if m == made)
        print(f"  references made {made}: {kinds}")

    if args.check:
        letters = [CitedNumber.of(d.record.letter_number, d.record.date) for d in documents]
        index = LetterIndex(letters)
        sample = random.Random(args.seed).sample([r for d in documents for r in d.record.references], args.check)
        disagree = 0
        for ref in sample:
            cited = CitedNumber.of(ref.letter_number, ref.date)
            found = nearest(cited, index)
            disagree += (found[0] if found else None) != all_pairs_nearest(cited, letters)
        print(f"all-pairs check: {len(sample):,} references, {disagree} where the index finds another distance")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
