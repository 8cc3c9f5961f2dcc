#!/usr/bin/env python3
"""Benchmark of the digit stage (pipeline/ocr/digits.py, then codes.py) against Tesseract alone.

    python scripts/bench_digits.py                      # default: 4 fonts x 3 profiles
    python scripts/bench_digits.py --pages 2 --fonts THSarabunNew --profiles office
    python scripts/bench_digits.py --show-errors        # also list every wrong field
    python scripts/bench_digits.py --ocr-cache /tmp/ocr # keep/replay Tesseract's pages (quick
                                                        # iterations; its timings are then the replay's)

Renders letter-like A4 pages (300 dpi; the fax profile at 200 dpi) holding
random letter numbers, dates, quantities and phone numbers -- in Thai
numerals, and for a fifth of the pages in Arabic numerals -- in several
fonts, degrades them with three scan profiles (``clean``; ``office``:
rotation up to 1 degree, Gaussian blur about 0.8 px, noise, JPEG quality
60-80; ``fax``: 200 dpi, binarised, speckle), reads each page with the
pipeline's Tesseract engine with the image stages off, times the image
stages that bear on the fields, in read_pages' order (lines of marks
dropped, mark_lines.py; the digits, digits.py; the letter codes, codes.py;
month names, months.py; not the tone marks, marks.py) on the same page,
and compares the fields both ways.

Per font and profile it prints: fields, digit accuracy (1 - edit distance /
digits, over all fields), letter numbers exact (unit code and running
number, with their . / structure; ``ln full``: ``letter_number.normalised``
as the pipeline makes it from the field's text: normalise, then its
letter-number patterns), dates exact (``date.iso`` as the pipeline makes it
from the field's text: normalise, then its date pattern),
Arabic-numeral fields exact, Tesseract seconds per page and the digit
stage's seconds per page; per profile, the Arabic-numeral fields Tesseract
alone read right that the image stages made wrong, the stages' share of
Tesseract's time, and how many fields were not scored because a long line
ran them past the page's edge (TH Garuda is wide: a date at a line's end
loses its last digits off the page). THNiramitAS is the held-out font (never trained
on). The seeds differ from the training seeds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
import pipeline  # noqa: E402,F401  (first: one BLAS thread, as in the pipeline's processes)

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import train_digits as synth  # noqa: E402  (fonts, random fields, degradation)

from pipeline.ocr.codes import reread_codes  # noqa: E402
from pipeline.ocr.images import gray_pixels  # noqa: E402
from pipeline.ocr.months import reread_months  # noqa: E402
from pipeline.ocr.page_text import word_offsets  # noqa: E402
from pipeline.ocr.digits import MODEL_PATH, REFEREE_PATH, load_model, reread_digits  # noqa: E402
from pipeline.ocr.mark_lines import drop_mark_lines  # noqa: E402
from pipeline.extract.dates import DATE, parse_date  # noqa: E402
from pipeline.extract.numbers import DAMAGED_HEAD_NUMBER, LETTER_NUMBER, parse_letter_number  # noqa: E402
from pipeline.normalise import normalise  # noqa: E402
from pipeline.textutil import edit_distance, to_arabic_digits  # noqa: E402

FONTS = ["THSarabunNew", "THSarabun", "tlwg:Garuda", "THNiramitAS"]
PAGE_W_CM, PAGE_H_CM = 21.0, 29.7
SEED = 777_000  # training uses 20250704
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def filler(rng: np.random.Generator, words: list[str], n: int) -> str:
    return " ".join(words[i] for i in rng.integers(0, len(words), n))


def page_spec(rng: np.random.Generator, words: list[str], arabic: bool) -> list[list[tuple]]:
    """Lines of (text, x_cm or None, field) where field is (kind, truth) or None."""
    conv = (lambda s: s) if arabic else synth.to_thai
    lines: list[list[tuple]] = []

    def ln():
        printed, normalised = synth.letter_number(rng)
        return conv(printed), ("letter_number", normalised)

    def date():
        printed, iso = synth.thai_date(rng)
        return conv(printed), ("date", iso)

    def num(kind, text):  # a segment that continues the line
        return conv(text), None, (kind, text)

    for _ in range(2):
        text, field = ln()
        lines.append([(text, 3.0, field)])
        text, field = date()
        lines.append([(text, 10.0, field)])
        lines.append([(filler(rng, words, 6), 3.0, None)])
        a, fa = ln()
        b, fb = date()
        lines.append([(a, 3.0, fa), ("วันที่ " + b, 10.0, fb)])
        lines.append([(filler(rng, words, 7), 3.0, None)])
        a, fa = ln()
        b, fb = date()
        lines.append([("ตามหนังสือ" + words[rng.integers(len(words))] + " ", 3.0, None), (a, None, fa),
                      (" ลงวันที่ ", None, None), (b, None, fb)])
        q = synth.quantity(rng)
        lines.append([("สิ่งที่ส่งมาด้วย " + filler(rng, words, 2) + " จำนวน ", 3.0, None), num("quantity", q)])
        lines.append([("โทร. ", 3.0, None), num("phone", synth.phone(rng)),
                      ("โทรสาร ", 11.0, None), num("phone", synth.phone(rng))])
        lines.append([(filler(rng, words, 3) + " ", 3.0, None), num("quantity", synth.quantity(rng)),
                      (" " + filler(rng, words, 2), None, None)])
        lines.append([(filler(rng, words, 6), 3.0, None)])
    return lines


def render_page(spec, font_file: Path, dpi: int):
    w, h = round(PAGE_W_CM / 2.54 * dpi), round(PAGE_H_CM / 2.54 * dpi)
    px = round(16 * dpi / 72)
    font = ImageFont.truetype(str(font_file), px, layout_engine=ImageFont.Layout.RAQM)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    fields = []
    y = 4.0 / 2.54 * dpi
    pitch = 1.5 * px
    for line in spec:
        x = 0.0
        for text, x_cm, field in line:
            if x_cm is not None:
                x = x_cm / 2.54 * dpi
            draw.text((x, y), text, font=font, fill=20, anchor="ls")
            width = font.getlength(text)
            if field is not None:
                fields.append({"kind": field[0], "truth": field[1], "printed": text,
                               "box": (x, y - px * 0.6, x + width, y), "px": px})
            x += width
        y += pitch
    return img, fields


def on_page(field, angle: float, size) -> bool:
    """Whether the whole field, its marks above and below included, stands on
    the (rotated) page. A long line in a wide font (TH Garuda) runs past the
    page's right edge, and a date at its end loses its last digits: no reader
    could read them, so such a field is not scored."""
    x0, y0, x1, y1 = field["box"]
    px = field["px"]
    corners = [(x, y) for x in (x0, x1) for y in (y1 - 0.9 * px, y1 + 0.35 * px)]
    for x, y in corners:
        rx, ry = synth.rotate_point(x, y, angle, size)
        if not (0 <= rx < size[0] - 1 and 0 <= ry < size[1] - 1):
            return False
    return True


def field_text(page, field, angle: float, size) -> str:
    """The page text under the OCR words inside the field's (rotated) box:
    from the first such word to the last, with the page's own spacing. Words
    between two inside the box that stand over the field's columns but
    reach out of its rows (a consonant whose box Tesseract stretched over
    the marks above it) are part of it; where other words come between (a
    line Tesseract made of the marks above the field, running on to the far
    side of the page), a space stands for them."""
    x0, y0, x1, y1 = field["box"]
    px = field["px"]
    cx, cy = synth.rotate_point((x0 + x1) / 2, (y0 + y1) / 2, angle, size)
    half = (x1 - x0) / 2
    offsets = word_offsets(page)
    spans = []  # (start, end, inside the box, over its columns) of every word with a known offset
    for word, offset in zip(page.words, offsets):
        if offset is None:
            continue
        wx = word.left + word.width / 2
        wy = word.top + word.height / 2
        over = cx - half - 0.15 * px <= wx <= cx + half + 0.15 * px
        near = cx - half - 0.45 * px <= wx < cx - half - 0.15 * px  # just left of the box
        spans.append((offset, offset + len(word.text), over and abs(wy - cy) <= 0.55 * px,
                      over and abs(wy - cy) <= 1.2 * px, near and abs(wy - cy) <= 0.55 * px))
    spans.sort()
    chosen = [i for i, span in enumerate(spans) if span[2]]
    if not chosen:
        return ""
    # a word just left of the box and glued to the first one in the page text
    # is its start: Tesseract's box of the ท of a leading ที่ can be one pixel
    # wide, left of the glyph it names
    first = chosen[0]
    if first > 0 and spans[first - 1][4] and spans[first - 1][1] == spans[first][0]:
        chosen.insert(0, first - 1)
    pieces = [page.text[spans[chosen[0]][0]:spans[chosen[0]][1]]]
    for a, b in zip(chosen, chosen[1:]):
        joined = all(spans[i][3] for i in range(a + 1, b))
        between = page.text[spans[a][1]:spans[b][0]] if joined else " "
        pieces.append(between + page.text[spans[b][0]:spans[b][1]])
    return "".join(pieces)


def digit_groups(text: str) -> list[str]:
    return re.findall(r"[0-9]+", text.translate(_TO_ARABIC))


def read_field(kind: str, text: str):
    """What the pipeline would make of the field text: normalised letter number, ISO date, or digits."""
    arabic = " ".join(text.translate(_TO_ARABIC).split())
    if kind == "letter_number":
        # the pipeline's own: normalise, then the letter-number pattern (or,
        # as in a letter's head, the one read through OCR damage)
        normalised = normalise(text).text
        m = LETTER_NUMBER.search(normalised) or DAMAGED_HEAD_NUMBER.match(normalised)
        return parse_letter_number(m, m.group()).normalised if m else None
    if kind == "date":
        # the pipeline's own too: normalise, then its date pattern
        m = DATE.search(to_arabic_digits(normalise(text).text))
        parsed = parse_date(m, m.group()) if m else None
        return parsed.iso if parsed else None
    return " ".join(digit_groups(arabic))


class Tally:
    def __init__(self):
        self.fields = self.digits = self.digit_errors = 0
        self.ln = self.ln_ok = self.ln_full_ok = self.dates = self.dates_ok = 0
        self.arabic = self.arabic_ok = 0
        self.arabic_lost = 0  # Arabic-numeral fields Tesseract alone read right and the stages made wrong
        self.off_page = 0  # fields printed (partly) past the page's edge: not scored (see on_page)
        self.pages = 0
        self.seconds = 0.0

    def add(self, field, text) -> bool:
        truth_digits = "".join(digit_groups(field["printed"]))
        got = digit_groups(text)
        self.fields += 1
        self.digits += len(truth_digits)
        self.digit_errors += min(len(truth_digits), edit_distance(truth_digits, "".join(got)))
        exact = got == digit_groups(field["printed"])
        if field["kind"] == "letter_number":
            self.ln += 1
            self.ln_ok += exact
            self.ln_full_ok += read_field("letter_number", text) == field["truth"]
        if field["kind"] == "date":
            self.dates += 1
            self.dates_ok += read_field("date", text) == field["truth"]
            exact = read_field("date", text) == field["truth"]
        if field["arabic"]:
            self.arabic += 1
            self.arabic_ok += exact
        return exact


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.2f}" if b else "     -"


def _recognise(engine, scan: Image.Image, dpi: int, cache: Path | None):
    """Tesseract's page for SCAN, from CACHE (keyed by the image's bytes) when it is there."""
    if cache is None:
        return engine.recognise(scan, page=1, dpi=dpi)
    from pipeline.models import OcrPage

    key = hashlib.sha256(scan.tobytes() + f"{scan.size}{dpi}{engine.label}".encode()).hexdigest()[:24]
    path = cache / f"{key}.json"
    if path.is_file():
        return OcrPage.model_validate_json(path.read_text(encoding="utf-8"))
    page = engine.recognise(scan, page=1, dpi=dpi)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(page.model_dump_json(), encoding="utf-8")
    return page


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fonts", nargs="*", default=FONTS)
    ap.add_argument("--profiles", nargs="*", default=list(synth.SCAN_PROFILES))
    ap.add_argument("--pages", type=int, default=4, help="Thai-numeral pages per font and profile (default 4)")
    ap.add_argument("--arabic-pages", type=int, default=1, help="Arabic-numeral pages per font and profile")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--model", type=Path, help="digit model to use (default: the shipped one)")
    ap.add_argument("--referee", type=Path, default=REFEREE_PATH,
                    help="referee of the model's lookalike pairs (default: the shipped one)")
    ap.add_argument("--no-referee", action="store_true", help="the model's readings alone")
    ap.add_argument("--ocr-cache", type=Path,
                    help="keep Tesseract's pages in this folder and replay them on later runs (for quick "
                         "iterations on the digit stage; the Tesseract times printed are then the replay's)")
    args = ap.parse_args(argv)

    from pipeline.ocr.tesseract import TesseractEngine

    engine = TesseractEngine()
    model = load_model(args.model or MODEL_PATH, None if args.no_referee else args.referee)
    words = synth.thai_words()
    tallies: dict[tuple[str, str, str], Tally] = defaultdict(Tally)
    for position, font_name in enumerate(args.fonts):
        # the seeds follow the font's and profile's place in the default lists,
        # so a run on some of them renders the same pages as the full run
        f_index = FONTS.index(font_name) if font_name in FONTS else len(FONTS) + position
        font_file = synth.font_path(font_name)
        if font_file is None:
            continue
        for profile in args.profiles:
            p_index = list(synth.SCAN_PROFILES).index(profile)
            dpi = 200 if profile == "fax" else 300
            for page_no in range(args.pages + args.arabic_pages):
                arabic = page_no >= args.pages
                rng = np.random.default_rng([args.seed, f_index, p_index, page_no])
                spec = page_spec(rng, words, arabic)
                clean, fields = render_page(spec, font_file, dpi)
                scan, angle = synth.degrade(clean, profile, rng)
                t0 = time.perf_counter()
                page = _recognise(engine, scan, dpi, args.ocr_cache)
                t1 = time.perf_counter()
                # as read_pages runs them (but marks.py): the page's grey array made once and shared
                pixels = gray_pixels(scan)
                fixed = reread_digits(drop_mark_lines(page), scan, model=model, pixels=pixels)
                fixed = reread_months(reread_codes(fixed, scan, pixels=pixels), scan, pixels=pixels)
                t2 = time.perf_counter()
                tesseract_right = [False] * len(fields)
                visible = [on_page(field, angle, scan.size) for field in fields]
                for system, ocr_page, seconds in (("tesseract", page, t1 - t0), ("+digits", fixed, t2 - t1)):
                    tally = tallies[(font_name, profile, system)]
                    tally.pages += 1
                    tally.seconds += seconds
                    tally.off_page += visible.count(False)
                    for number, field in enumerate(fields):
                        if not visible[number]:
                            continue
                        field["arabic"] = arabic
                        text = field_text(ocr_page, field, angle, scan.size)
                        ok = tally.add(field, text)
                        if system == "tesseract":
                            tesseract_right[number] = ok
                        elif arabic and tesseract_right[number] and not ok:
                            tally.arabic_lost += 1
                        if args.show_errors and system == "+digits" and not ok:
                            lost = " (Tesseract alone read it right)" if tesseract_right[number] else ""
                            print(f"  {font_name} {profile} p{page_no} {field['kind']}: "
                                  f"{field['printed']!r} read {text!r}{lost}", flush=True)
                        elif (args.show_errors and system == "+digits" and field["kind"] == "letter_number"
                              and read_field("letter_number", text) != field["truth"]):
                            print(f"  {font_name} {profile} p{page_no} ln full: {field['truth']!r} "
                                  f"made {read_field('letter_number', text)!r} from {text!r}", flush=True)
                print(f"{font_name} {profile} page {page_no + 1}: tesseract {t1 - t0:.2f} s, "
                      f"digit stage {t2 - t1:.2f} s", file=sys.stderr, flush=True)

    header = (f"{'font':14} {'profile':7} {'system':9} {'fields':>6} {'digit%':>7} {'ln%':>7} "
              f"{'ln full%':>8} {'date%':>7} {'arabic%':>7} {'s/page':>7}")
    print(header)
    print("-" * len(header))
    totals: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for (font_name, profile, system), t in sorted(tallies.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != "tesseract")):
        print(f"{font_name[-14:]:14} {profile:7} {system:9} {t.fields:6d} {pct(t.fields * 0 + t.digits - t.digit_errors, t.digits):>7} "
              f"{pct(t.ln_ok, t.ln):>7} {pct(t.ln_full_ok, t.ln):>8} {pct(t.dates_ok, t.dates):>7} "
              f"{pct(t.arabic_ok, t.arabic):>7} {t.seconds / max(t.pages, 1):7.3f}")
        total = totals[(profile, system)]
        for attr in ("fields", "digits", "digit_errors", "ln", "ln_ok", "ln_full_ok", "dates", "dates_ok",
                     "arabic", "arabic_ok", "arabic_lost", "off_page", "pages"):
            setattr(total, attr, getattr(total, attr) + getattr(t, attr))
        total.seconds += t.seconds
    print("-" * len(header))
    for (profile, system), t in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1] != "tesseract")):
        print(f"{'ALL':14} {profile:7} {system:9} {t.fields:6d} {pct(t.digits - t.digit_errors, t.digits):>7} "
              f"{pct(t.ln_ok, t.ln):>7} {pct(t.ln_full_ok, t.ln):>8} {pct(t.dates_ok, t.dates):>7} "
              f"{pct(t.arabic_ok, t.arabic):>7} {t.seconds / max(t.pages, 1):7.3f}")
    for profile in sorted({p for p, _ in totals}):
        ocr, stages = totals[(profile, "tesseract")], totals[(profile, "+digits")]
        if stages.off_page:
            print(f"{profile}: fields printed past the page's edge, not scored: {stages.off_page}")
        if stages.arabic:
            print(f"{profile}: Arabic-numeral fields Tesseract alone read right that the image stages made wrong: "
                  f"{stages.arabic_lost} of {ocr.arabic_ok} ({stages.arabic_ok - ocr.arabic_ok:+d} fields right in all)")
        if ocr.seconds:
            print(f"{profile}: the image stages take {100 * stages.seconds / ocr.seconds:.1f} % of Tesseract's time "
                  f"({stages.seconds / max(stages.pages, 1):.3f} s against {ocr.seconds / max(ocr.pages, 1):.3f} s a page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
