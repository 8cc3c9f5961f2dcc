"""Measure which Thai digits stock Tesseract reads as which, and write the
confusion table the cross-reference audit ships as data
(``pipeline/data/digit_confusions.json``).

How: random strings shaped like the digit-bearing lines of a letter (letter
numbers ``ที่ มท ๐๘๑๐.๖/ว ๑๖๘๙``, dates ``๒๖ พฤษภาคม ๒๕๖๕``, references
``ลงวันที่ ...``) are rendered one line per image, in several Thai fonts at
16 pt / 300 dpi with Pillow's Raqm layout (so marks are shaped as in a real
letter), OCR'd with the stock ``tha+eng`` model in single-line mode
(``--psm 7``), and the OCR text is aligned with the truth by edit distance.
Every truth digit then counts what Tesseract wrote in its place: a digit (by
value, Thai or Arabic alike, as the pipeline converts both), ``other`` (a
non-digit character) or ``deleted``.

A digit pair is "known confusable" when its measured rate reaches
``--threshold`` (default 0.05), the rate being the largest of: P(read b |
printed a) in either direction (misread); min(P(r | a), P(r | b)) for some
digit r (read alike: stock ``tha`` writes ๕ for both ๔ and ๘, so the two
cannot be told apart once scanned); min(P(a | t), P(b | t)) for some printed t
(same source). See ``confusable_pairs``.

Usage:
    OMP_THREAD_LIMIT=1 python scripts/measure_confusions.py [--lines 450] [--seed 5]
        [--fonts THSarabunNew,Laksaman,Garuda] [-o pipeline/data/digit_confusions.json]

One line takes about 0.2 s of one core: the default 450 lines (about 4,200
digits, 150 lines per font) take a minute or two. The shipped table was made
with the defaults.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per Tesseract call: the machine is shared

import pytesseract  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fonts import TLWG_DIR, thai_font_path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from pipeline.textutil import MONTHS, MONTHS_SHORT  # noqa: E402

DEFAULT_OUT = REPO / "pipeline" / "data" / "digit_confusions.json"

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
DIGIT_VALUE = {c: str(i) for i, c in enumerate(THAI_DIGITS)} | {str(i): str(i) for i in range(10)}
PREFIXES = ["มท", "ศธ", "กค", "นร", "สธ", "พย", "ชม", "อว", "รง", "คค"]
POINT_SIZE = 16  # the size of body text in a Thai government letter
DPI = 300


def thai(digits: str) -> str:
    return "".join(THAI_DIGITS[int(d)] if d.isdigit() else d for d in digits)


def random_digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def letter_number(rng: random.Random) -> str:
    unit = "0" + random_digits(rng, 3) + "." + random_digits(rng, 1)
    circular = "ว " if rng.random() < 0.6 else ""
    return f"ที่ {rng.choice(PREFIXES)} {thai(unit)}/{circular}{thai(random_digits(rng, rng.choice([3, 4, 4])))}"


def thai_date(rng: random.Random) -> str:
    day = str(rng.randint(1, 31))
    year = str(rng.randint(2540, 2569))
    if rng.random() < 0.5:
        return f"{thai(day)} {rng.choice(MONTHS)} {thai(year)}"
    return f"{thai(day)} {rng.choice(MONTHS_SHORT)} {thai(year)}"


def sample_line(rng: random.Random) -> str:
    """One line as a letter prints it: a number, a date, or a citation of both."""
    kind = rng.random()
    if kind < 0.45:
        return letter_number(rng)
    if kind < 0.7:
        return thai_date(rng)
    return f"{letter_number(rng)} ลงวันที่ {thai_date(rng)}"


def font_paths(names: list[str]) -> dict[str, Path]:
    out = {}
    for name in names:
        if name == "THSarabunNew":
            out[name] = thai_font_path()  # falls back to Laksaman (with a warning) when unavailable
        else:
            out[name] = TLWG_DIR / f"{name}.ttf"
    return out


def render(text: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    left, top, right, bottom = font.getbbox(text)
    margin = 40
    image = Image.new("L", (right - left + 2 * margin, bottom - top + 2 * margin), 255)
    ImageDraw.Draw(image).text((margin - left, margin - top), text, font=font, fill=0)
    return image


def align(truth: str, ocr: str) -> list[tuple[str, str | None]]:
    """Pairs (truth char, OCR char or None when deleted) along a minimal edit path."""
    n, m = len(truth), len(ocr)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = _same(truth[i - 1], ocr[j - 1])
            cost[i][j] = min(cost[i - 1][j - 1] + (0 if same else 1), cost[i - 1][j] + 1, cost[i][j - 1] + 1)
    pairs = []
    i, j = n, m
    while i > 0:
        if j > 0 and cost[i][j] == cost[i - 1][j - 1] + (0 if _same(truth[i - 1], ocr[j - 1]) else 1):
            pairs.append((truth[i - 1], ocr[j - 1]))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((truth[i - 1], None))
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _same(a: str, b: str) -> bool:
    return a == b or (a in DIGIT_VALUE and DIGIT_VALUE[a] == DIGIT_VALUE.get(b))


def reading(ch: str | None) -> str:
    if ch is None:
        return "deleted"
    return DIGIT_VALUE.get(ch, "other")


def confusable_pairs(prob: dict[str, dict[str, float]], counts: dict[str, Counter], threshold: float) -> list[dict]:
    """Pairs of distinct digits a < b whose OCR readings can disagree, with the
    evidence. Three ways two scans of one letter can show a and b:
      misread      printed a read as b (or b as a): one of the two is right;
      read_alike   printed a and printed b both read as one digit r, so OCR
                   cannot tell them apart and any later correction may pick
                   the wrong one (stock ``tha`` reads both ๔ and ๘ as ๕);
      same_source  one printed digit t read as a in one scan, b in another.
    The pair's rate is the largest of the three."""
    digits = [str(d) for d in range(10)]
    pairs = []
    for a in digits:
        for b in digits:
            if a >= b:
                continue
            evidence = {
                "misread": (max(prob[a].get(b, 0.0), prob[b].get(a, 0.0)), None),
                "read_alike": max((min(prob[a].get(r, 0.0), prob[b].get(r, 0.0)), r) for r in digits),
                "same_source": max((min(prob[t].get(a, 0.0), prob[t].get(b, 0.0)), t) for t in digits),
            }
            relation, (rate, via) = max(evidence.items(), key=lambda item: item[1][0])
            if rate >= threshold:
                pairs.append({
                    "pair": [a, b],
                    "rate": round(rate, 3),
                    "relation": relation,
                    "via": via,
                    f"read_{b}_for_{a}": round(prob[a].get(b, 0.0), 3),
                    f"read_{a}_for_{b}": round(prob[b].get(a, 0.0), 3),
                    "samples": {a: sum(counts[a].values()), b: sum(counts[b].values())},
                })
    return sorted(pairs, key=lambda p: (-p["rate"], p["pair"]))


def measure(lines: int, seed: int, fonts: dict[str, Path]) -> tuple[dict[str, Counter], dict[str, dict[str, Counter]], list[dict]]:
    rng = random.Random(seed)
    counts: dict[str, Counter] = {str(d): Counter() for d in range(10)}
    per_font: dict[str, dict[str, Counter]] = {name: {str(d): Counter() for d in range(10)} for name in fonts}
    examples = []
    loaded = {name: ImageFont.truetype(str(path), size=round(POINT_SIZE * DPI / 72), layout_engine=ImageFont.Layout.RAQM)
              for name, path in fonts.items()}
    started = time.monotonic()
    for n in range(lines):
        name = list(fonts)[n % len(fonts)]
        truth = sample_line(rng)
        ocr = pytesseract.image_to_string(render(truth, loaded[name]), lang="tha+eng", config="--psm 7").strip()
        wrong = False
        for t, o in align(truth.replace(" ", ""), ocr.replace(" ", "")):
            if t in THAI_DIGITS:
                got = reading(o)
                counts[DIGIT_VALUE[t]][got] += 1
                per_font[name][DIGIT_VALUE[t]][got] += 1
                wrong |= got != DIGIT_VALUE[t]
        if wrong and len(examples) < 12:
            examples.append({"font": name, "truth": truth, "ocr": ocr})
        if (n + 1) % 50 == 0:
            print(f"{n + 1}/{lines} lines, {time.monotonic() - started:.0f} s", file=sys.stderr)
    return counts, per_font, examples


def probabilities(counts: dict[str, Counter]) -> dict[str, dict[str, float]]:
    return {t: {r: round(c / total, 4) for r, c in row.most_common()} if (total := sum(row.values())) else {}
            for t, row in counts.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=450)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--fonts", default="THSarabunNew,Laksaman,Garuda")
    parser.add_argument("--threshold", type=float, default=0.05)
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    fonts = font_paths(args.fonts.split(","))
    started = time.monotonic()
    counts, per_font, examples = measure(args.lines, args.seed, fonts)
    prob = probabilities(counts)
    version = pytesseract.get_tesseract_version()
    table = {
        "_about": (
            "Which digit stock Tesseract writes for each printed Thai digit, measured by "
            "scripts/measure_confusions.py (rendered lines, OCR, edit-distance alignment). "
            "Used by pipeline/audit to tell whether two letter numbers differ only where OCR is known to err, and by the digit stage (pipeline/ocr/digit_runs.py) to weigh its readings by what Tesseract wrote. "
            "counts[printed][read] and probabilities[printed][read]; 'other' = a non-digit character, "
            "'deleted' = nothing. A pair is known_confusable when its rate reaches threshold: the largest of the "
            "misread rate (either direction), the read-alike rate (both printed digits read as one digit r) and "
            "the same-source rate (one printed digit read as either)."
        ),
        "measured": {
            "date": dt.date.today().isoformat(),
            "tesseract": str(version),
            "lang": "tha+eng",
            "config": "--psm 7",
            "lines": args.lines,
            "seed": args.seed,
            "point_size": POINT_SIZE,
            "dpi": DPI,
            "fonts": {name: path.name for name, path in fonts.items()},
            "digits_counted": sum(sum(row.values()) for row in counts.values()),
            "seconds": round(time.monotonic() - started, 1),
        },
        "threshold": args.threshold,
        "known_confusable": confusable_pairs(prob, counts, args.threshold),
        "probabilities": prob,
        "counts": {t: dict(row.most_common()) for t, row in counts.items()},
        "counts_by_font": {name: {t: dict(row.most_common()) for t, row in rows.items()} for name, rows in per_font.items()},
        "examples": examples,
    }
    args.output.write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {table['measured']['digits_counted']} digits, "
          f"{len(table['known_confusable'])} confusable pairs, {table['measured']['seconds']} s", file=sys.stderr)
    for pair in table["known_confusable"]:
        print(f"  {pair['pair'][0]}/{pair['pair'][1]}  rate {pair['rate']:.2f}  {pair['relation']}"
              f"{' via ' + pair['via'] if pair['via'] else ''}  samples {pair['samples']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
